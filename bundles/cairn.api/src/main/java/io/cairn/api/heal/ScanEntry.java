/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.util.List;
import java.util.Objects;

/**
 * One object name found on any drive of a set by {@link DriveInventory#scan}.
 *
 * @param key the object key
 * @param size the largest size any drive records for it, in bytes
 * @param finishPending the positions in the set, ascending, of the drives that hold something for a finish of the
 *     object's last commit to drop (see {@link DriveInventory#finishCommits}); empty when none does
 * @since 1.4 (the {@code finishPending} component)
 */
public record ScanEntry(String key, long size, List<Integer> finishPending) {

    /**
     * Validates the components.
     *
     * @param key the key
     * @param size the size
     * @param finishPending the drive positions with something to finish
     */
    public ScanEntry {
        Objects.requireNonNull(key, "key");
        finishPending = List.copyOf(finishPending);
    }

    /**
     * Creates an entry with nothing to finish.
     *
     * @param key the key
     * @param size the size
     */
    public ScanEntry(String key, long size) {
        this(key, size, List.of());
    }
}
