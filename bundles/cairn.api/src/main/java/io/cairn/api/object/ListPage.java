/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.List;

/**
 * One page of ListObjects with S3's semantics: objects and common prefixes together count toward max-keys.
 *
 * @param objects the objects in key order
 * @param commonPrefixes the common prefixes in order
 * @param truncated whether more entries follow
 * @param nextMarker the last key or common prefix of this page when truncated, else empty
 */
public record ListPage(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated,
        String nextMarker) {

    /**
     * Copies the components.
     *
     * @param objects the objects
     * @param commonPrefixes the prefixes
     * @param truncated whether truncated
     * @param nextMarker the next marker
     */
    public ListPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
        nextMarker = nextMarker == null ? "" : nextMarker;
    }
}
