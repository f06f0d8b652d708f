/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An object's description.
 *
 * @param bucket the bucket
 * @param key the key
 * @param size the size in bytes
 * @param etag hex MD5 of the content, or {@code <hex md5 of the part md5s>-N} for a multipart object; no quotes
 * @param lastModified the modification time (millisecond precision)
 * @param metadata content and user metadata as stored, see {@link Metadata}; never contains reserved keys
 * @param storageClass the storage class
 * @param parts the parts of a multipart object, empty for a simple object
 */
public record ObjectInfo(String bucket, String key, long size, String etag, Instant lastModified,
        Map<String, String> metadata, StorageClass storageClass, List<PartSummary> parts) {

    /**
     * Validates and copies the components.
     *
     * @param bucket the bucket
     * @param key the key
     * @param size the size
     * @param etag the etag
     * @param lastModified the modification time
     * @param metadata the metadata
     * @param storageClass the storage class
     * @param parts the parts
     */
    public ObjectInfo {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(storageClass, "storageClass");
        metadata = Map.copyOf(metadata);
        parts = List.copyOf(parts);
    }

    /**
     * Tells whether the object was assembled from a multipart upload.
     *
     * @return {@code true} for a multipart object
     */
    public boolean isMultipart() {
        return !parts.isEmpty();
    }
}
