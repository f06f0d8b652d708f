/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.charset.StandardCharsets;

/**
 * S3's naming rules for buckets and the key length limit.
 */
final class BucketNames {

    /** The longest key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    private BucketNames() {
    }

    /**
     * Tells whether a bucket name follows S3's rules: 3-63 of {@code [a-z0-9.-]}, starting and ending with a letter
     * or digit, no {@code ..}, {@code .-} or {@code -.}, not an IPv4 address, no {@code xn--} prefix.
     *
     * @param name the name
     * @return whether it is valid
     */
    static boolean valid(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return false;
            }
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            return false;
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.") || name.startsWith("xn--")) {
            return false;
        }
        return !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }

    static void check(String bucket) {
        if (!valid(bucket)) {
            throw new S3Exception(S3Error.INVALID_BUCKET_NAME);
        }
    }

    static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Exception(S3Error.KEY_TOO_LONG);
        }
    }
}
