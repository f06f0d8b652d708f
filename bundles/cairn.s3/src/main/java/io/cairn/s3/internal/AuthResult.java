/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * The outcome of authenticating a request: who it is and how its body must be checked.
 *
 * @param accessKey the authenticated access key
 * @param payloadHash the declared payload hash: a hex SHA-256, {@code UNSIGNED-PAYLOAD} or a streaming mode
 * @param signingKey the SigV4 signing key (for chunk signatures), or {@code null}
 * @param seedSignature the request's signature, the seed of chunk signatures, or {@code null}
 * @param amzDate the request time as signed, or {@code null}
 * @param scope the SigV4 credential scope, or {@code null}
 */
record AuthResult(String accessKey, String payloadHash, byte[] signingKey, String seedSignature, String amzDate,
        String scope) {

    boolean streaming() {
        return payloadHash.startsWith("STREAMING-");
    }

    boolean signedChunks() {
        return SigV4.STREAMING_PAYLOAD.equals(payloadHash) || SigV4.STREAMING_PAYLOAD_TRAILER.equals(payloadHash);
    }

    boolean trailer() {
        return payloadHash.endsWith("-TRAILER");
    }

    /**
     * Tells whether the body's SHA-256 must be computed and compared.
     *
     * @return {@code true} when a hex hash was signed
     */
    boolean signedPayload() {
        return !streaming() && !SigV4.UNSIGNED_PAYLOAD.equals(payloadHash);
    }
}
