/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bearer tokens MinIO's {@code mc admin prometheus generate} creates and MinIO's metrics endpoints accept: a
 * JSON Web Token signed with HMAC-SHA512 under the root password, whose subject is the root user, whose issuer is
 * {@value #ISSUER} and whose expiry lies in the future. Instances are immutable and thread-safe.
 */
final class PrometheusToken {

    /** The issuer every token names. */
    static final String ISSUER = "prometheus";

    private static final String ALGORITHM = "HS512";
    private static final String MAC = "HmacSHA512";
    private static final String BEARER = "bearer ";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_JSON_DEPTH = 4;
    private static final int MAX_JSON_STRING = 1_024;

    private final String user;
    private final SecretKeySpec key;
    private final int maxHeaderBytes;
    private final ObjectMapper json;

    /**
     * Creates a signer and checker for one root user.
     *
     * @param user the root user, not empty
     * @param password the root password, not empty
     * @param maxHeaderBytes the longest Authorization header examined; longer ones are refused unread
     */
    PrometheusToken(String user, String password, int maxHeaderBytes) {
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("root user and password must be set");
        }
        this.user = user;
        this.key = new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), MAC);
        this.maxHeaderBytes = maxHeaderBytes;
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH).maxStringLength(MAX_JSON_STRING).build()).build();
        this.json = new ObjectMapper(factory);
    }

    /**
     * Creates a token for the root user.
     *
     * @param expiry when the token stops being accepted
     * @return the token, without the {@code Bearer} prefix
     */
    String create(Instant expiry) {
        ObjectNode header = json.createObjectNode().put("alg", ALGORITHM).put("typ", "JWT");
        ObjectNode claims = json.createObjectNode().put("exp", expiry.getEpochSecond()).put("iss", ISSUER)
                .put("sub", user);
        String signed = encode(header) + "." + encode(claims);
        return signed + "." + ENCODER.encodeToString(sign(signed));
    }

    /**
     * Checks the {@code Authorization} header of a scrape.
     *
     * @param authorization the header value, {@code null} when absent
     * @param now the current time
     * @return {@code null} when the token is accepted, else why it is refused (for logs; never contains the token)
     */
    String verify(String authorization, Instant now) {
        if (authorization == null) {
            return "no Authorization header";
        }
        if (authorization.length() > maxHeaderBytes) {
            return "Authorization header too long";
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "not a bearer token";
        }
        String[] parts = authorization.substring(BEARER.length()).trim().split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return "malformed token";
        }
        try {
            JsonNode header = decode(parts[0]);
            if (!ALGORITHM.equals(text(header, "alg"))) {
                return "token not signed with " + ALGORITHM;
            }
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
                return "bad token signature";
            }
            return checkClaims(decode(parts[1]), now);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return "malformed token";
        }
    }

    private String checkClaims(JsonNode claims, Instant now) {
        if (!user.equals(text(claims, "sub"))) {
            return "token subject is not the root user";
        }
        if (!ISSUER.equals(text(claims, "iss"))) {
            return "token issuer is not " + ISSUER;
        }
        JsonNode exp = claims.path("exp");
        if (!exp.isNumber()) {
            return "token has no expiry";
        }
        if (exp.asLong() <= now.getEpochSecond()) {
            return "token expired";
        }
        JsonNode nbf = claims.path("nbf");
        if (nbf.isNumber() && nbf.asLong() > now.getEpochSecond()) {
            return "token not valid yet";
        }
        return null;
    }

    private JsonNode decode(String part) throws JsonProcessingException {
        JsonNode node = json.readTree(new String(DECODER.decode(part), StandardCharsets.UTF_8));
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    private String encode(ObjectNode node) {
        try {
            return ENCODER.encodeToString(json.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] sign(String signed) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(MAC + " is not available", e);
        }
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
