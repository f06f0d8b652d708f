/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.time.Instant;

/**
 * One part of an object as stored on a drive: a multipart object has one per uploaded part, a simple object exactly
 * one with number 1. Each part is a separate shard file.
 *
 * @param number the part number, 1 to 10000
 * @param size the part's size in bytes of object data
 * @param etag the part's ETag (hex MD5, no quotes)
 * @param modTime when the part was written
 */
public record PartMeta(int number, long size, String etag, Instant modTime) {
}
