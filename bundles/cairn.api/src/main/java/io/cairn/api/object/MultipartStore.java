/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Multipart uploads. Uploads not completed or aborted expire after a configured time (default 24 hours) and
 * their parts are removed.
 */
@ProviderType
public interface MultipartStore {

    /** The highest part number. */
    int MAX_PART_NUMBER = 10000;

    /** The smallest size of every part but the last, in bytes (5 MiB). */
    long MIN_PART_SIZE = 5L << 20;

    /** The largest part, in bytes (5 GiB). */
    long MAX_PART_SIZE = 5L << 30;

    /**
     * Starts an upload.
     *
     * @param bucket the bucket
     * @param key the key
     * @param options the object's metadata and storage class (conditions are evaluated at complete)
     * @return the upload id
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_OBJECT_NAME}, {@code WRITE_QUORUM}
     */
    String newMultipartUpload(String bucket, String key, PutOptions options) throws ObjectStoreException;

    /**
     * Describes an upload in progress, with the metadata it was created with.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @return the upload
     * @throws ObjectStoreException {@code NO_SUCH_UPLOAD}, {@code READ_QUORUM}
     */
    default MultipartUpload getMultipartUpload(String bucket, String key, String uploadId)
            throws ObjectStoreException {
        return listParts(bucket, key, uploadId, 0, 0).upload();
    }

    /**
     * Uploads (or replaces) one part, streaming.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @param partNumber 1 to 10000
     * @param body the body, read once; not closed
     * @param size the body size, or {@code -1} when unknown
     * @param options checks
     * @return the stored part
     * @throws ObjectStoreException {@code NO_SUCH_UPLOAD}, {@code INVALID_ARGUMENT}, {@code INCOMPLETE_BODY},
     *     {@code ENTITY_TOO_LARGE}, {@code BAD_DIGEST}, {@code WRITE_QUORUM}, whatever the verifier throws
     */
    PartInfo putObjectPart(String bucket, String key, String uploadId, int partNumber, InputStream body, long size,
            PartOptions options) throws ObjectStoreException;

    /**
     * Lists the parts of an upload.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @param partNumberMarker list parts after this number (0 from the start)
     * @param maxParts the page size, 0 to 1000
     * @return the page
     * @throws ObjectStoreException {@code NO_SUCH_UPLOAD}, {@code READ_QUORUM}
     */
    ListPartsPage listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts)
            throws ObjectStoreException;

    /**
     * Lists the uploads in progress of a bucket.
     *
     * @param bucket the bucket
     * @param prefix only keys with this prefix, may be empty
     * @param delimiter groups keys into common prefixes, may be empty
     * @param keyMarker list uploads after this key (together with {@code uploadIdMarker}), may be empty
     * @param uploadIdMarker with a key marker, list that key's uploads after this id, may be empty
     * @param maxUploads the page size, 0 to 1000
     * @return the page
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code READ_QUORUM}
     */
    ListUploadsPage listMultipartUploads(String bucket, String prefix, String delimiter, String keyMarker,
            String uploadIdMarker, int maxUploads) throws ObjectStoreException;

    /**
     * Completes an upload: assembles the named parts into the object and commits it under the object's lock. The
     * ETag is the hex MD5 of the concatenated binary part MD5s followed by {@code -N}. A repeat of a complete that
     * succeeded, naming the same parts, returns the same object description for as long as uploads are kept (the
     * multipart expiry), whatever became of the object since; one naming other parts is {@code NO_SUCH_UPLOAD}.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @param parts the parts in ascending order
     * @param options conditional write ({@code conditions}) and metadata entries to add to the upload's metadata
     *     (the S3 layer passes the composite {@code x-amz-checksum-*} entries here; reserved keys are dropped);
     *     the storage class comes from the upload
     * @return the object
     * @throws ObjectStoreException {@code NO_SUCH_UPLOAD}, {@code INVALID_PART}, {@code INVALID_PART_ORDER},
     *     {@code ENTITY_TOO_SMALL}, {@code PRECONDITION_FAILED}, {@code NO_SUCH_KEY} (an {@code ifMatch}
     *     condition without an object), {@code WRITE_QUORUM}
     */
    ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<CompletePart> parts,
            PutOptions options) throws ObjectStoreException;

    /**
     * Aborts an upload and removes its parts.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @throws ObjectStoreException {@code NO_SUCH_UPLOAD}, {@code WRITE_QUORUM}
     */
    void abortMultipartUpload(String bucket, String key, String uploadId) throws ObjectStoreException;
}
