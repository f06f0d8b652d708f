/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.cairn.erasure.rs.PortableReedSolomon;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares like with like: Hadoop's RSRawEncoder computes exactly code rs-cauchy-gf8-v1, so its
 * parity equals Cairn's byte for byte. This also checks Cairn's golden definition against an independent
 * implementation.
 */
class HadoopAgreementTest {

    @Test
    void hadoopParityEqualsCairnParity() throws Exception {
        Random random = new Random(3);
        for (int[] km : new int[][] {{1, 1}, {2, 1}, {3, 2}, {4, 2}, {6, 3}, {8, 4}, {10, 4}, {12, 4}, {17, 7}}) {
            int k = km[0];
            int m = km[1];
            int length = 1 + random.nextInt(500);
            byte[][] shards = new byte[k + m][length];
            for (int i = 0; i < k; i++) {
                random.nextBytes(shards[i]);
            }
            new PortableReedSolomon().encode(k, m, shards, 0, length);
            byte[][] data = Arrays.copyOf(shards, k);
            byte[][] parity = new byte[m][length];
            new RSRawEncoder(new ErasureCoderOptions(k, m)).encode(data, parity);
            for (int r = 0; r < m; r++) {
                assertArrayEquals(parity[r], shards[k + r], k + "+" + m + " parity " + r);
            }
        }
    }
}
