/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.conformance;

import io.cairn.erasure.rs.internal.CauchyCode;
import io.cairn.erasure.rs.internal.Gf256;

/**
 * The definition of {@code rs-cauchy-gf8-v1} written as plainly as possible, byte by byte, to check every
 * implementation against: {@code parity[r][i] = XOR over c of C[r][c] * data[c][i]}.
 */
public final class ReferenceCoder {

    private ReferenceCoder() {
    }

    /**
     * Computes parity shards.
     *
     * @param k data shards
     * @param m parity shards
     * @param data k arrays of equal length
     * @return m parity arrays
     */
    public static byte[][] parity(int k, int m, byte[][] data) {
        int len = data[0].length;
        byte[][] parity = new byte[m][len];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < k; c++) {
                int coefficient = CauchyCode.parityCoefficient(k, r, c);
                for (int i = 0; i < len; i++) {
                    parity[r][i] ^= (byte) Gf256.mul(coefficient, data[c][i] & 0xFF);
                }
            }
        }
        return parity;
    }
}
