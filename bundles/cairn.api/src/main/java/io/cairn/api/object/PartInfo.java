/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;

/**
 * An uploaded part.
 *
 * @param partNumber the part number, 1 to 10000
 * @param etag the part's ETag (hex MD5, no quotes)
 * @param size the part's size in bytes
 * @param lastModified when the part was uploaded
 */
public record PartInfo(int partNumber, String etag, long size, Instant lastModified) {
}
