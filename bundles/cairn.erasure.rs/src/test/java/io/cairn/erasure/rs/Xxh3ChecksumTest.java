/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.erasure.BitrotChecksum;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code xxh3-64-v1} against golden values produced by the reference {@code xxhsum -H3} (xxHash 0.8.1)
 * over the bytes {@code i % 251}, for lengths that reach every branch of XXH3.
 */
class Xxh3ChecksumTest {

    private final BitrotChecksum checksum = new Xxh3Checksum();

    @Test
    void matchesReferenceXxhsum() throws IOException {
        int cases = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/golden/xxh3-64-v1.txt"), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                int length = Integer.parseInt(f[0]);
                byte[] data = new byte[length + 10];
                for (int i = 0; i < length; i++) {
                    data[5 + i] = (byte) (i % 251);
                }
                byte[] out = new byte[12];
                checksum.checksum(data, 5, length, out, 3);
                byte[] expected = HexFormat.of().parseHex(f[1]);
                byte[] actual = java.util.Arrays.copyOfRange(out, 3, 11);
                assertArrayEquals(expected, actual, "length " + length);
                cases++;
            }
        }
        assertTrue(cases >= 20, "golden file has too few cases: " + cases);
    }

    @Test
    void identityAndBounds() {
        assertEquals("xxh3-64-v1", checksum.checksumId());
        assertEquals(8, checksum.sizeBytes());
        assertThrows(IndexOutOfBoundsException.class, () -> checksum.checksum(new byte[4], 2, 3, new byte[8], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> checksum.checksum(new byte[4], 0, 4, new byte[8], 1));
    }

    @Test
    void everyFlippedBitChangesTheChecksum() {
        byte[] data = new byte[3000];
        new Random(7).nextBytes(data);
        byte[] base = new byte[8];
        byte[] flipped = new byte[8];
        for (int len : new int[] {1, 5, 12, 100, 200, 1000, 3000}) {
            checksum.checksum(data, 0, len, base, 0);
            for (int bit = 0; bit < len * 8; bit += 1 + len / 40) {
                data[bit / 8] ^= (byte) (1 << (bit % 8));
                checksum.checksum(data, 0, len, flipped, 0);
                data[bit / 8] ^= (byte) (1 << (bit % 8));
                assertTrue(!java.util.Arrays.equals(base, flipped), "bit " + bit + " of " + len);
            }
        }
    }
}
