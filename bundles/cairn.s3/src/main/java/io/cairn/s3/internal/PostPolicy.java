/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A browser-upload policy document: its expiration and conditions ({@code {"field": "value"}}, {@code ["eq",
 * "", "value"]}, {@code ["starts-with", "", "prefix"]}, {@code ["content-length-range", min, max]}),
 * checked against the form's fields. Every field of the form must be covered by a condition, as in S3.
 */
final class PostPolicy {

    /** The largest policy document, in bytes. */
    static final int MAX_POLICY = 20 << 10;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                    .maxStringLength(MAX_POLICY).build()).build());

    /** Fields that need no condition. */
    private static final Set<String> EXEMPT = Set.of("policy", "x-amz-signature", "signature", "file",
            "awsaccesskeyid", "x-amz-security-token");

    private final Instant expiration;
    private final List<String[]> conditions;
    private final long minLength;
    private final long maxLength;

    private PostPolicy(Instant expiration, List<String[]> conditions, long minLength, long maxLength) {
        this.expiration = expiration;
        this.conditions = conditions;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /**
     * Parses a base64 policy.
     *
     * @param base64 the policy field
     * @return the policy
     * @throws S3Exception {@code InvalidPolicyDocument} when malformed
     */
    static PostPolicy parse(String base64) {
        try {
            byte[] raw = Base64.getMimeDecoder().decode(base64);
            if (raw.length > MAX_POLICY) {
                throw new IllegalArgumentException("policy too large");
            }
            JsonNode root = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            if (!root.path("expiration").isTextual()) {
                throw new IllegalArgumentException("Policy missing expiration");
            }
            Instant expiration = Instant.parse(root.path("expiration").asText());
            List<String[]> conditions = new ArrayList<>();
            long min = 0;
            long max = Long.MAX_VALUE;
            for (JsonNode c : conditionList(root)) {
                if (c.isObject()) {
                    if (c.size() != 1) {
                        throw new IllegalArgumentException("Invalid Simple-Condition: Simple-Conditions must have"
                                + " exactly one property specified.");
                    }
                    Map.Entry<String, JsonNode> f = c.properties().iterator().next();
                    conditions.add(new String[] {"eq", f.getKey().toLowerCase(Locale.ROOT), f.getValue().asText()});
                } else if (c.isArray() && c.size() == 3) {
                    String op = c.get(0).asText().toLowerCase(Locale.ROOT);
                    if ("content-length-range".equals(op)) {
                        min = lengthBound(c.get(1));
                        max = lengthBound(c.get(2));
                    } else if ("eq".equals(op) || "starts-with".equals(op)) {
                        String field = c.get(1).asText();
                        if (!field.startsWith("$")) {
                            throw new IllegalArgumentException("condition field must start with $");
                        }
                        conditions.add(new String[] {op, field.substring(1).toLowerCase(Locale.ROOT),
                            c.get(2).asText()});
                    } else {
                        throw new IllegalArgumentException("unknown condition " + op);
                    }
                } else {
                    throw new IllegalArgumentException("malformed condition");
                }
            }
            return new PostPolicy(expiration, conditions, min, max);
        } catch (IOException | IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw new S3Exception(S3Error.INVALID_POLICY_DOCUMENT, "Invalid Policy: " + e.getMessage());
        }
    }

    /**
     * Returns the policy's {@code conditions}, which S3 requires (by that exact name) and which must be a list: a
     * policy without them is malformed, not one that allows no field.
     */
    private static JsonNode conditionList(JsonNode root) {
        JsonNode list = root.path("conditions");
        if (list.isMissingNode()) {
            throw new IllegalArgumentException("Policy missing conditions.");
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("Policy conditions must be a list.");
        }
        return list;
    }

    /** Reads a bound of {@code content-length-range}: a whole number, written as a JSON number or string. */
    private static long lengthBound(JsonNode bound) {
        String text = bound.asText();
        if (!(bound.isIntegralNumber() || bound.isTextual()) || !text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("content-length-range bounds must be whole numbers, not " + bound);
        }
        return Long.parseLong(text);
    }

    /**
     * Checks the policy against the form.
     *
     * @param fields the form fields (lower-case names), including {@code bucket}
     * @param now the server time
     * @throws S3Exception {@code AccessDenied} when the policy expired or a condition fails
     */
    void check(Map<String, String> fields, Instant now) {
        if (now.isAfter(expiration)) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid according to Policy: Policy expired.");
        }
        Set<String> covered = new HashSet<>();
        for (String[] c : conditions) {
            String value = fields.get(c[1]);
            covered.add(c[1]);
            boolean ok = "eq".equals(c[0]) ? c[2].equals(value)
                    : value != null && value.startsWith(c[2]);
            if (!ok && "starts-with".equals(c[0]) && "content-type".equals(c[1]) && value != null) {
                ok = allStartWith(value, c[2]);
            }
            if (!ok) {
                throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid according to Policy: Policy Condition failed: [\""
                        + c[0] + "\", \"$" + c[1] + "\", \"" + c[2] + "\"]");
            }
        }
        for (String name : fields.keySet()) {
            if (!covered.contains(name) && !EXEMPT.contains(name) && !name.startsWith("x-ignore-")
                    && !"bucket".equals(name)) {
                throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid according to Policy: Extra input fields: "
                        + name);
            }
        }
    }

    private static boolean allStartWith(String value, String prefix) {
        for (String v : value.split(",")) {
            if (!v.trim().startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    long minLength() {
        return minLength;
    }

    long maxLength() {
        return maxLength;
    }
}
