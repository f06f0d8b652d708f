/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

/**
 * One entry of a sorted walk over a volume: an object with its metadata (without inline data), or, in a
 * non-recursive walk, a prefix that holds objects (its name ends with {@code /} and {@code info} is {@code null}).
 * A walk with {@link Drive#walkWithOrphans} also returns orphans: keys that hold no current metadata on the drive,
 * only what a finish of the key's commit would remove, a kept previous version or data directories ({@code info} is
 * {@code null} and {@code finishPending} is {@code true}, see {@link #isOrphan()}).
 *
 * @param name the full object key or prefix
 * @param info the object's metadata, {@code null} for a prefix or an orphan
 * @param finishPending whether the drive holds something for {@link Drive#finishCommit} of this object to drop: a
 *     previous version a commit kept, or a data directory the object's version does not use that a finish would
 *     remove now (see {@link Drive#walk}); always {@code false} for a prefix and on a drive that cannot tell,
 *     always {@code true} for an orphan
 * @since 1.7 (the {@code finishPending} component), 1.8 (orphans)
 */
public record WalkEntry(String name, FileInfo info, boolean finishPending) {

    /**
     * Creates an entry with nothing for a finish to drop.
     *
     * @param name the full object key or prefix
     * @param info the object's metadata, {@code null} for a prefix
     */
    public WalkEntry(String name, FileInfo info) {
        this(name, info, false);
    }

    /**
     * Creates the entry of an orphan: a key without current metadata on the drive, whose directory holds what
     * {@link Drive#finishCommit} of the key would remove now: data directories a first commit of the key that a
     * crash interrupted between moving its data into place and writing the metadata left, or the kept previous
     * version a delete of the key that a crash cut short left.
     *
     * @param name the object key
     * @return the entry
     * @since 1.8
     */
    public static WalkEntry orphan(String name) {
        return new WalkEntry(name, null, true);
    }

    /**
     * Tells whether this entry is a prefix.
     *
     * @return {@code true} for a prefix, {@code false} for an object or an orphan
     */
    public boolean isPrefix() {
        return info == null && !finishPending;
    }

    /**
     * Tells whether this entry is an orphan (see {@link #orphan}): no object, only data for a finish to remove.
     *
     * @return {@code true} for an orphan, {@code false} for an object or a prefix
     * @since 1.8
     */
    public boolean isOrphan() {
        return info == null && finishPending;
    }
}
