/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * One part of a multipart object as recorded in the object.
 *
 * @param partNumber the part number
 * @param size the part's size in bytes
 * @param etag the part's ETag (hex MD5, no quotes)
 */
public record PartSummary(int partNumber, long size, String etag) {
}
