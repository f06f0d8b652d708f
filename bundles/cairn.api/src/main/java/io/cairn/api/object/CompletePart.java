/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * A part named in a CompleteMultipartUpload request.
 *
 * @param partNumber the part number
 * @param etag the ETag the client received for it, with or without quotes
 */
public record CompletePart(int partNumber, String etag) {
}
