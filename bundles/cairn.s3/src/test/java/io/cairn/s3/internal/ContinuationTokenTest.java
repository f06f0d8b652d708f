/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class ContinuationTokenTest {

    @Test
    void roundTripsWithinItsScope() {
        for (String marker : new String[] {"a", "dir/key with spaces", "x\u0001y", "\u4e2d\ud83d\ude00", "n\u0000ul"}) {
            assertEquals(marker, ContinuationToken.decode("bucket", ContinuationToken.encode("bucket", marker)));
        }
        assertEquals("bucket-a", ContinuationToken.decode(ContinuationToken.BUCKETS,
                ContinuationToken.encode(ContinuationToken.BUCKETS, "bucket-a")));
        assertEquals("k", ContinuationToken.decode("b", " " + ContinuationToken.encode("b", "k") + " "));
    }

    @Test
    void refusesAnotherScope() {
        String token = ContinuationToken.encode("bucket-a", "key");
        assertIncorrect("bucket-b", token);
        assertIncorrect("bucket-a2", token);
        assertIncorrect("bucket", token);
        assertIncorrect(ContinuationToken.BUCKETS, token);
        assertIncorrect("bucket-a", ContinuationToken.encode(ContinuationToken.BUCKETS, "bucket-a"));
    }

    @Test
    void refusesEarlierAndMalformedTokens() {
        assertIncorrect("b", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes("key")));
        assertIncorrect("b", "!!");
        assertIncorrect("b", "");
        assertIncorrect("b", ContinuationToken.encode("b", "k") + "=");
        assertIncorrect("b", encoded(new byte[] {(byte) 0xC1, 'b', 0}));
        assertIncorrect("b", encoded(new byte[] {(byte) 0xC1, 'b'}));
        assertIncorrect("b", encoded(new byte[] {(byte) 0xC2, 'b', 0, 'k'}));
        assertIncorrect("b", encoded(new byte[] {(byte) 0xC1, 'b', 0, (byte) 0xFF}));
    }

    private static void assertIncorrect(String scope, String token) {
        S3Exception e = assertThrows(S3Exception.class, () -> ContinuationToken.decode(scope, token));
        assertEquals(S3Error.INVALID_ARGUMENT, e.error());
        assertEquals("The continuation token provided is incorrect", e.getMessage());
    }

    private static String encoded(byte[] raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
