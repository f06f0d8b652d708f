/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;

/**
 * Checks bucket names, object keys, upload ids and metadata maps before they reach a drive.
 */
final class Validation {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern BLOB_KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern UPLOAD_ID = Pattern.compile("\\d{1,3}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}"
            + "-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Key segments the drive layout reserves. */
    private static final String RESERVED_SEGMENT = "__cairn.";

    private Validation() {
    }

    /**
     * Checks a bucket name against S3's rules.
     *
     * @param name the name
     * @throws ObjectStoreException {@code INVALID_BUCKET_NAME}
     */
    static void bucket(String name) throws ObjectStoreException {
        if (name == null || !BUCKET.matcher(name).matches() || name.contains("..") || name.contains(".-")
                || name.contains("-.") || IP.matcher(name).matches() || name.startsWith("xn--")) {
            throw new ObjectStoreException(ErrorKind.INVALID_BUCKET_NAME, "invalid bucket name: " + name);
        }
    }

    /**
     * Checks an object key: 1 to 1024 UTF-8 bytes, no NUL, no empty, {@code .} or {@code ..} segment (a trailing
     * slash is allowed), no segment over {@link Drive#MAX_SEGMENT_BYTES}, no leading slash, no reserved
     * segment.
     *
     * @param key the key
     * @throws ObjectStoreException {@code INVALID_OBJECT_NAME}
     */
    static void key(String key) throws ObjectStoreException {
        if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > Drive.MAX_NAME_BYTES
                || key.indexOf('\0') >= 0 || key.startsWith("/")) {
            throw invalidKey(key);
        }
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || ".".equals(segment) || "..".equals(segment)
                    || segment.startsWith(RESERVED_SEGMENT) || segmentTooLong(segment)) {
                throw invalidKey(key);
            }
        }
    }

    /**
     * Checks a bucket metadata blob name.
     *
     * @param key the name
     * @throws ObjectStoreException {@code INVALID_ARGUMENT}
     */
    static void blobKey(String key) throws ObjectStoreException {
        if (key == null || !BLOB_KEY.matcher(key).matches()) {
            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "invalid bucket metadata name: " + key);
        }
    }

    /**
     * Checks an upload id's form so that it can be used in a path.
     *
     * @param uploadId the id
     * @throws ObjectStoreException {@code NO_SUCH_UPLOAD}
     */
    static void uploadId(String uploadId) throws ObjectStoreException {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "no such upload: " + uploadId);
        }
    }

    /**
     * Copies a metadata map without the engine's reserved keys.
     *
     * @param metadata the map from the caller
     * @return the cleaned copy
     */
    static Map<String, String> cleanMetadata(Map<String, String> metadata) {
        Map<String, String> clean = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k != null && v != null && !k.toLowerCase(java.util.Locale.ROOT).startsWith(Metadata.RESERVED_PREFIX)) {
                clean.put(k, v);
            }
        });
        return clean;
    }

    /**
     * Tells whether a key segment is longer than a file name may be.
     *
     * @param segment the segment
     * @return whether it has more than {@link Drive#MAX_SEGMENT_BYTES} UTF-8 bytes
     */
    static boolean segmentTooLong(String segment) {
        return segment.length() * 3 > Drive.MAX_SEGMENT_BYTES
                && segment.getBytes(StandardCharsets.UTF_8).length > Drive.MAX_SEGMENT_BYTES;
    }

    private static ObjectStoreException invalidKey(String key) {
        String shown = key == null ? "null" : key.length() > 64 ? key.substring(0, 64) + "..." : key;
        return new ObjectStoreException(ErrorKind.INVALID_OBJECT_NAME, "invalid object name: "
                + shown.replace("\0", "\\0"));
    }
}
