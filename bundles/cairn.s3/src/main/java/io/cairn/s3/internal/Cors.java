/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jetty.http.HttpFields;

/**
 * Cross-origin resource sharing for browsers, server-wide as MinIO's {@code MINIO_API_CORS_ALLOW_ORIGIN}: requests
 * from an allowed origin get the headers that let a web page read the answer, and preflight requests are answered
 * without credentials. Bucket CORS configurations are not implemented.
 */
final class Cors {

    /** Every origin, the default (as in MinIO). */
    static final Cors ANY = new Cors(List.of("*"));

    /** The methods a preflight may ask for. */
    static final List<String> METHODS = List.of("GET", "PUT", "HEAD", "POST", "DELETE");

    /** The response headers a page may read: the ones Cairn sends, besides the always readable ones. */
    private static final String EXPOSED = String.join(", ", "Date", "ETag", "Server", "Accept-Ranges",
            "Content-Range", "Content-Encoding", "Content-Length", "Content-Type", "Content-Disposition",
            "Content-Language", "Cache-Control", "Expires", "Last-Modified", "Retry-After", "x-amz-request-id",
            "x-amz-id-2", "x-amz-version-id", "x-amz-delete-marker", "x-amz-bucket-region", "x-amz-storage-class",
            "x-amz-tagging-count", "x-amz-mp-parts-count", "x-amz-checksum-type", "x-amz-checksum-crc32",
            "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1", "x-amz-checksum-sha256",
            "x-amz-copy-source-version-id", "x-minio-error-code");

    private final List<String> patterns;

    /**
     * Creates the policy.
     *
     * @param patterns allowed origins; {@code *} in a pattern stands for any run of characters
     */
    Cors(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * Parses a comma-separated list of origin patterns.
     *
     * @param text the list, e.g. {@code https://app.example.com,https://*.example.org}
     * @return the policy; {@link #ANY} when the list is empty
     */
    static Cors parse(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out.isEmpty() ? ANY : new Cors(out);
    }

    /**
     * Tells whether pages from an origin may read answers.
     *
     * @param origin the {@code Origin} header
     * @return whether a pattern matches it
     */
    boolean allows(String origin) {
        for (String pattern : patterns) {
            if (matches(pattern, origin, 0, 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the headers of an actual request's answer: the origin is allowed, with credentials, and may read the
     * headers Cairn sends. Nothing is added for an origin that is not allowed, so the browser withholds the answer.
     *
     * @param origin the request's {@code Origin} header, or {@code null}
     * @param headers the response headers
     */
    void decorate(String origin, HttpFields.Mutable headers) {
        if (origin == null) {
            return;
        }
        headers.add("Vary", "Origin");
        if (allows(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Credentials", "true");
            headers.put("Access-Control-Expose-Headers", EXPOSED);
        }
    }

    /**
     * Answers the question of a preflight request, adding what it allows to the headers.
     *
     * @param origin the {@code Origin} header
     * @param method the {@code Access-Control-Request-Method} header
     * @param requestHeaders the {@code Access-Control-Request-Headers} header, or {@code null}
     * @param headers the response headers, already {@linkplain #decorate decorated}
     * @return whether the request may be made
     */
    boolean preflight(String origin, String method, String requestHeaders, HttpFields.Mutable headers) {
        headers.add("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!allows(origin) || !METHODS.contains(method.trim().toUpperCase(Locale.ROOT))) {
            return false;
        }
        headers.put("Access-Control-Allow-Methods", String.join(", ", METHODS));
        if (requestHeaders != null && !requestHeaders.isBlank()) {
            headers.put("Access-Control-Allow-Headers", requestHeaders.trim());
        }
        return true;
    }

    private static boolean matches(String pattern, String text, int p, int t) {
        if (p == pattern.length()) {
            return t == text.length();
        }
        if (pattern.charAt(p) == '*') {
            for (int i = t; i <= text.length(); i++) {
                if (matches(pattern, text, p + 1, i)) {
                    return true;
                }
            }
            return false;
        }
        return t < text.length() && pattern.charAt(p) == text.charAt(t) && matches(pattern, text, p + 1, t + 1);
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
