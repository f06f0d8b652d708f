/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

/**
 * One entry of a sorted walk over a volume: an object with its metadata (without inline data), or, in a
 * non-recursive walk, a prefix that holds objects (its name ends with {@code /} and {@code info} is {@code null}).
 *
 * @param name the full object key or prefix
 * @param info the object's metadata, {@code null} for a prefix
 * @param finishPending whether the drive holds something for {@link Drive#finishCommit} of this object to drop: a
 *     previous version a commit kept, or a data directory the object's version does not use that a finish would
 *     remove now (see {@link Drive#walk}); always {@code false} for a prefix and on a drive that cannot tell
 * @since 1.7 (the {@code finishPending} component)
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
     * Tells whether this entry is a prefix.
     *
     * @return {@code true} for a prefix, {@code false} for an object
     */
    public boolean isPrefix() {
        return info == null;
    }
}
