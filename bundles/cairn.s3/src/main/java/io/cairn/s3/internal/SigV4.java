/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pure functions of AWS Signature Version 4: canonical request, string to sign, signing key, chunk and trailer
 * signatures. No I/O and no clock, so the published test vectors exercise exactly what the server runs.
 */
final class SigV4 {

    /** The algorithm name of header and query signatures. */
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The SHA-256 of an empty payload. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** Payload hash value of an unsigned body. */
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** Payload hash value of a chunked body with chunk signatures. */
    static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    /** Payload hash value of a chunked body with chunk signatures and signed trailers. */
    static final String STREAMING_PAYLOAD_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    /** Payload hash value of a chunked body without signatures, with trailers. */
    static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private SigV4() {
    }

    /**
     * Derives the signing key.
     *
     * @param secret the secret key
     * @param date the scope date {@code yyyyMMdd}
     * @param region the scope region
     * @param service the scope service
     * @return the key
     */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /**
     * Builds the canonical request.
     *
     * @param method the HTTP method
     * @param canonicalUri the URI-encoded path
     * @param canonicalQuery the canonical query string
     * @param canonicalHeaders the canonical header block (each line ending in a newline)
     * @param signedHeaders the signed header names joined with {@code ;}
     * @param payloadHash the payload hash value
     * @return the canonical request
     */
    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            String canonicalHeaders, String signedHeaders, String payloadHash) {
        return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n'
                + signedHeaders + '\n' + payloadHash;
    }

    /**
     * Encodes and sorts query parameters; the presigned signature parameter is left out.
     *
     * @param params the decoded parameters
     * @param exclude a parameter name to leave out, or {@code null}
     * @return the canonical query string
     */
    static String canonicalQuery(List<Encoding.Param> params, String exclude) {
        List<String[]> encoded = new ArrayList<>(params.size());
        for (Encoding.Param p : params) {
            if (!p.name().equals(exclude)) {
                encoded.add(new String[] {Encoding.uriEncode(p.name(), false), Encoding.uriEncode(p.value(), false)});
            }
        }
        encoded.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));
        StringBuilder out = new StringBuilder();
        for (String[] e : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(e[0]).append('=').append(e[1]);
        }
        return out.toString();
    }

    /**
     * Builds the canonical header block of the signed headers.
     *
     * @param signedHeaders the lower-case signed header names, sorted
     * @param values returns the values of a header (lower-case name), empty when absent
     * @return the block, each line ending in a newline
     */
    static String canonicalHeaders(List<String> signedHeaders, Function<String, List<String>> values) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            out.append(name).append(':');
            boolean first = true;
            for (String value : values.apply(name)) {
                if (!first) {
                    out.append(',');
                }
                out.append(trimAll(value));
                first = false;
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * Builds the string to sign.
     *
     * @param amzDate the request time {@code yyyyMMdd'T'HHmmss'Z'}
     * @param scope {@code date/region/service/aws4_request}
     * @param canonicalRequest the canonical request
     * @return the string to sign
     */
    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
    }

    /**
     * Builds the string to sign of one chunk of a {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} body.
     *
     * @param amzDate the request time
     * @param scope the credential scope
     * @param previousSignature the seed or previous chunk's signature
     * @param chunkSha256Hex the hex SHA-256 of the chunk's data
     * @return the string to sign
     */
    static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256Hex) {
        return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + '\n' + scope + '\n' + previousSignature + '\n'
                + EMPTY_SHA256 + '\n' + chunkSha256Hex;
    }

    /**
     * Builds the string to sign of the trailer of a signed chunked body.
     *
     * @param amzDate the request time
     * @param scope the credential scope
     * @param previousSignature the final chunk's signature
     * @param canonicalTrailer the trailing headers as {@code name:value\n} lines
     * @return the string to sign
     */
    static String trailerStringToSign(String amzDate, String scope, String previousSignature,
            String canonicalTrailer) {
        return "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + '\n' + scope + '\n' + previousSignature + '\n'
                + sha256Hex(canonicalTrailer);
    }

    static String sign(byte[] signingKey, String stringToSign) {
        return Encoding.hex(hmac(signingKey, stringToSign));
    }

    /**
     * Compares two signatures in constant time.
     *
     * @param expected the computed signature
     * @param given the client's signature, may be {@code null}
     * @return whether they are equal
     */
    static boolean matches(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(String text) {
        return Encoding.hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /**
     * Trims a header value and collapses runs of spaces, as SigV4 canonical headers require.
     *
     * @param value the value
     * @return the trimmed value
     */
    static String trimAll(String value) {
        String trimmed = value.trim();
        if (trimmed.indexOf("  ") < 0 && trimmed.indexOf('\t') < 0) {
            return trimmed;
        }
        StringBuilder out = new StringBuilder(trimmed.length());
        boolean space = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ' || c == '\t') {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }
}
