/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies peer calls with a key derived from the root credentials.
 *
 * <p>The key is {@code HMAC-SHA256(rootPassword, "cairn-rpc-v1\n" + rootUser)}, so the password itself never
 * keys a wire signature. A call's signature is the hex HMAC-SHA256 under that key of
 * {@code "CAIRN-RPC-V1\n" + method + "\n" + path + "\n" + date + "\n" + sha256hex(argsHeader) + "\n" + bodyHash},
 * where {@code bodyHash} is the hex SHA-256 of the body or {@value Wire#UNSIGNED_STREAM}. It travels as
 * {@code Authorization: CAIRN-RPC-HMAC-SHA256 <rootUser>:<signature>}. Instances are immutable and thread-safe.
 */
final class Signer {

    private static final String ALGORITHM = "HmacSHA256";

    private final String user;
    private final byte[] key;
    private final String fingerprint;

    /**
     * Derives the signing key.
     *
     * @param user the root user
     * @param password the root password
     */
    Signer(String user, String password) {
        this.user = user;
        this.key = hmac(password.getBytes(StandardCharsets.UTF_8), "cairn-rpc-v1\n" + user);
        this.fingerprint = HexFormat.of().formatHex(hmac(key, "cairn-credentials-fingerprint"), 0, 16);
    }

    /**
     * Returns a one-way fingerprint of the credentials for the bootstrap comparison.
     *
     * @return 32 hex digits
     */
    String fingerprint() {
        return fingerprint;
    }

    /**
     * Computes the {@code Authorization} header of a call.
     *
     * @param method the HTTP method
     * @param path the request path
     * @param dateMs the caller's clock
     * @param argsHeader the value of the arguments header, empty when absent
     * @param bodyHash the body's hex SHA-256 or {@value Wire#UNSIGNED_STREAM}
     * @return the header value
     */
    String authorization(String method, String path, long dateMs, String argsHeader, String bodyHash) {
        return Wire.SCHEME + " " + user + ":" + signature(method, path, dateMs, argsHeader, bodyHash);
    }

    /**
     * Checks a call.
     *
     * @param authorization the {@code Authorization} header, may be {@code null}
     * @param method the HTTP method
     * @param path the request path
     * @param dateMs the caller's clock, or {@code Long.MIN_VALUE} when the header is missing or malformed
     * @param nowMs this node's clock
     * @param argsHeader the value of the arguments header, empty when absent
     * @param bodyHash the body hash the caller declared
     * @return {@code null} when authentic, otherwise why the call is refused
     */
    String verify(String authorization, String method, String path, long dateMs, long nowMs, String argsHeader,
            String bodyHash) {
        if (dateMs == Long.MIN_VALUE) {
            return "missing or malformed " + Wire.DATE_HEADER + " header";
        }
        if (Math.abs(nowMs - dateMs) > Wire.MAX_SKEW_MS) {
            return "request time " + dateMs + " is more than 15 minutes away from this node's clock " + nowMs
                    + "; synchronise the clocks (NTP)";
        }
        String expected = authorization(method, path, dateMs, argsHeader, bodyHash);
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given)) {
            return "signature does not match: the caller runs with other root credentials";
        }
        return null;
    }

    /**
     * Returns the hex SHA-256 of some bytes.
     *
     * @param data the bytes
     * @return 64 hex digits
     */
    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks SHA-256", e);
        }
    }

    private String signature(String method, String path, long dateMs, String argsHeader, String bodyHash) {
        String toSign = "CAIRN-RPC-V1\n" + method + "\n" + path + "\n" + dateMs + "\n"
                + sha256Hex(argsHeader.getBytes(StandardCharsets.US_ASCII)) + "\n" + bodyHash;
        return HexFormat.of().formatHex(hmac(key, toSign));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, ALGORITHM));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM lacks HmacSHA256", e);
        }
    }
}
