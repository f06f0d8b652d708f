/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The opaque continuation tokens of ListObjectsV2 and ListBuckets, bound to the listing they continue: a token
 * holds the last name returned and the scope it was issued for (the bucket, or {@link #BUCKETS} for ListBuckets),
 * so a token of another bucket is refused as S3 refuses it, with 400 {@code InvalidArgument} "The continuation
 * token provided is incorrect".
 *
 * <p>Format, version 1: unpadded base64url of the byte {@link #VERSION_1}, the scope in UTF-8, a zero byte and
 * the marker in UTF-8. The version byte can never start UTF-8 text, so the earlier tokens (base64url of the bare
 * marker) are told apart and refused like any foreign token; a listing in progress across an upgrade restarts.
 */
final class ContinuationToken {

    /** The scope of ListBuckets tokens: no bucket has an empty name. */
    static final String BUCKETS = "";
    /** The first byte of a version 1 token: 0xC1 never occurs in UTF-8, so no earlier token starts with it. */
    private static final byte VERSION_1 = (byte) 0xC1;
    private static final String INCORRECT = "The continuation token provided is incorrect";

    private ContinuationToken() {
    }

    /**
     * Encodes a token.
     *
     * @param scope the bucket, or {@link #BUCKETS}
     * @param marker the last name returned, not empty
     * @return the token
     */
    static String encode(String scope, String marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION_1);
        out.writeBytes(scope.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(marker.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * Decodes a token issued for the given scope.
     *
     * @param scope the bucket, or {@link #BUCKETS}
     * @param token the token as the client sent it
     * @return the marker to continue after
     * @throws S3Exception {@code InvalidArgument} for a malformed token, an earlier format, or another scope
     */
    static String decode(String scope, String token) {
        String trimmed = token.trim();
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw incorrect();
        }
        byte[] expected = scope.getBytes(StandardCharsets.UTF_8);
        int zero = indexOfZero(raw);
        if (raw.length == 0 || raw[0] != VERSION_1 || zero < 0 || zero == raw.length - 1
                || !Arrays.equals(raw, 1, zero, expected, 0, expected.length)) {
            throw incorrect();
        }
        String marker = utf8(Arrays.copyOfRange(raw, zero + 1, raw.length));
        if (!encode(scope, marker).equals(trimmed)) {
            throw incorrect();
        }
        return marker;
    }

    private static int indexOfZero(byte[] raw) {
        for (int i = 1; i < raw.length; i++) {
            if (raw[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw incorrect();
        }
    }

    private static S3Exception incorrect() {
        return new S3Exception(S3Error.INVALID_ARGUMENT, INCORRECT);
    }
}
