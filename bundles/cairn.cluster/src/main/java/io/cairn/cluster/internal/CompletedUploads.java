/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * Records of completed multipart uploads, which let a repeated CompleteMultipartUpload (a client retrying one whose
 * answer it lost) answer the first one's result instead of {@code NO_SUCH_UPLOAD}.
 *
 * <p>The record of upload {@code U} of key {@code K} in bucket {@code B} is the system-volume object
 * {@code completed/B/<sha256(K)>/U} in the set the upload's record lives in, written with the upload's erasure
 * layout and so with its write quorum, under the object's and the upload's locks, after the object's commit and
 * before the upload's record goes. It is metadata only: the object's size, ETag, storage class, metadata and part
 * list as the complete committed them, its modification time the completion's, and the key and bucket (the key is
 * only hashed in the name). The entry {@link #FORMAT_ENTRY} carries the record's format version; a record of
 * another version counts as absent. Records are not listed as uploads, and are removed with their bucket or by
 * the upload expiry once older than the configured multipart expiry.
 */
final class CompletedUploads {

    /** Top directory of the records in the system volume. */
    static final String ROOT = "completed/";
    /** The metadata entry holding the record's format version. */
    static final String FORMAT_ENTRY = Metadata.RESERVED_PREFIX + "completed-format";
    /** The format version this code writes and reads. */
    static final String FORMAT_V1 = "1";

    private CompletedUploads() {
    }

    /**
     * Returns the directory of a bucket's records.
     *
     * @param bucket the bucket
     * @return {@code completed/<bucket>}
     */
    static String bucketDir(String bucket) {
        return ROOT + bucket;
    }

    /**
     * Returns the record name of a completed upload.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @return the record's key in the system volume
     */
    static String record(String bucket, String key, String uploadId) {
        return bucketDir(bucket) + "/" + MultipartOps.keyHash(key) + "/" + uploadId;
    }

    /**
     * Returns the upload id a record name ends with.
     *
     * @param bucket the bucket
     * @param name a name the walk of {@link #bucketDir} returned
     * @return the upload id, or {@code null} when the name is not a record's
     */
    static String uploadIdOf(String bucket, String name) {
        String dir = bucketDir(bucket) + "/";
        int slash = name.lastIndexOf('/');
        return name.startsWith(dir) && slash > dir.length() && slash < name.length() - 1
                ? name.substring(slash + 1) : null;
    }

    /**
     * Writes the record of a completed upload with the write quorum of the upload's layout. The caller holds the
     * object's and the upload's write locks.
     *
     * @param set the set of the upload
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @param object the object's metadata as committed
     * @throws ObjectStoreException {@code WRITE_QUORUM}
     */
    static void write(SetStore set, String bucket, String key, String uploadId, FileInfo object)
            throws ObjectStoreException {
        Map<String, String> metadata = new LinkedHashMap<>(object.metadata());
        metadata.put(FORMAT_ENTRY, FORMAT_V1);
        metadata.put(MultipartOps.KEY_ENTRY, key);
        metadata.put(MultipartOps.BUCKET_ENTRY, bucket);
        FileInfo record = new FileInfo(SetStore.NULL_VERSION, null, object.modTime(), object.size(), object.etag(),
                object.storageClass(), metadata, object.erasure(), object.parts(), null);
        int n = set.drives().size();
        byte[][] inline = new byte[n][];
        for (int i = 0; i < n; i++) {
            inline[i] = new byte[0];
        }
        set.commit(Drive.SYSTEM_VOLUME, record(bucket, key, uploadId), record, inline, set.online(), null,
                Conditions.NONE, null);
    }

    /**
     * Reads the record of a completed upload.
     *
     * @param set the set of the upload
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @return the record a read quorum agrees on, or {@code null} when there is none (or one of another format or
     *     another key)
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    static FileInfo find(SetStore set, String bucket, String key, String uploadId) throws ObjectStoreException {
        FileInfo record;
        try {
            record = set.currentOrNull(Drive.SYSTEM_VOLUME, record(bucket, key, uploadId));
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_BUCKET) {
                return null;
            }
            throw e;
        }
        if (record == null || !FORMAT_V1.equals(record.metadata().get(FORMAT_ENTRY))
                || !key.equals(record.metadata().get(MultipartOps.KEY_ENTRY))
                || !bucket.equals(record.metadata().get(MultipartOps.BUCKET_ENTRY))) {
            return null;
        }
        return record;
    }

    /**
     * Tells whether a complete request names exactly the parts the upload was completed with.
     *
     * @param record the record
     * @param requested the parts of the request, in ascending order
     * @return whether numbers and ETags match one for one
     */
    static boolean matches(FileInfo record, List<CompletePart> requested) {
        List<PartMeta> parts = record.parts();
        if (parts.size() != requested.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            CompletePart want = requested.get(i);
            if (parts.get(i).number() != want.partNumber()
                    || !parts.get(i).etag().equalsIgnoreCase(Preconditions.unquote(want.etag()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the object as the complete that wrote a record answered it.
     *
     * @param bucket the bucket
     * @param key the key
     * @param record the record
     * @return the object's description
     */
    static ObjectInfo toInfo(String bucket, String key, FileInfo record) {
        return SetStore.toInfo(bucket, key, record.withMetadata(Validation.cleanMetadata(record.metadata()),
                record.modTime()));
    }

    /**
     * Tells whether a record is past its retention.
     *
     * @param record the record's metadata
     * @param cutoff the oldest completion time kept
     * @return whether it should go
     */
    static boolean expired(FileInfo record, Instant cutoff) {
        return record.modTime().isBefore(cutoff);
    }
}
