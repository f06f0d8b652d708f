/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.util.Locale;

/**
 * How the load generator sends the bodies of PUT and UploadPart requests. Real clients differ here, and the
 * server's cost differs with them: an unsigned body needs no hashing, a signed one a SHA-256 over every byte.
 */
enum PayloadSigning {
    /** {@code UNSIGNED-PAYLOAD}: the body is not part of the signature. */
    UNSIGNED("UNSIGNED-PAYLOAD", false),
    /** The hex SHA-256 of the whole body in {@code x-amz-content-sha256}, as older SDKs and tools send it. */
    SIGNED(null, false),
    /**
     * {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: an {@code aws-chunked} body with a signature per chunk
     * and a signed CRC32 trailer. This is what the AWS SDK for Java v2 sends by default to an {@code http://}
     * endpoint.
     */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", true),
    /**
     * {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: an {@code aws-chunked} body without signatures and with a CRC32
     * trailer, what the AWS SDK for Java v2 sends by default to an {@code https://} endpoint.
     */
    STREAMING_UNSIGNED("STREAMING-UNSIGNED-PAYLOAD-TRAILER", true);

    private final String contentSha256;
    private final boolean chunked;

    PayloadSigning(String contentSha256, boolean chunked) {
        this.contentSha256 = contentSha256;
        this.chunked = chunked;
    }

    /** @return the fixed {@code x-amz-content-sha256} value, or null when it is the hash of the body */
    String contentSha256() {
        return contentSha256;
    }

    /** @return whether the body is sent {@code aws-chunked} with a trailer */
    boolean chunked() {
        return chunked;
    }

    /** @return whether chunks and trailer carry signatures */
    boolean signedChunks() {
        return this == STREAMING_SIGNED;
    }

    /**
     * Parses an option value: {@code unsigned}, {@code signed}, {@code streaming-signed} or
     * {@code streaming-unsigned}.
     *
     * @param text the value
     * @return the mode
     */
    static PayloadSigning parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** @return the option value of this mode */
    String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
