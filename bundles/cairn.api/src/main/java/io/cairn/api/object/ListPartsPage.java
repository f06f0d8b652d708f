/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.List;

/**
 * One page of ListParts.
 *
 * @param upload the upload
 * @param parts the parts in ascending order
 * @param nextPartNumberMarker the marker for the next page (the last part number of this page), 0 when empty
 * @param truncated whether more parts follow
 */
public record ListPartsPage(MultipartUpload upload, List<PartInfo> parts, int nextPartNumberMarker,
        boolean truncated) {

    /**
     * Copies the components.
     *
     * @param upload the upload
     * @param parts the parts
     * @param nextPartNumberMarker the next marker
     * @param truncated whether truncated
     */
    public ListPartsPage {
        parts = List.copyOf(parts);
    }
}
