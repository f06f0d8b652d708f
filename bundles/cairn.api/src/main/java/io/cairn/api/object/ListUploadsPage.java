/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.List;

/**
 * One page of ListMultipartUploads.
 *
 * @param uploads the uploads, ordered by key and then by initiation time
 * @param commonPrefixes the common prefixes (with a delimiter), sorted
 * @param truncated whether more entries follow
 * @param nextKeyMarker the key marker of the next page, empty when not truncated
 * @param nextUploadIdMarker the upload id marker of the next page, empty when not truncated
 */
public record ListUploadsPage(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated,
        String nextKeyMarker, String nextUploadIdMarker) {

    /**
     * Copies the components.
     *
     * @param uploads the uploads
     * @param commonPrefixes the prefixes
     * @param truncated whether truncated
     * @param nextKeyMarker the next key marker
     * @param nextUploadIdMarker the next upload id marker
     */
    public ListUploadsPage {
        uploads = List.copyOf(uploads);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
