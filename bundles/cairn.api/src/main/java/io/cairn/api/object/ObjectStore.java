/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Objects: put, get, head, delete, copy and metadata updates.
 */
@ProviderType
public interface ObjectStore {

    /** The largest object a single put accepts (5 TiB, as S3). */
    long MAX_OBJECT_SIZE = 5L << 40;

    /**
     * Stores an object, streaming the body. The object becomes visible atomically after the whole body was read,
     * checked ({@code expectedMd5}, then the verifier) and written to a write quorum of drives.
     *
     * @param bucket the bucket
     * @param key the key
     * @param body the body, read once up to {@code size} bytes (or to its end when the size is unknown); not closed
     * @param size the body size, or {@code -1} when unknown
     * @param options metadata, storage class, conditions and checks
     * @return the stored object
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_OBJECT_NAME}, {@code INCOMPLETE_BODY},
     *     {@code ENTITY_TOO_LARGE}, {@code BAD_DIGEST}, {@code PRECONDITION_FAILED}, {@code NO_SUCH_KEY} (an
     *     {@code ifMatch} condition without an object), {@code WRITE_QUORUM}, {@code DRIVE_FULL}, whatever the
     *     verifier throws
     */
    ObjectInfo putObject(String bucket, String key, InputStream body, long size, PutOptions options)
            throws ObjectStoreException;

    /**
     * Opens an object for reading.
     *
     * @param bucket the bucket
     * @param key the key
     * @param options range, part number and conditions
     * @return the reader, to be closed by the caller
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code NO_SUCH_KEY}, {@code INVALID_RANGE},
     *     {@code PRECONDITION_FAILED}, {@code NOT_MODIFIED}, {@code READ_QUORUM}
     */
    ObjectReader getObject(String bucket, String key, GetOptions options) throws ObjectStoreException;

    /**
     * Describes an object (HEAD).
     *
     * @param bucket the bucket
     * @param key the key
     * @param options conditions and part number (a range is ignored)
     * @return the object info; with a part number, {@code size} is still the whole object's size
     * @throws ObjectStoreException as {@link #getObject}
     */
    ObjectInfo statObject(String bucket, String key, GetOptions options) throws ObjectStoreException;

    /**
     * Deletes an object. Deleting a missing key succeeds, as in S3.
     *
     * @param bucket the bucket
     * @param key the key
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_OBJECT_NAME}, {@code WRITE_QUORUM}
     */
    void deleteObject(String bucket, String key) throws ObjectStoreException;

    /**
     * Deletes an object if its conditions hold. The conditions are evaluated against the current object under
     * its write lock, atomically with the delete: {@code ifMatch} (an ETag, quoted or not, or {@code "*"}) requires
     * the object to exist ({@code NO_SUCH_KEY} otherwise) with that ETag ({@code PRECONDITION_FAILED} otherwise);
     * the other components are evaluated as for a put. Without conditions this is {@link #deleteObject(String,
     * String)}.
     *
     * <p>The default implementation supports no conditions: it refuses them with {@code INVALID_ARGUMENT} rather
     * than delete an object they might protect.
     *
     * @param bucket the bucket
     * @param key the key
     * @param conditions the conditions, or {@code null} for none
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code NO_SUCH_KEY}, {@code PRECONDITION_FAILED},
     *     {@code INVALID_OBJECT_NAME}, {@code INVALID_ARGUMENT}, {@code WRITE_QUORUM}
     * @since 1.1
     */
    default void deleteObject(String bucket, String key, Conditions conditions) throws ObjectStoreException {
        if (conditions != null && !conditions.isEmpty()) {
            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "this store has no conditional deletes");
        }
        deleteObject(bucket, key);
    }

    /**
     * Deletes several objects, each independently.
     *
     * @param bucket the bucket
     * @param keys the keys, at most 1000
     * @return one result per key, in order
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}
     */
    default List<DeleteResult> deleteObjects(String bucket, List<String> keys) throws ObjectStoreException {
        return deleteObjects(bucket, keys, Collections.nCopies(keys.size(), Conditions.NONE));
    }

    /**
     * Deletes several objects, each independently and each under its own conditions, as
     * {@link #deleteObject(String, String, Conditions)} does: a failed condition is that key's result.
     *
     * @param bucket the bucket
     * @param keys the keys, at most 1000
     * @param conditions one entry per key, {@code null} or {@link Conditions#NONE} for none
     * @return one result per key, in order
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}
     * @since 1.1
     */
    default List<DeleteResult> deleteObjects(String bucket, List<String> keys, List<Conditions> conditions)
            throws ObjectStoreException {
        if (conditions.size() != keys.size()) {
            throw new IllegalArgumentException(conditions.size() + " conditions for " + keys.size() + " keys");
        }
        List<DeleteResult> results = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            try {
                deleteObject(bucket, key, conditions.get(i));
                results.add(new DeleteResult(key, null));
            } catch (ObjectStoreException e) {
                if (e.kind() == ErrorKind.NO_SUCH_BUCKET) {
                    throw e;
                }
                results.add(new DeleteResult(key, e));
            }
        }
        return results;
    }

    /**
     * Copies an object, streaming inside the engine. Copying an object onto itself with replaced metadata (or
     * another storage class) rewrites only what is needed.
     *
     * @param srcBucket the source bucket
     * @param srcKey the source key
     * @param dstBucket the destination bucket
     * @param dstKey the destination key
     * @param options metadata directive, storage class and conditions
     * @return the new object
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code NO_SUCH_KEY}, {@code PRECONDITION_FAILED},
     *     {@code READ_QUORUM}, {@code WRITE_QUORUM}; {@code INVALID_ARGUMENT} when an object is copied onto itself
     *     with the same metadata and storage class
     */
    ObjectInfo copyObject(String srcBucket, String srcKey, String dstBucket, String dstKey, CopyOptions options)
            throws ObjectStoreException;

    /**
     * Replaces an object's metadata map without rewriting its data (tagging, metadata replace). The ETag stays,
     * the modification time changes.
     *
     * @param bucket the bucket
     * @param key the key
     * @param metadata the new map (see {@link Metadata}); reserved keys are dropped
     * @return the updated object
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code NO_SUCH_KEY}, {@code WRITE_QUORUM}
     */
    ObjectInfo updateObjectMetadata(String bucket, String key, Map<String, String> metadata)
            throws ObjectStoreException;

    /**
     * Changes an object's metadata without rewriting its data, from the metadata it has now: {@code change} is
     * given the current version's map and returns the new one, both under the object's write lock. A version
     * written in between therefore never receives a map computed from another version (a tag change racing an
     * overwrite keeps the new version's content headers, user metadata and checksums). The ETag stays, the
     * modification time changes.
     *
     * @param bucket the bucket
     * @param key the key
     * @param change from the current map (unmodifiable) to the new one (see {@link Metadata}; reserved keys are
     *     dropped), or to {@code null} to leave the object as it is
     * @return the object as it is afterwards
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code NO_SUCH_KEY}, {@code WRITE_QUORUM}
     * @since 1.3
     */
    ObjectInfo changeObjectMetadata(String bucket, String key, UnaryOperator<Map<String, String>> change)
            throws ObjectStoreException;
}
