/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.cairn.api.erasure.ErasureCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The committed golden vectors (see cairn.erasure.rs), and one encode + reconstruct round checked against them. */
final class Golden {

    /** One golden stripe. */
    record Case(int k, int m, byte[][] shards) {
    }

    private Golden() {
    }

    static List<Case> load(int maxShards) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = Golden.class.getResourceAsStream("/golden/rs-cauchy-gf8-v1.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                int k = Integer.parseInt(f[0]);
                int m = Integer.parseInt(f[1]);
                if (k + m > maxShards || m == 0) {
                    continue;
                }
                byte[][] shards = new byte[k + m][];
                for (int i = 0; i < k + m; i++) {
                    shards[i] = HexFormat.of().parseHex(f[3 + i]);
                }
                cases.add(new Case(k, m, shards));
            }
        }
        return cases;
    }

    /**
     * Encodes the case's data, checks the parity, loses up to m shards (rotating with {@code round}),
     * reconstructs them and checks every shard.
     */
    static void roundTrip(ErasureCodec codec, Case c, int round) {
        int n = c.k() + c.m();
        int len = c.shards()[0].length;
        byte[][] shards = new byte[n][];
        for (int i = 0; i < n; i++) {
            shards[i] = i < c.k() ? c.shards()[i].clone() : new byte[len];
        }
        codec.encode(c.k(), c.m(), shards, 0, len);
        for (int i = c.k(); i < n; i++) {
            assertArrayEquals(c.shards()[i], shards[i], codec.implementation() + " encode shard " + i);
        }
        boolean[] present = new boolean[n];
        java.util.Arrays.fill(present, true);
        for (int j = 0; j < c.m(); j++) {
            int lost = (round + j * 3) % n;
            present[lost] = false;
            java.util.Arrays.fill(shards[lost], (byte) 0x5A);
        }
        codec.reconstruct(c.k(), c.m(), shards, present, 0, len, false);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(c.shards()[i], shards[i], codec.implementation() + " reconstruct shard " + i);
        }
    }
}
