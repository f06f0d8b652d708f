/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * The object store's error vocabulary. The S3 layer maps each kind to one S3 error code and HTTP status.
 */
public enum ErrorKind {
    /** The bucket does not exist (404 NoSuchBucket). */
    NO_SUCH_BUCKET,
    /** The object does not exist (404 NoSuchKey). */
    NO_SUCH_KEY,
    /** The bucket exists and belongs to someone else (409 BucketAlreadyExists). Not raised by the engine. */
    BUCKET_ALREADY_EXISTS,
    /** The bucket exists; the engine has a single owner, so it always raises this kind (409). */
    BUCKET_ALREADY_OWNED_BY_YOU,
    /** The bucket still holds objects or uploads (409 BucketNotEmpty). */
    BUCKET_NOT_EMPTY,
    /** The bucket name breaks S3's naming rules (400 InvalidBucketName). */
    INVALID_BUCKET_NAME,
    /** The key is empty, over 1024 bytes, holds NUL, or has {@code .}, {@code ..} or empty path segments (400). */
    INVALID_OBJECT_NAME,
    /**
     * The key is valid but too long for what the operation stores under it: a multipart upload's record needs two
     * bytes more after the key's last slash than the object does (400 KeyTooLongError).
     */
    KEY_TOO_LONG,
    /** A conditional request's precondition failed (412 PreconditionFailed). */
    PRECONDITION_FAILED,
    /** A GET's If-None-Match or If-Modified-Since condition says the client's copy is current (304). */
    NOT_MODIFIED,
    /** The byte range is not satisfiable (416 InvalidRange). */
    INVALID_RANGE,
    /** The body's MD5 differs from Content-MD5 (400 BadDigest). */
    BAD_DIGEST,
    /** The body ended before the declared size (400 IncompleteBody). */
    INCOMPLETE_BODY,
    /** The body is larger than the declared size or the maximum object size (400 EntityTooLarge). */
    ENTITY_TOO_LARGE,
    /** A non-last part of a multipart upload is smaller than 5 MiB (400 EntityTooSmall). */
    ENTITY_TOO_SMALL,
    /** The upload id is unknown, completed, aborted or expired (404 NoSuchUpload). */
    NO_SUCH_UPLOAD,
    /** A part named in complete is missing or its ETag differs (400 InvalidPart). */
    INVALID_PART,
    /** The parts named in complete are not in ascending order (400 InvalidPartOrder). */
    INVALID_PART_ORDER,
    /** An argument is invalid (400 InvalidArgument), for example a part number outside 1..10000. */
    INVALID_ARGUMENT,
    /** Too few drives answered to read reliably (503 SlowDown / ServiceUnavailable). */
    READ_QUORUM,
    /** Too few drives answered to write reliably; nothing became visible (503). */
    WRITE_QUORUM,
    /** The drives are full (507 XMinioStorageFull / InsufficientStorage). */
    DRIVE_FULL,
    /** The object's lock was not granted in time (503 SlowDown). */
    LOCK_TIMEOUT,
    /** The node is moving as many bodies as its memory allows and none finished in time (503 SlowDown). */
    BUSY,
    /** Anything else (500 InternalError). */
    INTERNAL
}
