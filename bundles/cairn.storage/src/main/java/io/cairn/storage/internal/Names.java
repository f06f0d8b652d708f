/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;

/**
 * Checks volume names, paths and object keys so that no name can reach outside a drive's directory, and maps keys
 * to the on-disk layout.
 *
 * <p>Layout: an object {@code a/b} is the directory {@code <volume>/a/b/} holding the metadata file
 * {@value #META}; an object whose key ends with {@code /} ({@code a/b/}, a "folder" marker) is the file
 * {@value #DIR_META} in that same directory. Data directories are {@value #DATA_PREFIX}{@code <uuid>} beside the
 * metadata. While a commit is not finished, the previous version's metadata is kept as the metadata file name
 * plus {@value #PREVIOUS_SUFFIX}, its data directory staying in place. Every name starting with {@value #RESERVED}
 * is therefore refused inside keys.
 */
final class Names {

    /** Prefix of every file name the drive reserves inside volumes. */
    static final String RESERVED = "__cairn.";
    /** Metadata file of an object. */
    static final String META = RESERVED + "meta";
    /** Metadata file of an object whose key ends with a slash. */
    static final String DIR_META = RESERVED + "dirmeta";
    /** Suffix of the file keeping an object's previous metadata during a two-phase commit. */
    static final String PREVIOUS_SUFFIX = ".prev";
    /** Prefix of data directory names. */
    static final String DATA_PREFIX = RESERVED + "d.";
    /** Marker file at the top of a bucket volume holding its creation time. */
    static final String VOLUME_MARKER = RESERVED + "volume";
    /** Shard file name prefix inside a data directory. */
    static final String PART_PREFIX = "part.";

    private static final Pattern VOLUME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern DATA_DIR = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private Names() {
    }

    /**
     * Checks a volume name: a bucket-like name or one of the reserved volumes.
     *
     * @param volume the name
     * @return the name
     * @throws DriveException {@code INVALID_NAME}
     */
    static String volume(String volume) throws DriveException {
        if (volume == null || !(Drive.SYSTEM_VOLUME.equals(volume) || Drive.TEMP_VOLUME.equals(volume)
                || VOLUME.matcher(volume).matches())) {
            throw invalid("volume name", volume);
        }
        return volume;
    }

    /**
     * Returns the longest accepted name in a volume.
     *
     * @param volume the volume
     * @return {@link Drive#MAX_SYSTEM_NAME_BYTES} in the system volume, {@link Drive#MAX_NAME_BYTES} elsewhere
     */
    static int maxBytes(String volume) {
        return Drive.SYSTEM_VOLUME.equals(volume) ? Drive.MAX_SYSTEM_NAME_BYTES : Drive.MAX_NAME_BYTES;
    }

    /**
     * Checks a relative file path of at most {@link Drive#MAX_NAME_BYTES}.
     *
     * @param path the path
     * @param allowEmpty whether the empty path (the volume itself) is accepted
     * @return the path
     * @throws DriveException {@code INVALID_NAME}
     */
    static String path(String path, boolean allowEmpty) throws DriveException {
        return path(path, allowEmpty, Drive.MAX_NAME_BYTES);
    }

    /**
     * Checks a relative file path: non-empty segments of at most {@link Drive#MAX_SEGMENT_BYTES}, no {@code .} or
     * {@code ..}, no NUL, no leading slash.
     *
     * @param path the path
     * @param allowEmpty whether the empty path (the volume itself) is accepted
     * @param maxBytes the longest accepted path in UTF-8 bytes
     * @return the path
     * @throws DriveException {@code INVALID_NAME}
     */
    static String path(String path, boolean allowEmpty, int maxBytes) throws DriveException {
        if (path == null) {
            throw invalid("path", null);
        }
        if (path.isEmpty()) {
            if (allowEmpty) {
                return path;
            }
            throw invalid("path", path);
        }
        checkLength(path, maxBytes);
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String segment : trimmed.split("/", -1)) {
            if (!validSegment(segment)) {
                throw invalid("path", path);
            }
        }
        return path;
    }

    /**
     * Tells whether a walk may start from a key prefix: every whole segment of it (the part up to its last slash)
     * is one that a key can have. Any other prefix would name a directory outside the volume ({@code ../}), or
     * one no key can be in; such a prefix matches no key.
     *
     * @param prefix a key prefix, possibly empty
     * @return whether the prefix's directory part is a valid path
     */
    static boolean walkablePrefix(String prefix) {
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
            return prefix.indexOf('\0') < 0;
        }
        for (String segment : prefix.substring(0, slash).split("/", -1)) {
            if (!validSegment(segment)) {
                return false;
            }
        }
        return prefix.indexOf('\0', slash) < 0;
    }

    private static boolean validSegment(String segment) {
        return !segment.isEmpty() && !".".equals(segment) && !"..".equals(segment) && segment.indexOf('\0') < 0
                && (segment.length() * 3 <= Drive.MAX_SEGMENT_BYTES
                        || segment.getBytes(StandardCharsets.UTF_8).length <= Drive.MAX_SEGMENT_BYTES);
    }

    /**
     * Checks an object key of at most {@link Drive#MAX_NAME_BYTES}.
     *
     * @param key the key
     * @return the key
     * @throws DriveException {@code INVALID_NAME}
     */
    static String key(String key) throws DriveException {
        return key(key, Drive.MAX_NAME_BYTES);
    }

    /**
     * Checks an object key: like a path, a trailing slash allowed, and no reserved segment.
     *
     * @param key the key
     * @param maxBytes the longest accepted key in UTF-8 bytes
     * @return the key
     * @throws DriveException {@code INVALID_NAME}
     */
    static String key(String key, int maxBytes) throws DriveException {
        if (key == null || key.isEmpty() || "/".equals(key)) {
            throw invalid("object key", key);
        }
        path(key, false, maxBytes);
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.startsWith(RESERVED)) {
                throw invalid("object key (reserved segment)", key);
            }
        }
        return key;
    }

    /**
     * Checks a data directory name (a UUID string).
     *
     * @param dataDir the name
     * @return the name
     * @throws DriveException {@code INVALID_NAME}
     */
    static String dataDir(String dataDir) throws DriveException {
        if (dataDir == null || !DATA_DIR.matcher(dataDir).matches()) {
            throw invalid("data directory", dataDir);
        }
        return dataDir;
    }

    /**
     * Returns the directory of an object relative to its volume.
     *
     * @param key a checked key
     * @return the directory path
     */
    static String objectDir(String key) {
        return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    }

    /**
     * Returns the metadata file name of an object.
     *
     * @param key a checked key
     * @return {@link #META} or {@link #DIR_META}
     */
    static String metaName(String key) {
        return key.endsWith("/") ? DIR_META : META;
    }

    /**
     * Returns the name of the file keeping an object's previous metadata until its commit is finished.
     *
     * @param key a checked key
     * @return the metadata file name plus {@link #PREVIOUS_SUFFIX}
     */
    static String previousName(String key) {
        return metaName(key) + PREVIOUS_SUFFIX;
    }

    private static void checkLength(String name, int maxBytes) throws DriveException {
        if (name.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new DriveException(DriveException.Reason.INVALID_NAME, "name longer than " + maxBytes + " bytes");
        }
    }

    private static DriveException invalid(String what, String value) {
        String shown = value == null ? "null" : value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return new DriveException(DriveException.Reason.INVALID_NAME, "invalid " + what + ": '"
                + shown.replace("\0", "\\0") + "'");
    }
}
