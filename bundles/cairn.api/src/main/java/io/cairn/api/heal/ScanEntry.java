/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.util.Objects;

/**
 * One object name found on any drive of a set by {@link DriveInventory#scan}.
 *
 * @param key the object key
 * @param size the largest size any drive records for it, in bytes
 */
public record ScanEntry(String key, long size) {

    /**
     * Validates the components.
     *
     * @param key the key
     * @param size the size
     */
    public ScanEntry {
        Objects.requireNonNull(key, "key");
    }
}
