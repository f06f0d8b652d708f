/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The checksum algorithms against their published check values ("123456789"), and CRC64NVME's sliced loop
 * against the bitwise definition on random inputs.
 */
class ChecksumTest {

    private static String check(ChecksumAlgorithm algorithm) {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        ChecksumAlgorithm.Hasher h = algorithm.newHasher();
        h.update(data, 0, data.length);
        return HexFormat.of().formatHex(h.finish());
    }

    @Test
    void checkValues() {
        assertEquals("cbf43926", check(ChecksumAlgorithm.CRC32));
        assertEquals("e3069283", check(ChecksumAlgorithm.CRC32C));
        assertEquals("ae8b14860a799888", check(ChecksumAlgorithm.CRC64NVME));
        assertEquals("f7c3bc1d808e04732adf679965ccc34ca7ae3441", check(ChecksumAlgorithm.SHA1));
        assertEquals("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
                check(ChecksumAlgorithm.SHA256));
    }

    @Test
    void slicedCrc64MatchesBitwise() {
        long seed = Long.getLong("test.seed", 1211L);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            Crc64Nvme fast = new Crc64Nvme();
            int split = data.length == 0 ? 0 : random.nextInt(data.length);
            fast.update(data, 0, split);
            fast.update(data, split, data.length - split);
            long crc = -1L;
            for (byte b : data) {
                crc ^= b & 0xff;
                for (int k = 0; k < 8; k++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ Crc64Nvme.POLY : crc >>> 1;
                }
            }
            assertEquals(~crc, fast.getValue(), "seed " + seed + " round " + round);
        }
    }

    @Test
    void crc64NvmeIsTheReflectedPolynomial() {
        assertEquals(Long.reverse(0xAD93D23594C93659L), Crc64Nvme.POLY);
    }

    @Test
    void crcCombineEqualsTheCrcOfTheConcatenation() {
        long seed = Long.getLong("test.seed", 1212L);
        Random random = new Random(seed);
        for (ChecksumAlgorithm a : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C,
            ChecksumAlgorithm.CRC64NVME}) {
            long[] p = CrcCombine.parameters(a);
            for (int round = 0; round < 20; round++) {
                byte[] x = new byte[random.nextInt(3000)];
                byte[] y = new byte[random.nextInt(3000)];
                random.nextBytes(x);
                random.nextBytes(y);
                byte[] xy = new byte[x.length + y.length];
                System.arraycopy(x, 0, xy, 0, x.length);
                System.arraycopy(y, 0, xy, x.length, y.length);
                long combined = CrcCombine.combine(value(a, x), value(a, y), y.length, p[0], (int) p[1]);
                assertEquals(value(a, xy), combined, a + " seed " + seed + " round " + round);
            }
        }
    }

    private static long value(ChecksumAlgorithm a, byte[] data) {
        ChecksumAlgorithm.Hasher h = a.newHasher();
        h.update(data, 0, data.length);
        long v = 0;
        for (byte b : h.finish()) {
            v = v << 8 | (b & 0xff);
        }
        return v;
    }
}
