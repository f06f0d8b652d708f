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
    /**
     * The longest part of a key between two slashes, in UTF-8 bytes: each part is a directory or file name on the
     * drives, as in MinIO, which answers a longer one as a key that is too long.
     */
    static final int MAX_SEGMENT_BYTES = 255;

    private BucketNames() {
    }

    /**
     * Tells whether a bucket name follows S3's rules: 3-63 of {@code [a-z0-9.-]}, starting and ending with a letter
     * or digit, no {@code ..}, {@code .-} or {@code -.}, not an IPv4 address, no {@code xn--} prefix, and none of
     * the affixes S3 reserves ({@code sthree-}, {@code amzn-s3-demo-}, {@code -s3alias}, {@code --ol-s3},
     * {@code .mrap}, {@code --x-s3}, {@code --table-s3}).
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
        if (hasReservedAffix(name)) {
            return false;
        }
        return !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }

    /** Prefixes and suffixes S3 reserves for its own naming schemes (access points, Express, demos). */
    private static final String[] RESERVED_PREFIXES = {"sthree-", "amzn-s3-demo-"};
    private static final String[] RESERVED_SUFFIXES = {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};

    private static boolean hasReservedAffix(String name) {
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    static void check(String bucket) {
        if (!valid(bucket)) {
            throw new S3Exception(S3Error.INVALID_BUCKET_NAME);
        }
    }

    static void checkKey(String key) {
        if (keyTooLong(key)) {
            throw new S3Exception(S3Error.KEY_TOO_LONG);
        }
    }

    /**
     * Tells whether a key is longer than {@value #MAX_KEY_BYTES} UTF-8 bytes or has a part between slashes longer
     * than {@value #MAX_SEGMENT_BYTES}.
     *
     * @param key the key
     * @return whether S3 answers it with {@code KeyTooLongError}
     */
    static boolean keyTooLong(String key) {
        if (key.length() * 3 <= MAX_SEGMENT_BYTES) {
            return false;
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return true;
        }
        for (String segment : key.split("/")) {
            if (segment.length() * 3 > MAX_SEGMENT_BYTES
                    && segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return true;
            }
        }
        return false;
    }
}
