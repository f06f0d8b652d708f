/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Names of multipart upload records in the system volume, chosen so that a sorted walk returns the uploads in S3's
 * listing order: by key, then by upload id.
 *
 * <p>The record of upload {@code U} of key {@code K} in bucket {@code B} is the object
 * {@code uploads/B/E(K)U+0001U+0001/U}, where {@code E} writes every {@code U+0001} of the key as
 * {@code U+0001U+0002}. The terminator {@code U+0001U+0001} sorts before every encoded key character (keys cannot
 * hold NUL), so a key's records come before those of every longer key it is a prefix of, even one that continues
 * with a character sorting before {@code /} such as {@code -} or {@code .}; and {@code E} keeps both order and
 * prefixes, so a key prefix is a name prefix. The directory layout still follows the key's {@code /} segments.
 * Upload ids are time-ordered (a version 7 UUID after the pool), so within one key and pool the id order is the
 * order uploads began.
 */
final class UploadNames {

    /** Top directory of the records in the system volume. */
    static final String ROOT = "uploads/";
    /** Ends the encoded key; sorts before every encoded character. */
    static final String END = "\u0001\u0001/";

    private static final char ESCAPE = '\u0001';
    private static final char ESCAPED = '\u0002';

    private UploadNames() {
    }

    /**
     * Returns the directory of a bucket's records.
     *
     * @param bucket the bucket
     * @return {@code uploads/<bucket>/}
     */
    static String bucketDir(String bucket) {
        return ROOT + bucket + "/";
    }

    /**
     * Returns the record name of an upload.
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @return the record's key in the system volume
     */
    static String record(String bucket, String key, String uploadId) {
        return bucketDir(bucket) + encode(key) + END + uploadId;
    }

    /**
     * Returns the walk prefix of every record whose key starts with {@code prefix}.
     *
     * @param bucket the bucket
     * @param prefix the key prefix
     * @return the name prefix
     */
    static String walkPrefix(String bucket, String prefix) {
        return bucketDir(bucket) + encode(prefix);
    }

    /**
     * Returns the name after which every record of a key starting with {@code keyPrefix} lies.
     *
     * @param bucket the bucket
     * @param keyPrefix the key prefix (a common prefix or a whole key)
     * @return a name to seek past
     */
    static String afterAll(String bucket, String keyPrefix) {
        return walkPrefix(bucket, keyPrefix) + Lister.AFTER_ALL;
    }

    /**
     * Splits a record name into key and upload id.
     *
     * @param bucket the bucket
     * @param name the record's name
     * @return {@code {key, uploadId}}, or {@code null} when the name is not a record of the bucket
     */
    static String[] parse(String bucket, String name) {
        String dir = bucketDir(bucket);
        int end = name.lastIndexOf(END);
        if (!name.startsWith(dir) || end < dir.length()) {
            return null;
        }
        String key = decode(name.substring(dir.length(), end));
        String id = name.substring(end + END.length());
        return key == null || key.isEmpty() || id.isEmpty() || id.indexOf('/') >= 0 ? null : new String[] {key, id};
    }

    /**
     * Tells whether the records of a key can be stored: every segment of the encoded key, the last one with the
     * terminator, must fit in a file name. A key whose last segment has 254 or 255 bytes cannot have uploads.
     *
     * @param key a valid key
     * @return whether {@link #record} names a storable path
     */
    static boolean storable(String key) {
        String encoded = encode(key) + END;
        for (String segment : encoded.substring(0, encoded.length() - 1).split("/")) {
            if (Validation.segmentTooLong(segment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes a key: {@code U+0001} becomes {@code U+0001U+0002}, everything else stays.
     *
     * @param key the key
     * @return the encoded key
     */
    static String encode(String key) {
        return key.indexOf(ESCAPE) < 0 ? key : key.replace(String.valueOf(ESCAPE), "" + ESCAPE + ESCAPED);
    }

    /**
     * Decodes an encoded key.
     *
     * @param encoded the encoded key
     * @return the key, or {@code null} when the text is not an encoding
     */
    static String decode(String encoded) {
        if (encoded.indexOf(ESCAPE) < 0) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char ch = encoded.charAt(i);
            if (ch == ESCAPE) {
                if (i + 1 >= encoded.length() || encoded.charAt(i + 1) != ESCAPED) {
                    return null;
                }
                i++;
            }
            out.append(ch);
        }
        return out.toString();
    }

    /**
     * Creates a time-ordered upload id: {@code <pool>.<version 7 UUID>} (48 bits of milliseconds, then random).
     *
     * @param pool the pool
     * @param millis the current time in milliseconds since the epoch
     * @param random the random source
     * @return the id
     */
    static String newUploadId(int pool, long millis, SecureRandom random) {
        long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return pool + "." + new UUID(msb, lsb);
    }
}
