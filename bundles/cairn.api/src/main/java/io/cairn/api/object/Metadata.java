/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * Names of the metadata entries the S3 layer stores in an object's metadata map.
 *
 * <p>The map is case-preserving and stored as given; the S3 layer should use the lower-case names below for
 * content headers and {@code x-amz-meta-} followed by the user's name for user metadata. Any key starting with
 * {@link #RESERVED_PREFIX} is reserved for the engine: such keys are dropped from incoming maps.
 */
public final class Metadata {

    /** Content-Type. */
    public static final String CONTENT_TYPE = "content-type";
    /** Content-Encoding. */
    public static final String CONTENT_ENCODING = "content-encoding";
    /** Content-Disposition. */
    public static final String CONTENT_DISPOSITION = "content-disposition";
    /** Content-Language. */
    public static final String CONTENT_LANGUAGE = "content-language";
    /** Cache-Control. */
    public static final String CACHE_CONTROL = "cache-control";
    /** Expires. */
    public static final String EXPIRES = "expires";
    /** The object's tag set, URL-encoded as in the {@code x-amz-tagging} header. */
    public static final String TAGGING = "x-amz-tagging";
    /** Prefix of user metadata entries. */
    public static final String USER_PREFIX = "x-amz-meta-";
    /** Prefix of checksum entries, for example {@code x-amz-checksum-crc32}. */
    public static final String CHECKSUM_PREFIX = "x-amz-checksum-";
    /** Prefix of keys reserved for the engine. */
    public static final String RESERVED_PREFIX = "x-cairn-internal-";

    private Metadata() {
    }
}
