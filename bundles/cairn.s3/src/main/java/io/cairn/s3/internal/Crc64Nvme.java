/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the {@code x-amz-checksum-crc64nvme} algorithm): reflected polynomial 0x9A6C9329AC4BC9B5 (the
 * reversal of 0xAD93D23594C93659), initial value and final XOR all ones. Table-driven, eight bytes per step
 * (slicing-by-8), because it runs over every uploaded byte when clients ask for it.
 */
final class Crc64Nvme implements Checksum {

    /** The reflected polynomial. */
    static final long POLY = 0x9A6C9329AC4BC9B5L;

    private static final long[][] TABLE = buildTables();

    private long crc = -1L;

    private static long[][] buildTables() {
        long[][] t = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            t[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            for (int s = 1; s < 8; s++) {
                long prev = t[s - 1][i];
                t[s][i] = (prev >>> 8) ^ t[0][(int) (prev & 0xff)];
            }
        }
        return t;
    }

    @Override
    public void update(int b) {
        crc = (crc >>> 8) ^ TABLE[0][(int) ((crc ^ b) & 0xff)];
    }

    @Override
    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long v = (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            v ^= c;
            c = TABLE[7][(int) (v & 0xff)] ^ TABLE[6][(int) ((v >>> 8) & 0xff)]
                    ^ TABLE[5][(int) ((v >>> 16) & 0xff)] ^ TABLE[4][(int) ((v >>> 24) & 0xff)]
                    ^ TABLE[3][(int) ((v >>> 32) & 0xff)] ^ TABLE[2][(int) ((v >>> 40) & 0xff)]
                    ^ TABLE[1][(int) ((v >>> 48) & 0xff)] ^ TABLE[0][(int) (v >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = (c >>> 8) ^ TABLE[0][(int) ((c ^ b[i]) & 0xff)];
            i++;
        }
        crc = c;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = -1L;
    }
}
