/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;

/**
 * An upload in progress.
 *
 * @param bucket the bucket
 * @param key the key
 * @param uploadId the upload id
 * @param initiated when the upload was created
 * @param storageClass the storage class it will have
 */
public record MultipartUpload(String bucket, String key, String uploadId, Instant initiated,
        StorageClass storageClass) {
}
