/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Buckets and their metadata blobs.
 */
@ProviderType
public interface BucketStore {

    /** The largest bucket metadata blob accepted, in bytes. */
    int MAX_METADATA_BYTES = 1 << 20;

    /**
     * Creates a bucket.
     *
     * @param name the bucket name (S3 naming rules: 3-63 of {@code [a-z0-9.-]}, starting and ending with a letter
     *     or digit, no {@code ..}, not an IP address)
     * @param options the bucket options
     * @return the new bucket
     * @throws ObjectStoreException {@code INVALID_BUCKET_NAME}, {@code BUCKET_ALREADY_OWNED_BY_YOU},
     *     {@code WRITE_QUORUM}
     */
    BucketInfo makeBucket(String name, BucketOptions options) throws ObjectStoreException;

    /**
     * Deletes an empty bucket together with its metadata blobs.
     *
     * @param name the bucket name
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code BUCKET_NOT_EMPTY}, {@code WRITE_QUORUM}
     */
    void deleteBucket(String name) throws ObjectStoreException;

    /**
     * Describes a bucket.
     *
     * @param name the bucket name
     * @return the bucket, or empty when it does not exist
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    Optional<BucketInfo> bucketInfo(String name) throws ObjectStoreException;

    /**
     * Lists all buckets sorted by name.
     *
     * @return the buckets
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    List<BucketInfo> listBuckets() throws ObjectStoreException;

    /**
     * Reads a metadata blob of a bucket (tagging, policy, versioning, lifecycle configuration...).
     *
     * @param bucket the bucket name
     * @param key the blob name: 1-64 characters of {@code [a-z0-9._-]}
     * @return the blob, or empty when none is stored
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_ARGUMENT}, {@code READ_QUORUM}
     */
    Optional<byte[]> getBucketMetadata(String bucket, String key) throws ObjectStoreException;

    /**
     * Stores a metadata blob of a bucket, replacing an existing one.
     *
     * @param bucket the bucket name
     * @param key the blob name: 1-64 characters of {@code [a-z0-9._-]}
     * @param value the blob, at most {@link #MAX_METADATA_BYTES}
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_ARGUMENT}, {@code ENTITY_TOO_LARGE},
     *     {@code WRITE_QUORUM}
     */
    void putBucketMetadata(String bucket, String key, byte[] value) throws ObjectStoreException;

    /**
     * Deletes a metadata blob of a bucket; deleting a missing blob succeeds.
     *
     * @param bucket the bucket name
     * @param key the blob name
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_ARGUMENT}, {@code WRITE_QUORUM}
     */
    void deleteBucketMetadata(String bucket, String key) throws ObjectStoreException;
}
