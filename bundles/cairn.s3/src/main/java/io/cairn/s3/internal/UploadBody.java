/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutVerifier;

/**
 * A request body as the object store should see it, with every check the request asked for: aws-chunked decoding
 * with chunk signatures, the signed payload SHA-256, an {@code x-amz-checksum-*} value from a header or trailer,
 * and Content-MD5. The engine reads {@link #stream()} and calls {@link #verify} before it commits, so a body that
 * fails any check never becomes visible. Digests that were not asked for are not computed.
 */
final class UploadBody implements PutVerifier {

    /** Body size from which digests are computed on the digest threads. */
    static final long PIPELINE_THRESHOLD = 1L << 20;
    /** Metadata key of the checksum type. */
    static final String CHECKSUM_TYPE = "x-amz-checksum-type";

    private final AuthResult auth;
    private final ChunkedStream chunked;
    private final DigestStream digests;
    private final InputStream stream;
    private final long size;
    private final ChecksumAlgorithm algorithm;
    private final String headerChecksum;
    private final byte[] expectedMd5;
    private String computedChecksum;

    private UploadBody(Exchange ex, long size, ChecksumAlgorithm algorithm, String headerChecksum,
            Executor executor) {
        this.auth = ex.auth();
        this.size = size;
        this.algorithm = algorithm;
        this.headerChecksum = headerChecksum;
        this.expectedMd5 = contentMd5(ex.header("content-md5"));
        InputStream raw = ex.body();
        this.chunked = auth.streaming() ? new ChunkedStream(raw, auth) : null;
        InputStream decoded = chunked == null ? raw : chunked;
        boolean sha = auth.signedPayload();
        if (sha || algorithm != null) {
            boolean pipeline = executor != null && (size < 0 || size >= PIPELINE_THRESHOLD);
            this.digests = new DigestStream(decoded, sha, algorithm, pipeline ? executor : null);
            this.stream = digests;
        } else {
            this.digests = null;
            this.stream = decoded;
        }
    }

    /**
     * Prepares the body of a request.
     *
     * @param ex the exchange (authenticated)
     * @param maxSize the largest acceptable size
     * @param executor where large bodies' digests run, or {@code null}
     * @return the body
     * @throws S3Exception for missing or contradictory headers
     */
    static UploadBody open(Exchange ex, long maxSize, Executor executor) {
        return open(ex, maxSize, executor, true);
    }

    /**
     * Prepares the body of a request whose {@code x-amz-checksum-*} headers may describe something else than the
     * body (CompleteMultipartUpload: the whole object's checksum).
     *
     * @param ex the exchange (authenticated)
     * @param maxSize the largest acceptable size
     * @param executor where large bodies' digests run, or {@code null}
     * @param checksumHeaders whether {@code x-amz-checksum-*} headers are the body's checksum
     * @return the body
     */
    static UploadBody open(Exchange ex, long maxSize, Executor executor, boolean checksumHeaders) {
        AuthResult auth = ex.auth();
        long size;
        if (auth.streaming()) {
            size = parseLength(ex.header("x-amz-decoded-content-length"));
            if (size < 0) {
                throw new S3Exception(S3Error.MISSING_CONTENT_LENGTH);
            }
        } else {
            size = ex.contentLength();
            if (size < 0) {
                throw new S3Exception(S3Error.MISSING_CONTENT_LENGTH);
            }
        }
        if (size > maxSize) {
            throw new S3Exception(S3Error.ENTITY_TOO_LARGE).with("ProposedSize", Long.toString(size))
                    .with("MaxSizeAllowed", Long.toString(maxSize));
        }
        ChecksumAlgorithm algorithm = null;
        String value = null;
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String v = checksumHeaders ? ex.header(a.header()) : null;
            if (v != null) {
                if (algorithm != null) {
                    throw new S3Exception(S3Error.INVALID_REQUEST,
                            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }
                a.decode(v);
                algorithm = a;
                value = v.trim();
            }
        }
        String trailer = ex.header("x-amz-trailer");
        if (trailer != null && !trailer.trim().toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")) {
            // Only checksums may trail a body; anything else would be dropped without a word.
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "The value specified in the x-amz-trailer header is not supported");
        }
        if (trailer != null) {
            if (!auth.trailer()) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "x-amz-trailer needs a trailer payload mode.");
            }
            ChecksumAlgorithm t = ChecksumAlgorithm.parse(trailer.trim().substring("x-amz-checksum-".length()));
            if (algorithm != null && algorithm != t) {
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
            algorithm = t;
        }
        String sdk = ex.header("x-amz-sdk-checksum-algorithm");
        if (checksumHeaders && sdk != null && !sdk.isBlank()) {
            ChecksumAlgorithm declared = ChecksumAlgorithm.parse(sdk);
            if (algorithm == null) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "x-amz-sdk-checksum-algorithm specified, but no"
                        + " corresponding x-amz-checksum-* or x-amz-trailer headers were found.");
            }
            if (declared != algorithm) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-sdk-checksum-algorithm header is"
                        + " invalid.");
            }
        }
        return new UploadBody(ex, size, algorithm, value, executor);
    }

    private static long parseLength(String text) {
        if (text == null) {
            return -1;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid decoded content length.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid decoded content length.");
        }
    }

    /**
     * Decodes a Content-MD5 header.
     *
     * @param header the header or {@code null}
     * @return the 16 bytes or {@code null}
     * @throws S3Exception {@code InvalidDigest} when it is not a base64 MD5
     */
    static byte[] contentMd5(String header) {
        if (header == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(header.trim());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // Reported below.
        }
        throw new S3Exception(S3Error.INVALID_DIGEST);
    }

    InputStream stream() {
        return stream;
    }

    long size() {
        return size;
    }

    byte[] expectedMd5() {
        return expectedMd5;
    }

    ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the verified checksum (base64), available after {@link #verify}.
     *
     * @return the value or {@code null}
     */
    String checksum() {
        return computedChecksum;
    }

    @Override
    public Map<String, String> verify(byte[] md5, long bytes) throws ObjectStoreException {
        try {
            if (chunked != null) {
                chunked.finish();
                if (chunked.decodedBytes() != size) {
                    throw new VerifyException(S3Error.INCOMPLETE_BODY,
                            "The decoded body length differs from x-amz-decoded-content-length.");
                }
            }
        } catch (BodyException e) {
            throw new VerifyException(e.error(), e.getMessage());
        } catch (IOException e) {
            throw new VerifyException(S3Error.INCOMPLETE_BODY, "The body could not be read to its end.");
        }
        if (digests == null) {
            return Map.of();
        }
        byte[][] results = digests.finish();
        if (results[0] != null && !auth.payloadHash().equalsIgnoreCase(Encoding.hex(results[0]))) {
            throw new VerifyException(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH,
                    S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.message());
        }
        if (algorithm == null) {
            return Map.of();
        }
        String expected = headerChecksum;
        if (expected == null && chunked != null) {
            expected = chunked.trailers().get(algorithm.header());
        }
        if (expected == null) {
            throw new VerifyException(S3Error.INVALID_REQUEST, "The " + algorithm.header() + " trailer is missing.");
        }
        byte[] want;
        try {
            want = algorithm.decode(expected);
        } catch (S3Exception e) {
            throw new VerifyException(S3Error.INVALID_REQUEST, e.getMessage());
        }
        if (!MessageDigest.isEqual(want, results[1])) {
            throw new VerifyException(S3Error.X_AMZ_CONTENT_CHECKSUM_MISMATCH,
                    "The " + algorithm.name() + " you specified did not match the calculated checksum.");
        }
        computedChecksum = Base64.getEncoder().encodeToString(results[1]);
        Map<String, String> meta = new HashMap<>();
        meta.put(algorithm.header(), computedChecksum);
        meta.put(CHECKSUM_TYPE, "FULL_OBJECT");
        return meta;
    }

    /**
     * Explains a failed store call in S3 terms: a protocol failure of the body wins over the engine's kind.
     *
     * @param e the failure
     * @return the S3 error to answer with
     */
    S3Exception explain(ObjectStoreException e) {
        if (e instanceof VerifyException) {
            return new S3Exception(((VerifyException) e).error(), e.getMessage());
        }
        BodyException body = digests == null ? null : digests.failure();
        for (Throwable t = e; body == null && t != null; t = t.getCause()) {
            if (t instanceof BodyException) {
                body = (BodyException) t;
            }
        }
        if (body != null) {
            return new S3Exception(body.error(), body.getMessage());
        }
        if (e.kind() == ErrorKind.INCOMPLETE_BODY && stalled(e)) {
            return new S3Exception(S3Error.REQUEST_TIMEOUT, S3Error.REQUEST_TIMEOUT.message(), e);
        }
        return Errors.toS3(e);
    }

    /** Tells a body that stopped arriving (the connection's idle timeout ended the read) from one cut short. */
    private static boolean stalled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a small body (an XML document) completely and runs every check on it.
     *
     * @param limit the largest accepted size
     * @return the bytes
     * @throws S3Exception when the body is too large or fails a check
     */
    byte[] readAll(int limit) {
        if (size > limit) {
            throw new S3Exception(S3Error.MAX_MESSAGE_LENGTH_EXCEEDED);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(size, limit)));
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw new S3Exception(S3Error.MAX_MESSAGE_LENGTH_EXCEEDED);
                }
            }
        } catch (BodyException e) {
            throw new S3Exception(e.error(), e.getMessage());
        } catch (IOException e) {
            throw new S3Exception(S3Error.INCOMPLETE_BODY, "The body could not be read.", e);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length < size) {
            throw new S3Exception(S3Error.INCOMPLETE_BODY);
        }
        byte[] md5 = md5(bytes);
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, md5)) {
            throw new S3Exception(S3Error.BAD_DIGEST);
        }
        try {
            verify(md5, bytes.length);
        } catch (ObjectStoreException e) {
            throw explain(e);
        }
        return bytes;
    }

    static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
