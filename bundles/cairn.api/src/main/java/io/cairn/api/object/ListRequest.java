/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * A ListObjects request (V1 or V2: the S3 layer turns start-after or a continuation token into the marker).
 *
 * @param prefix only keys starting with this, may be empty
 * @param delimiter groups keys into common prefixes, may be empty
 * @param marker list entries after this key or common prefix, may be empty
 * @param maxKeys the most objects plus common prefixes to return, 0 to 1000
 */
public record ListRequest(String prefix, String delimiter, String marker, int maxKeys) {

    /** The largest page. */
    public static final int MAX_KEYS = 1000;

    /**
     * Normalises and validates the components.
     *
     * @param prefix the prefix
     * @param delimiter the delimiter
     * @param marker the marker
     * @param maxKeys the page size
     */
    public ListRequest {
        prefix = prefix == null ? "" : prefix;
        delimiter = delimiter == null ? "" : delimiter;
        marker = marker == null ? "" : marker;
        if (maxKeys < 0) {
            throw new IllegalArgumentException("negative maxKeys");
        }
        maxKeys = Math.min(maxKeys, MAX_KEYS);
    }
}
