/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body: {@code hex-size[;chunk-signature=sig]\r\n data \r\n} chunks ending with a
 * zero-size chunk, optionally followed by trailing headers ({@code x-amz-checksum-*}, {@code
 * x-amz-trailer-signature}) and an empty line. With signed chunks every chunk's signature is checked (chained from
 * the seed signature) before the bytes after it are delivered, and the trailer signature is checked too. Every
 * framing error, truncation or bad signature ends the stream with a {@link BodyException}; bad input can never be
 * delivered as a clean end of stream, and no read blocks beyond what the underlying stream does.
 */
final class ChunkedStream extends InputStream {

    /** The longest chunk header or trailer line accepted, in bytes. */
    static final int MAX_LINE = 4096;
    /** The largest chunk accepted, in bytes. */
    static final long MAX_CHUNK = 64L << 20;
    /** The most trailing header lines accepted. */
    static final int MAX_TRAILERS = 16;

    private final InputStream in;
    private final boolean signed;
    private final boolean trailer;
    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private final MessageDigest chunkDigest;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private String previousSignature;
    private String chunkSignature;
    private long remaining;
    private long total;
    private boolean done;
    private BodyException failure;

    /**
     * Creates the decoder.
     *
     * @param in the raw body
     * @param auth the request's authentication (mode, signing key, seed signature)
     */
    ChunkedStream(InputStream in, AuthResult auth) {
        this.in = in;
        this.signed = auth.signedChunks();
        this.trailer = auth.trailer();
        this.signingKey = auth.signingKey();
        this.amzDate = auth.amzDate();
        this.scope = auth.scope();
        this.previousSignature = auth.seedSignature();
        this.chunkDigest = signed ? SigV4.sha256() : null;
    }

    /**
     * Returns the trailing headers (lower-case names) once the stream ended.
     *
     * @return the trailers
     */
    Map<String, String> trailers() {
        return trailers;
    }

    long decodedBytes() {
        return total;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (done) {
                return -1;
            }
            nextChunk();
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw fail(S3Error.INCOMPLETE_BODY, "The body ended inside a chunk.");
        }
        if (signed) {
            chunkDigest.update(buffer, offset, n);
        }
        remaining -= n;
        total += n;
        if (remaining == 0) {
            endChunk(false);
        }
        return n;
    }

    /**
     * Reads whatever is left (the final chunk and the trailers) and checks that the body is complete.
     *
     * @throws BodyException when the rest of the body is malformed
     * @throws IOException when the connection fails
     */
    void finish() throws IOException {
        byte[] sink = new byte[8192];
        while (read(sink, 0, sink.length) >= 0) {
            // Extra data beyond the declared decoded length is counted and reported by the caller.
        }
    }

    private void nextChunk() throws IOException {
        String line = readLine();
        int semicolon = line.indexOf(';');
        String sizeText = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        long size = parseSize(sizeText);
        chunkSignature = null;
        if (semicolon >= 0) {
            for (String ext : line.substring(semicolon + 1).split(";")) {
                int eq = ext.indexOf('=');
                if (eq > 0 && "chunk-signature".equals(ext.substring(0, eq).trim())) {
                    chunkSignature = ext.substring(eq + 1).trim();
                }
            }
        }
        if (signed && chunkSignature == null) {
            throw fail(S3Error.INVALID_CHUNK_SIGNATURE, "A chunk has no chunk-signature.");
        }
        remaining = size;
        if (size == 0) {
            endChunk(true);
            done = true;
            finishTrailer();
        }
    }

    private long parseSize(String text) throws BodyException {
        if (text.isEmpty() || text.length() > 16) {
            throw fail(S3Error.INCOMPLETE_BODY, "Malformed chunk size.");
        }
        long size;
        try {
            size = Long.parseLong(text, 16);
        } catch (NumberFormatException e) {
            throw fail(S3Error.INCOMPLETE_BODY, "Malformed chunk size.");
        }
        if (size < 0 || size > MAX_CHUNK) {
            throw fail(S3Error.INCOMPLETE_BODY, "Chunk size out of range.");
        }
        return size;
    }

    private void endChunk(boolean last) throws IOException {
        if (signed) {
            String hash = Encoding.hex(chunkDigest.digest());
            String expected = SigV4.sign(signingKey,
                    SigV4.chunkStringToSign(amzDate, scope, previousSignature, hash));
            if (!SigV4.matches(expected, chunkSignature)) {
                throw fail(S3Error.INVALID_CHUNK_SIGNATURE, S3Error.INVALID_CHUNK_SIGNATURE.message());
            }
            previousSignature = expected;
        }
        if (!last) {
            expectCrlf();
        }
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = cr < 0 ? -1 : in.read();
        if (cr < 0 || lf < 0) {
            throw fail(S3Error.INCOMPLETE_BODY, "The body ended after a chunk.");
        }
        if (cr != '\r' || lf != '\n') {
            throw fail(S3Error.INCOMPLETE_BODY, "A chunk is not followed by CRLF.");
        }
    }

    private void finishTrailer() throws IOException {
        if (!trailer) {
            String empty = readLine();
            if (!empty.isEmpty()) {
                throw fail(S3Error.INCOMPLETE_BODY, "Unexpected data after the final chunk.");
            }
            expectEnd();
            return;
        }
        StringBuilder canonical = new StringBuilder();
        String signature = null;
        for (int i = 0; ; i++) {
            if (i > MAX_TRAILERS) {
                throw fail(S3Error.INCOMPLETE_BODY, "Too many trailing headers.");
            }
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw fail(S3Error.INCOMPLETE_BODY, "Malformed trailing header.");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if ("x-amz-trailer-signature".equals(name)) {
                signature = value;
            } else {
                trailers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (signed) {
            String expected = SigV4.sign(signingKey,
                    SigV4.trailerStringToSign(amzDate, scope, previousSignature, canonical.toString()));
            if (!SigV4.matches(expected, signature)) {
                throw fail(S3Error.INVALID_CHUNK_SIGNATURE, "The trailer signature does not match.");
            }
        }
        expectEnd();
    }

    private void expectEnd() throws IOException {
        if (in.read() >= 0) {
            throw fail(S3Error.INCOMPLETE_BODY, "Unexpected data after the end of the chunked body.");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (done && trailer && line.size() == 0) {
                    return "";
                }
                throw fail(S3Error.INCOMPLETE_BODY, "The chunked body ended early.");
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw fail(S3Error.INCOMPLETE_BODY, "A line of the chunked body does not end in CRLF.");
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                throw fail(S3Error.INCOMPLETE_BODY, "A line of the chunked body does not end in CRLF.");
            }
            if (line.size() >= MAX_LINE) {
                throw fail(S3Error.INCOMPLETE_BODY, "A chunk header is too long.");
            }
            line.write(c);
        }
    }

    private BodyException fail(S3Error error, String message) {
        failure = new BodyException(error, message);
        return failure;
    }
}
