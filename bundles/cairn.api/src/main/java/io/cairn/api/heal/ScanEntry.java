/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.util.List;
import java.util.Objects;

/**
 * One object name found on any drive of a set by {@link DriveInventory#scan}, or, from
 * {@link DriveInventory#scanWithOrphans}, an orphan: a key that no drive of the set holds metadata for, only what a
 * first commit or a delete of the key left when a crash interrupted it (see
 * {@link io.cairn.api.storage.Drive#walkWithOrphans}). An orphan is no object: it is not healed, and
 * {@link DriveInventory#finishCommits} on the drives it names removes what is left.
 *
 * @param key the object key
 * @param size the largest size any drive records for it, in bytes; 0 for an orphan
 * @param finishPending the positions in the set, ascending, of the drives that hold something for a finish of the
 *     object's last commit to drop (see {@link DriveInventory#finishCommits}); empty when none does
 * @param orphan whether no drive holds metadata for the key, only leftovers for {@link DriveInventory#finishCommits}
 *     to remove on the drives {@code finishPending} names
 * @since 1.4 (the {@code finishPending} component), 1.5 (the {@code orphan} component)
 */
public record ScanEntry(String key, long size, List<Integer> finishPending, boolean orphan) {

    /**
     * Validates the components.
     *
     * @param key the key
     * @param size the size
     * @param finishPending the drive positions with something to finish
     * @param orphan whether the key is an orphan
     */
    public ScanEntry {
        Objects.requireNonNull(key, "key");
        finishPending = List.copyOf(finishPending);
        if (orphan && finishPending.isEmpty()) {
            throw new IllegalArgumentException("an orphan names the drives holding its data: " + key);
        }
    }

    /**
     * Creates the entry of an object.
     *
     * @param key the key
     * @param size the size
     * @param finishPending the drive positions with something to finish
     */
    public ScanEntry(String key, long size, List<Integer> finishPending) {
        this(key, size, finishPending, false);
    }

    /**
     * Creates the entry of an object with nothing to finish.
     *
     * @param key the key
     * @param size the size
     */
    public ScanEntry(String key, long size) {
        this(key, size, List.of());
    }

    /**
     * Creates the entry of an orphan.
     *
     * @param key the key
     * @param finishPending the positions of the drives holding its data, ascending, at least one
     * @return the entry
     * @since 1.5
     */
    public static ScanEntry orphan(String key, List<Integer> finishPending) {
        return new ScanEntry(key, 0, finishPending, true);
    }
}
