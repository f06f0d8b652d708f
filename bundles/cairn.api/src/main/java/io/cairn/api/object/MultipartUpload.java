/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;
import java.util.Map;

/**
 * An upload in progress.
 *
 * @param bucket the bucket
 * @param key the key
 * @param uploadId the upload id
 * @param initiated when the upload was created
 * @param storageClass the storage class it will have
 * @param metadata the metadata given when the upload was created (see {@link Metadata}); never contains reserved
 *     keys
 */
public record MultipartUpload(String bucket, String key, String uploadId, Instant initiated,
        StorageClass storageClass, Map<String, String> metadata) {

    /**
     * Copies the metadata.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @param initiated when the upload was created
     * @param storageClass the storage class
     * @param metadata the metadata, {@code null} for none
     */
    public MultipartUpload {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * Describes an upload without its metadata.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @param initiated when the upload was created
     * @param storageClass the storage class
     */
    public MultipartUpload(String bucket, String key, String uploadId, Instant initiated,
            StorageClass storageClass) {
        this(bucket, key, uploadId, initiated, storageClass, Map.of());
    }
}
