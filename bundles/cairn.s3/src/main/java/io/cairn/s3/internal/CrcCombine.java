/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * Combines the CRCs of two consecutive byte sequences into the CRC of their concatenation without the data (the
 * zlib {@code crc32_combine} method, for any reflected CRC with all-ones initial value and final XOR). Used for
 * full-object checksums of multipart uploads, computed from the part checksums and sizes.
 */
final class CrcCombine {

    private CrcCombine() {
    }

    /**
     * Returns the reflected polynomial and width of a CRC algorithm.
     *
     * @param algorithm the algorithm
     * @return {@code {polynomial, width}}, or {@code null} when the algorithm is not a CRC
     */
    static long[] parameters(ChecksumAlgorithm algorithm) {
        switch (algorithm) {
            case CRC32:
                return new long[] {0xEDB88320L, 32};
            case CRC32C:
                return new long[] {0x82F63B78L, 32};
            case CRC64NVME:
                return new long[] {Crc64Nvme.POLY, 64};
            default:
                return null;
        }
    }

    /**
     * Combines two CRCs.
     *
     * @param crc1 the CRC of the first sequence
     * @param crc2 the CRC of the second sequence
     * @param length2 the length of the second sequence in bytes
     * @param poly the reflected polynomial
     * @param width 32 or 64
     * @return the CRC of the concatenation
     */
    static long combine(long crc1, long crc2, long length2, long poly, int width) {
        if (length2 <= 0) {
            return crc1;
        }
        long[] even = new long[width];
        long[] odd = new long[width];
        odd[0] = poly;
        long row = 1;
        for (int n = 1; n < width; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd);
        square(odd, even);
        long crc = crc1;
        long len = length2;
        while (true) {
            square(even, odd);
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
        }
        return crc ^ crc2;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        long v = vector;
        for (int i = 0; v != 0; i++, v >>>= 1) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] target, long[] matrix) {
        for (int n = 0; n < matrix.length; n++) {
            target[n] = times(matrix, matrix[n]);
        }
    }
}
