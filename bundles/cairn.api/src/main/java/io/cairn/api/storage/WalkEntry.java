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
 */
public record WalkEntry(String name, FileInfo info) {

    /**
     * Tells whether this entry is a prefix.
     *
     * @return {@code true} for a prefix, {@code false} for an object
     */
    public boolean isPrefix() {
        return info == null;
    }
}
