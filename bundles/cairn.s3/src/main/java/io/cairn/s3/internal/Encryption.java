/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * The server-side encryption headers of requests. Cairn encrypts nothing, so every object and every multipart
 * upload is unencrypted: a write asking for encryption is {@code NotImplemented} (its data must never be stored in
 * clear while the client believes it encrypted), and a request giving keys for an object or upload is answered as
 * S3 answers keys for an unencrypted one.
 */
final class Encryption {

    /** The prefix of every server-side encryption header of a write ({@code -customer-*} included). */
    static final String PREFIX = "x-amz-server-side-encryption";
    /** The prefix of the headers giving a customer-provided key (SSE-C). */
    static final String CUSTOMER_PREFIX = PREFIX + "-customer-";
    /** The prefix of the headers giving the key of a copy's source. */
    static final String COPY_SOURCE_CUSTOMER_PREFIX = "x-amz-copy-source-server-side-encryption-customer-";

    /** S3's message for keys given for an object that is not encrypted with them (400 InvalidRequest). */
    static final String NOT_APPLICABLE = "The encryption parameters are not applicable to this object.";
    /** The message for keys given on a part of an upload that was created without them (400 InvalidRequest). */
    static final String PART_NOT_APPLICABLE = "The multipart upload was initiated without encryption. Part"
            + " requests must not include encryption parameters.";

    private Encryption() {
    }

    /**
     * Refuses every server-side encryption header of a write that creates an object or an upload (PutObject,
     * CreateMultipartUpload, CopyObject): whatever it asks for, the data would be stored in clear.
     *
     * @param ex the exchange
     * @throws S3Exception {@code NotImplemented}
     */
    static void checkWrite(Exchange ex) {
        String name = first(ex, PREFIX);
        if (name != null) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "The " + name + " header is not implemented.");
        }
    }

    /**
     * Refuses a customer key for the source of a copy (CopyObject, UploadPartCopy): no source is encrypted.
     *
     * @param ex the exchange
     * @throws S3Exception {@code InvalidRequest}
     */
    static void checkCopySource(Exchange ex) {
        if (first(ex, COPY_SOURCE_CUSTOMER_PREFIX) != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, NOT_APPLICABLE);
        }
    }

    /**
     * Refuses the encryption headers of UploadPart and UploadPartCopy, once the upload is known to exist: a part
     * takes the encryption its upload was created with, which is none, so customer keys are {@code InvalidRequest}
     * as S3 answers them for an upload created without, and the other headers are not for parts at all
     * ({@code InvalidArgument}). A part copy's source keys are refused as {@link #checkCopySource(Exchange)} does.
     *
     * @param ex the exchange
     * @throws S3Exception {@code InvalidRequest}, {@code InvalidArgument}
     */
    static void checkPart(Exchange ex) {
        if (first(ex, CUSTOMER_PREFIX) != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, PART_NOT_APPLICABLE);
        }
        checkNotForOperation(ex);
        checkCopySource(ex);
    }

    /**
     * Refuses the encryption headers of GetObject and HeadObject other than customer keys: encryption is chosen by
     * writes, so they are {@code InvalidArgument}, as in S3, whether or not the object exists.
     *
     * @param ex the exchange
     * @throws S3Exception {@code InvalidArgument}
     */
    static void checkReadArguments(Exchange ex) {
        checkNotForOperation(ex);
    }

    /**
     * Refuses customer keys on GetObject and HeadObject of an object that exists: no object is encrypted, so they
     * are {@code InvalidRequest}, as S3 answers keys for an unencrypted object. Call it once the object was found, so
     * that a missing key stays {@code NoSuchKey}.
     *
     * @param ex the exchange
     * @throws S3Exception {@code InvalidRequest}
     */
    static void checkReadKeys(Exchange ex) {
        if (first(ex, CUSTOMER_PREFIX) != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, NOT_APPLICABLE);
        }
    }

    /**
     * Refuses the encryption headers other than customer keys where the operation takes none, with S3's
     * {@code InvalidArgument} naming the header.
     */
    private static void checkNotForOperation(Exchange ex) {
        for (String name : ex.info().headers().keySet()) {
            if (name.startsWith(PREFIX) && !name.startsWith(CUSTOMER_PREFIX)) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, name + " header is not supported for this"
                        + " operation.").with("ArgumentName", name).with("ArgumentValue", ex.header(name));
            }
        }
    }

    /** Returns the first request header whose name starts with the prefix, or {@code null}. */
    private static String first(Exchange ex, String prefix) {
        for (String name : ex.info().headers().keySet()) {
            if (name.startsWith(prefix)) {
                return name;
            }
        }
        return null;
    }
}
