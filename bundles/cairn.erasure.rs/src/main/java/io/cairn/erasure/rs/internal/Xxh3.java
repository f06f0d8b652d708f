/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH3-64 (xxHash 0.8, seed 0, default secret): the 64-bit hash {@code xxhsum -H3} prints. Stateless and
 * allocation-free. Long inputs run through eight independent 64-bit lanes with one 32x32-bit multiply per
 * eight bytes, which the JIT turns into a loop of plain loads, multiplies and adds.
 */
public final class Xxh3 {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private static final long P32_1 = 0x9E3779B1L;
    private static final long P32_2 = 0x85EBCA77L;
    private static final long P32_3 = 0xC2B2AE3DL;
    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;
    private static final long PRIME_MX1 = 0x165667919E3779F9L;
    private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

    private static final int STRIPES_PER_BLOCK = 16;
    private static final int BLOCK_BYTES = 64 * STRIPES_PER_BLOCK;

    private static final byte[] SECRET = {
        (byte) 0xb8, (byte) 0xfe, (byte) 0x6c, (byte) 0x39, (byte) 0x23, (byte) 0xa4, (byte) 0x4b, (byte) 0xbe,
        (byte) 0x7c, (byte) 0x01, (byte) 0x81, (byte) 0x2c, (byte) 0xf7, (byte) 0x21, (byte) 0xad, (byte) 0x1c,
        (byte) 0xde, (byte) 0xd4, (byte) 0x6d, (byte) 0xe9, (byte) 0x83, (byte) 0x90, (byte) 0x97, (byte) 0xdb,
        (byte) 0x72, (byte) 0x40, (byte) 0xa4, (byte) 0xa4, (byte) 0xb7, (byte) 0xb3, (byte) 0x67, (byte) 0x1f,
        (byte) 0xcb, (byte) 0x79, (byte) 0xe6, (byte) 0x4e, (byte) 0xcc, (byte) 0xc0, (byte) 0xe5, (byte) 0x78,
        (byte) 0x82, (byte) 0x5a, (byte) 0xd0, (byte) 0x7d, (byte) 0xcc, (byte) 0xff, (byte) 0x72, (byte) 0x21,
        (byte) 0xb8, (byte) 0x08, (byte) 0x46, (byte) 0x74, (byte) 0xf7, (byte) 0x43, (byte) 0x24, (byte) 0x8e,
        (byte) 0xe0, (byte) 0x35, (byte) 0x90, (byte) 0xe6, (byte) 0x81, (byte) 0x3a, (byte) 0x26, (byte) 0x4c,
        (byte) 0x3c, (byte) 0x28, (byte) 0x52, (byte) 0xbb, (byte) 0x91, (byte) 0xc3, (byte) 0x00, (byte) 0xcb,
        (byte) 0x88, (byte) 0xd0, (byte) 0x65, (byte) 0x8b, (byte) 0x1b, (byte) 0x53, (byte) 0x2e, (byte) 0xa3,
        (byte) 0x71, (byte) 0x64, (byte) 0x48, (byte) 0x97, (byte) 0xa2, (byte) 0x0d, (byte) 0xf9, (byte) 0x4e,
        (byte) 0x38, (byte) 0x19, (byte) 0xef, (byte) 0x46, (byte) 0xa9, (byte) 0xde, (byte) 0xac, (byte) 0xd8,
        (byte) 0xa8, (byte) 0xfa, (byte) 0x76, (byte) 0x3f, (byte) 0xe3, (byte) 0x9c, (byte) 0x34, (byte) 0x3f,
        (byte) 0xf9, (byte) 0xdc, (byte) 0xbb, (byte) 0xc7, (byte) 0xc7, (byte) 0x0b, (byte) 0x4f, (byte) 0x1d,
        (byte) 0x8a, (byte) 0x51, (byte) 0xe0, (byte) 0x4b, (byte) 0xcd, (byte) 0xb4, (byte) 0x59, (byte) 0x31,
        (byte) 0xc8, (byte) 0x9f, (byte) 0x7e, (byte) 0xc9, (byte) 0xd9, (byte) 0x78, (byte) 0x73, (byte) 0x64,
        (byte) 0xea, (byte) 0xc5, (byte) 0xac, (byte) 0x83, (byte) 0x34, (byte) 0xd3, (byte) 0xeb, (byte) 0xc3,
        (byte) 0xc5, (byte) 0x81, (byte) 0xa0, (byte) 0xff, (byte) 0xfa, (byte) 0x13, (byte) 0x63, (byte) 0xeb,
        (byte) 0x17, (byte) 0x0d, (byte) 0xdd, (byte) 0x51, (byte) 0xb7, (byte) 0xf0, (byte) 0xda, (byte) 0x49,
        (byte) 0xd3, (byte) 0x16, (byte) 0x55, (byte) 0x26, (byte) 0x29, (byte) 0xd4, (byte) 0x68, (byte) 0x9e,
        (byte) 0x2b, (byte) 0x16, (byte) 0xbe, (byte) 0x58, (byte) 0x7d, (byte) 0x47, (byte) 0xa1, (byte) 0xfc,
        (byte) 0x8f, (byte) 0xf8, (byte) 0xb8, (byte) 0xd1, (byte) 0x7a, (byte) 0xd0, (byte) 0x31, (byte) 0xce,
        (byte) 0x45, (byte) 0xcb, (byte) 0x3a, (byte) 0x8f, (byte) 0x95, (byte) 0x16, (byte) 0x04, (byte) 0x28,
        (byte) 0xaf, (byte) 0xd7, (byte) 0xfb, (byte) 0xca, (byte) 0xbb, (byte) 0x4b, (byte) 0x40, (byte) 0x7e,
    };

    /** The secret read as 24 little-endian longs, for the 8-byte-aligned reads of the stripe loop. */
    private static final long[] SECRET_LONGS = new long[SECRET.length / 8];

    static {
        for (int i = 0; i < SECRET_LONGS.length; i++) {
            SECRET_LONGS[i] = s64(i * 8);
        }
    }

    private Xxh3() {
    }

    /**
     * Hashes {@code data[offset, offset + length)}.
     *
     * @param data the bytes
     * @param offset first byte
     * @param length number of bytes
     * @return XXH3-64 with seed 0
     */
    public static long hash(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || data.length - offset < length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + length
                    + ") outside array of " + data.length);
        }
        if (length <= 16) {
            return hashUpTo16(data, offset, length);
        }
        if (length <= 128) {
            return hashUpTo128(data, offset, length);
        }
        if (length <= 240) {
            return hashUpTo240(data, offset, length);
        }
        return hashLong(data, offset, length);
    }

    private static long hashUpTo16(byte[] d, int off, int len) {
        if (len > 8) {
            long lo = r64(d, off) ^ (s64(24) ^ s64(32));
            long hi = r64(d, off + len - 8) ^ (s64(40) ^ s64(48));
            long acc = len + Long.reverseBytes(lo) + hi + mulFold(lo, hi);
            return avalanche(acc);
        }
        if (len >= 4) {
            long in1 = r32(d, off) & 0xFFFFFFFFL;
            long in2 = r32(d, off + len - 4) & 0xFFFFFFFFL;
            long keyed = (in2 + (in1 << 32)) ^ (s64(8) ^ s64(16));
            return rrmxmx(keyed, len);
        }
        if (len > 0) {
            int c1 = d[off] & 0xFF;
            int c2 = d[off + (len >> 1)] & 0xFF;
            int c3 = d[off + len - 1] & 0xFF;
            long combined = ((c1 << 16) | (c2 << 24) | c3 | (len << 8)) & 0xFFFFFFFFL;
            long bitflip = (s32(0) ^ s32(4)) & 0xFFFFFFFFL;
            return xxh64Avalanche(combined ^ bitflip);
        }
        return xxh64Avalanche(s64(56) ^ s64(64));
    }

    private static long hashUpTo128(byte[] d, int off, int len) {
        long acc = len * P64_1;
        if (len > 32) {
            if (len > 64) {
                if (len > 96) {
                    acc += mix16(d, off + 48, 96);
                    acc += mix16(d, off + len - 64, 112);
                }
                acc += mix16(d, off + 32, 64);
                acc += mix16(d, off + len - 48, 80);
            }
            acc += mix16(d, off + 16, 32);
            acc += mix16(d, off + len - 32, 48);
        }
        acc += mix16(d, off, 0);
        acc += mix16(d, off + len - 16, 16);
        return avalanche(acc);
    }

    private static long hashUpTo240(byte[] d, int off, int len) {
        long acc = len * P64_1;
        int rounds = len / 16;
        for (int i = 0; i < 8; i++) {
            acc += mix16(d, off + 16 * i, 16 * i);
        }
        acc = avalanche(acc);
        for (int i = 8; i < rounds; i++) {
            acc += mix16(d, off + 16 * i, 16 * (i - 8) + 3);
        }
        acc += mix16(d, off + len - 16, 136 - 17);
        return avalanche(acc);
    }

    private static long hashLong(byte[] d, int off, int len) {
        long a0 = P32_3;
        long a1 = P64_1;
        long a2 = P64_2;
        long a3 = P64_3;
        long a4 = P64_4;
        long a5 = P32_2;
        long a6 = P64_5;
        long a7 = P32_1;
        int blocks = (len - 1) / BLOCK_BYTES;
        long[] s = SECRET_LONGS;
        for (int b = 0; b < blocks; b++) {
            int base = off + b * BLOCK_BYTES;
            for (int st = 0; st < STRIPES_PER_BLOCK; st++) {
                int p = base + st * 64;
                long v0 = r64(d, p);
                long v1 = r64(d, p + 8);
                long v2 = r64(d, p + 16);
                long v3 = r64(d, p + 24);
                long v4 = r64(d, p + 32);
                long v5 = r64(d, p + 40);
                long v6 = r64(d, p + 48);
                long v7 = r64(d, p + 56);
                long k0 = v0 ^ s[st];
                long k1 = v1 ^ s[st + 1];
                long k2 = v2 ^ s[st + 2];
                long k3 = v3 ^ s[st + 3];
                long k4 = v4 ^ s[st + 4];
                long k5 = v5 ^ s[st + 5];
                long k6 = v6 ^ s[st + 6];
                long k7 = v7 ^ s[st + 7];
                a0 += v1 + (k0 & 0xFFFFFFFFL) * (k0 >>> 32);
                a1 += v0 + (k1 & 0xFFFFFFFFL) * (k1 >>> 32);
                a2 += v3 + (k2 & 0xFFFFFFFFL) * (k2 >>> 32);
                a3 += v2 + (k3 & 0xFFFFFFFFL) * (k3 >>> 32);
                a4 += v5 + (k4 & 0xFFFFFFFFL) * (k4 >>> 32);
                a5 += v4 + (k5 & 0xFFFFFFFFL) * (k5 >>> 32);
                a6 += v7 + (k6 & 0xFFFFFFFFL) * (k6 >>> 32);
                a7 += v6 + (k7 & 0xFFFFFFFFL) * (k7 >>> 32);
            }
            a0 = scramble(a0, s[16]);
            a1 = scramble(a1, s[17]);
            a2 = scramble(a2, s[18]);
            a3 = scramble(a3, s[19]);
            a4 = scramble(a4, s[20]);
            a5 = scramble(a5, s[21]);
            a6 = scramble(a6, s[22]);
            a7 = scramble(a7, s[23]);
        }
        int base = off + blocks * BLOCK_BYTES;
        int stripes = ((len - 1) - blocks * BLOCK_BYTES) / 64;
        for (int st = 0; st <= stripes; st++) {
            // The stripes of the last block, then the input's last 64 bytes at secret offset 121.
            int p = st < stripes ? base + st * 64 : off + len - 64;
            int so = st < stripes ? st * 8 : SECRET.length - 64 - 7;
            long v0 = r64(d, p);
            long v1 = r64(d, p + 8);
            long v2 = r64(d, p + 16);
            long v3 = r64(d, p + 24);
            long v4 = r64(d, p + 32);
            long v5 = r64(d, p + 40);
            long v6 = r64(d, p + 48);
            long v7 = r64(d, p + 56);
            long k0 = v0 ^ s64(so);
            long k1 = v1 ^ s64(so + 8);
            long k2 = v2 ^ s64(so + 16);
            long k3 = v3 ^ s64(so + 24);
            long k4 = v4 ^ s64(so + 32);
            long k5 = v5 ^ s64(so + 40);
            long k6 = v6 ^ s64(so + 48);
            long k7 = v7 ^ s64(so + 56);
            a0 += v1 + (k0 & 0xFFFFFFFFL) * (k0 >>> 32);
            a1 += v0 + (k1 & 0xFFFFFFFFL) * (k1 >>> 32);
            a2 += v3 + (k2 & 0xFFFFFFFFL) * (k2 >>> 32);
            a3 += v2 + (k3 & 0xFFFFFFFFL) * (k3 >>> 32);
            a4 += v5 + (k4 & 0xFFFFFFFFL) * (k4 >>> 32);
            a5 += v4 + (k5 & 0xFFFFFFFFL) * (k5 >>> 32);
            a6 += v7 + (k6 & 0xFFFFFFFFL) * (k6 >>> 32);
            a7 += v6 + (k7 & 0xFFFFFFFFL) * (k7 >>> 32);
        }
        long result = len * P64_1;
        result += mulFold(a0 ^ s64(11), a1 ^ s64(19));
        result += mulFold(a2 ^ s64(27), a3 ^ s64(35));
        result += mulFold(a4 ^ s64(43), a5 ^ s64(51));
        result += mulFold(a6 ^ s64(59), a7 ^ s64(67));
        return avalanche(result);
    }

    private static long scramble(long acc, long key) {
        acc ^= acc >>> 47;
        acc ^= key;
        return acc * P32_1;
    }

    private static long mix16(byte[] d, int p, int secretOffset) {
        return mulFold(r64(d, p) ^ s64(secretOffset), r64(d, p + 8) ^ s64(secretOffset + 8));
    }

    private static long mulFold(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return lo ^ hi;
    }

    private static long avalanche(long h) {
        h ^= h >>> 37;
        h *= PRIME_MX1;
        return h ^ (h >>> 32);
    }

    private static long rrmxmx(long h, int len) {
        h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
        h *= PRIME_MX2;
        h ^= (h >>> 35) + len;
        h *= PRIME_MX2;
        return h ^ (h >>> 28);
    }

    private static long xxh64Avalanche(long h) {
        h ^= h >>> 33;
        h *= P64_2;
        h ^= h >>> 29;
        h *= P64_3;
        return h ^ (h >>> 32);
    }

    private static long r64(byte[] d, int p) {
        return (long) LONG.get(d, p);
    }

    private static int r32(byte[] d, int p) {
        return (int) INT.get(d, p);
    }

    private static long s64(int p) {
        return (long) LONG.get(SECRET, p);
    }

    private static int s32(int p) {
        return (int) INT.get(SECRET, p);
    }
}
