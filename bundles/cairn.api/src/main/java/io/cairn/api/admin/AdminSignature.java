/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.admin;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies calls to a node's admin shell endpoint with the root credentials.
 *
 * <p>A call is a {@code POST} of a Gogo command line (UTF-8) to {@link #SHELL_PATH}. It carries the header
 * {@value #DATE_HEADER} (milliseconds since the epoch) and {@code Authorization: }{@value #SCHEME}
 * {@code <access key>:<signature>}, where the signature is the lowercase hex HMAC-SHA256, keyed with the secret
 * key, of {@code "cairn-admin-v1\n" + date + "\n" + path + "\n" + hex(SHA-256(body))}. A node refuses a call whose
 * date is more than {@link #MAX_SKEW_MS} away from its clock, compares signatures in constant time, and accepts
 * calls only from loopback addresses unless configured otherwise. Instances are immutable and thread-safe.
 */
public final class AdminSignature {

    /** Path of the shell endpoint. */
    public static final String SHELL_PATH = "/cairn/admin/v1/shell";

    /** Header carrying the call's time in milliseconds since the epoch. */
    public static final String DATE_HEADER = "X-Cairn-Date";

    /** Authorization scheme name. */
    public static final String SCHEME = "Cairn-HMAC-SHA256";

    /** Largest accepted difference between the caller's and the node's clock. */
    public static final long MAX_SKEW_MS = 15L * 60 * 1000;

    private static final String VERSION_LINE = "cairn-admin-v1\n";

    private final String accessKey;
    private final byte[] secretKey;

    /**
     * Creates a signer for one set of credentials.
     *
     * @param accessKey the root user
     * @param secretKey the root password
     */
    public AdminSignature(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Computes the {@code Authorization} header value of a call.
     *
     * @param dateMs the value of {@value #DATE_HEADER}
     * @param path the request path
     * @param body the request body
     * @return the header value
     */
    public String authorization(long dateMs, String path, byte[] body) {
        return SCHEME + " " + accessKey + ":" + signature(dateMs, path, body);
    }

    /**
     * Checks a call.
     *
     * @param authorization the {@code Authorization} header, may be {@code null}
     * @param dateMs the value of {@value #DATE_HEADER}
     * @param nowMs the node's clock
     * @param path the request path
     * @param body the request body
     * @return {@code null} when the call is authentic, otherwise the reason it is refused
     */
    public String verify(String authorization, long dateMs, long nowMs, String path, byte[] body) {
        if (Math.abs(nowMs - dateMs) > MAX_SKEW_MS) {
            return "request time too skewed";
        }
        String expected = authorization(dateMs, path, body);
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given)) {
            return "signature does not match";
        }
        return null;
    }

    private String signature(long dateMs, String path, byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            String toSign = VERSION_LINE + dateMs + "\n" + path + "\n" + bodyHash;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("The JVM lacks HmacSHA256 or SHA-256", e);
        }
    }
}
