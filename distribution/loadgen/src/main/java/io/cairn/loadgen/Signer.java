/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests signed in the {@code Authorization} header, and the chained signatures
 * of {@code aws-chunked} bodies. By default the load generator sends bodies as {@code UNSIGNED-PAYLOAD}, so that
 * hashing the payload does not slow the client down; {@link PayloadSigning} selects the other ways real clients
 * send them. One instance per worker thread (not thread safe).
 */
final class Signer {

    /** The payload hash that tells the server the body is not part of the signature. */
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();
    /** The SHA-256 of no bytes, part of every chunk's string to sign. */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final Mac mac;
    private String keyDate = "";
    private byte[] signingKey;

    Signer(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /**
     * The signature of a request's headers: the seed from which the signatures of an {@code aws-chunked} body chain.
     *
     * @param amzDate the request time, {@code yyyyMMdd'T'HHmmss'Z'}
     * @param scope the credential scope, {@code date/region/s3/aws4_request}
     * @param signature the hex signature
     */
    record Signature(String amzDate, String scope, String signature) {
    }

    /**
     * Adds {@code x-amz-date}, {@code x-amz-content-sha256} and {@code Authorization} to the headers.
     *
     * @param method the HTTP method
     * @param encodedPath the URI-encoded path (as sent)
     * @param query the decoded query parameters (values may be empty)
     * @param headers the request headers, lower-case names; must contain {@code host}
     * @param payloadHash the hex SHA-256 of the body or {@link #UNSIGNED_PAYLOAD}
     * @return the signature, the seed of a chunked body
     */
    Signature sign(String method, String encodedPath, Map<String, String> query, Map<String, String> headers,
            String payloadHash) {
        return sign(method, encodedPath, query, headers, payloadHash, ZonedDateTime.now(ZoneOffset.UTC));
    }

    /**
     * Signs as of a given time (tests use AWS's published examples).
     *
     * @param method the HTTP method
     * @param encodedPath the URI-encoded path
     * @param query the decoded query parameters
     * @param headers the headers, lower-case names
     * @param payloadHash the payload hash
     * @param now the signing time in UTC
     * @return the signature
     */
    Signature sign(String method, String encodedPath, Map<String, String> query, Map<String, String> headers,
            String payloadHash, ZonedDateTime now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        headers.put("x-amz-date", amzDate);
        headers.put("x-amz-content-sha256", payloadHash);
        TreeMap<String, String> sorted = new TreeMap<>(headers);
        StringBuilder canonicalHeaders = new StringBuilder();
        StringBuilder signedHeaders = new StringBuilder();
        for (Map.Entry<String, String> header : sorted.entrySet()) {
            canonicalHeaders.append(header.getKey()).append(':').append(header.getValue().trim()).append('\n');
            if (signedHeaders.length() > 0) {
                signedHeaders.append(';');
            }
            signedHeaders.append(header.getKey());
        }
        String canonicalRequest = method + '\n' + encodedPath + '\n' + canonicalQuery(query) + '\n'
                + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash;
        String scope = date + "/" + region + "/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
        String signature = HEX.formatHex(hmac(signingKey(date), stringToSign));
        headers.put("authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return new Signature(amzDate, scope, signature);
    }

    /**
     * The signature of one chunk of an {@code aws-chunked} body.
     *
     * @param seed the signature of the request
     * @param previous the previous chunk's signature (the seed's for the first chunk)
     * @param chunkSha256 the hex SHA-256 of the chunk's data
     * @return the chunk's signature
     */
    String chunkSignature(Signature seed, String previous, String chunkSha256) {
        return chained("AWS4-HMAC-SHA256-PAYLOAD", seed, previous, EMPTY_SHA256 + '\n' + chunkSha256);
    }

    /**
     * The signature of the trailer of an {@code aws-chunked} body.
     *
     * @param seed the signature of the request
     * @param previous the final chunk's signature
     * @param canonicalTrailer the trailing headers as {@code name:value\n} lines
     * @return the trailer's signature
     */
    String trailerSignature(Signature seed, String previous, String canonicalTrailer) {
        return chained("AWS4-HMAC-SHA256-TRAILER", seed, previous, sha256Hex(canonicalTrailer));
    }

    private String chained(String algorithm, Signature seed, String previous, String rest) {
        String stringToSign = algorithm + '\n' + seed.amzDate() + '\n' + seed.scope() + '\n' + previous + '\n' + rest;
        return HEX.formatHex(hmac(signingKey(seed.amzDate().substring(0, 8)), stringToSign));
    }

    /**
     * The canonical query string: parameters sorted by encoded name, names and values URI-encoded.
     *
     * @param query the decoded parameters
     * @return the canonical form, also usable as the query string sent
     */
    static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> encoded = new TreeMap<>();
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            encoded.put(uriEncode(parameter.getKey(), true), uriEncode(parameter.getValue(), true));
        }
        StringBuilder result = new StringBuilder();
        for (Map.Entry<String, String> parameter : encoded.entrySet()) {
            if (result.length() > 0) {
                result.append('&');
            }
            result.append(parameter.getKey()).append('=').append(parameter.getValue());
        }
        return result.toString();
    }

    /**
     * URI-encodes as SigV4 requires: unreserved characters stay, everything else becomes {@code %XX}.
     *
     * @param value the text
     * @param encodeSlash whether {@code /} is encoded (yes in query values, no in paths)
     * @return the encoded text
     */
    static String uriEncode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private byte[] signingKey(String date) {
        if (!date.equals(keyDate)) {
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, "s3");
            signingKey = hmac(key, "aws4_request");
            keyDate = date;
        }
        return signingKey;
    }

    private byte[] hmac(byte[] key, String data) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key rejected", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hex SHA-256 of a text.
     *
     * @param text the text
     * @return the lower-case hex digest
     */
    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hex SHA-256 of bytes.
     *
     * @param bytes the bytes
     * @return the lower-case hex digest
     */
    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
