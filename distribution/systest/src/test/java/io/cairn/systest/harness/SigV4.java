/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small AWS Signature Version 4 signer for tests that build S3 requests by hand: header signatures with any
 * clock (to test skew), presigned URLs, and the per-chunk signatures of {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}.
 * Written from the published algorithm, independent of the server's implementation.
 */
public final class SigV4 {

    /** The algorithm name in headers and strings to sign. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The hex SHA-256 of nothing, the payload hash of bodiless requests. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKey;
    private final String secretKey;
    private final String region;

    /**
     * Creates a signer.
     *
     * @param accessKey the access key
     * @param secretKey the secret key
     * @param region the region of the credential scope
     */
    public SigV4(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /**
     * Formats a time as {@code x-amz-date} does.
     *
     * @param time the time
     * @return e.g. {@code 20130524T000000Z}
     */
    public static String amzDate(Instant time) {
        return AMZ_DATE.format(time);
    }

    /**
     * The credential scope of a time.
     *
     * @param time the time
     * @return {@code date/region/s3/aws4_request}
     */
    public String scope(Instant time) {
        return amzDate(time).substring(0, 8) + "/" + region + "/s3/aws4_request";
    }

    /**
     * Signs a request in the {@code Authorization} header. Adds {@code x-amz-date} and
     * {@code x-amz-content-sha256}; every header in the map (lower-case names, {@code host} included) is signed.
     *
     * @param method the method
     * @param encodedPath the path exactly as sent
     * @param query the decoded query parameters
     * @param headers the headers to sign; receives the added headers and {@code authorization}
     * @param payloadHash the payload hash header value
     * @param time the signing time
     * @return the signature (the seed of a chunked upload)
     */
    public String sign(String method, String encodedPath, Map<String, String> query, Map<String, String> headers,
            String payloadHash, Instant time) {
        headers.put("x-amz-date", amzDate(time));
        headers.put("x-amz-content-sha256", payloadHash);
        TreeMap<String, String> sorted = new TreeMap<>();
        // SigV4 canonical values are trimmed with runs of spaces collapsed (asctime dates have two).
        headers.forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT),
                value.trim().replaceAll(" {2,}", " ")));
        StringBuilder canonicalHeaders = new StringBuilder();
        sorted.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", sorted.keySet());
        String canonicalRequest = method + "\n" + encodedPath + "\n" + canonicalQuery(query) + "\n"
                + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String signature = signature(time, canonicalRequest);
        headers.put("authorization", ALGORITHM + " Credential=" + accessKey + "/" + scope(time) + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature);
        return signature;
    }

    /**
     * Builds a presigned URL's query (SigV4 in the query string, only {@code host} signed).
     *
     * @param method the method
     * @param host the {@code Host} header value
     * @param encodedPath the path as sent
     * @param query extra decoded query parameters
     * @param expires how long the URL is valid
     * @param time the signing time
     * @return the full query string to append after {@code ?}
     */
    public String presignQuery(String method, String host, String encodedPath, Map<String, String> query,
            Duration expires, Instant time) {
        TreeMap<String, String> all = new TreeMap<>(query);
        all.put("X-Amz-Algorithm", ALGORITHM);
        all.put("X-Amz-Credential", accessKey + "/" + scope(time));
        all.put("X-Amz-Date", amzDate(time));
        all.put("X-Amz-Expires", Long.toString(expires.toSeconds()));
        all.put("X-Amz-SignedHeaders", "host");
        String canonicalRequest = method + "\n" + encodedPath + "\n" + canonicalQuery(all) + "\nhost:" + host
                + "\n\nhost\nUNSIGNED-PAYLOAD";
        all.put("X-Amz-Signature", signature(time, canonicalRequest));
        return canonicalQuery(all);
    }

    /**
     * The signature of one chunk of a {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} upload.
     *
     * @param time the request's signing time
     * @param previousSignature the seed signature or the previous chunk's signature
     * @param chunk the chunk data (empty for the final chunk)
     * @return the chunk signature
     */
    public String chunkSignature(Instant time, String previousSignature, byte[] chunk) {
        String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate(time) + "\n" + scope(time) + "\n"
                + previousSignature + "\n" + EMPTY_SHA256 + "\n" + sha256Hex(chunk);
        return HEX.formatHex(hmac(signingKey(time), stringToSign));
    }

    private String signature(Instant time, String canonicalRequest) {
        String stringToSign = ALGORITHM + "\n" + amzDate(time) + "\n" + scope(time) + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(hmac(signingKey(time), stringToSign));
    }

    private byte[] signingKey(Instant time) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), amzDate(time).substring(0, 8));
        key = hmac(key, region);
        key = hmac(key, "s3");
        return hmac(key, "aws4_request");
    }

    /**
     * The canonical query string: names and values URI-encoded, sorted by name.
     *
     * @param query the decoded parameters
     * @return the canonical (and sendable) query string
     */
    public static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> encoded = new TreeMap<>();
        query.forEach((name, value) -> encoded.put(uriEncode(name, true), uriEncode(value, true)));
        StringBuilder result = new StringBuilder();
        encoded.forEach((name, value) -> result.append(result.length() == 0 ? "" : "&").append(name).append('=')
                .append(value));
        return result.toString();
    }

    /**
     * URI-encodes as SigV4 specifies (unreserved characters kept, the rest {@code %XX} upper case).
     *
     * @param value the text
     * @param encodeSlash whether to encode {@code /}
     * @return the encoded text
     */
    public static String uriEncode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append((char) c);
            } else {
                out.append(String.format(Locale.ROOT, "%%%02X", c));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The hex SHA-256 of bytes.
     *
     * @param bytes the bytes
     * @return the lower-case hex digest
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
