/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PlacementQuorumTest {

    @Test
    void sipHashMatchesTheReferenceVectors() {
        // Reference: key 00..0f, message 00..(len-1), from the SipHash paper's test vectors.
        Placement p = new Placement(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        assertEquals(0x726fdb47dd0e0e31L, p.sipHash(new byte[0]));
        byte[] fifteen = new byte[15];
        for (int i = 0; i < 15; i++) {
            fifteen[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, p.sipHash(fifteen));
        byte[] eight = new byte[8];
        for (int i = 0; i < 8; i++) {
            eight[i] = (byte) i;
        }
        assertEquals(0x93f5f5799a932462L, p.sipHash(eight));
    }

    @Test
    void placementIsStablePerDeploymentAndSpreadsEvenly() {
        long seed = Long.getLong("test.seed", 1207L);
        Random rnd = new Random(seed);
        String deployment = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        Placement a = new Placement(deployment);
        Placement b = new Placement(deployment);
        Placement other = new Placement(new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        int sets = 8;
        int[] counts = new int[sets];
        int differ = 0;
        for (int i = 0; i < 8000; i++) {
            String name = "bucket/key-" + rnd.nextLong();
            int s = a.setIndex(name, sets);
            assertEquals(s, b.setIndex(name, sets), "seed " + seed);
            differ += s != other.setIndex(name, sets) ? 1 : 0;
            counts[s]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "uneven spread " + java.util.Arrays.toString(counts) + " seed " + seed);
        }
        assertTrue(differ > 6000, "another deployment places differently, seed " + seed);
    }

    @Test
    void distributionIsARotationCoveringEveryShard() {
        for (int n = 1; n <= 16; n++) {
            for (String name : List.of("a/b", "bucket/photos/x.jpg", "z")) {
                List<Integer> d = Placement.distribution(name, n);
                assertEquals(n, new HashSet<>(d).size());
                for (int pos = 0; pos < n; pos++) {
                    assertEquals((d.get(0) + pos) % n, (int) d.get(pos));
                }
            }
        }
        assertEquals(Placement.distribution("x", 4), Placement.distribution(new String("x".getBytes(
                StandardCharsets.UTF_8), StandardCharsets.UTF_8), 4));
    }

    @Test
    void quorumArithmetic() {
        assertEquals(3, Quorum.write(2, 2));
        assertEquals(3, Quorum.write(3, 1));
        assertEquals(12, Quorum.write(12, 4));
        assertEquals(1, Quorum.write(1, 0));
        assertEquals(2, Quorum.write(1, 1));
        assertEquals(5, Quorum.read(5));
        assertEquals(2, Quorum.raisedParity(4, 1, 1));
        assertEquals(2, Quorum.raisedParity(4, 2, 2), "never above half the set");
        assertEquals(6, Quorum.raisedParity(16, 4, 2));
        assertEquals(8, Quorum.raisedParity(16, 4, 9));
        assertEquals(4, Quorum.raisedParity(16, 4, 0));
        for (int n = 1; n <= 16; n++) {
            int m = io.cairn.api.topology.StorageClass.defaultParity(n);
            int k = n - m;
            int wq = Quorum.write(k, m);
            // Two disjoint groups of drives can never both reach write quorum.
            assertTrue(2 * wq > n, "n=" + n);
            // A delete that reached write quorum leaves fewer than the listing quorum of stale copies.
            assertTrue(n - wq < Quorum.list(n), "n=" + n);
            // An object written with every raise still reaches the listing quorum.
            for (int offline = 0; offline < n; offline++) {
                int m2 = Quorum.raisedParity(n, m, offline);
                int wq2 = Quorum.write(n - m2, m2);
                if (n - offline >= wq2) {
                    assertTrue(wq2 >= Quorum.list(n), "n=" + n + " offline=" + offline);
                }
            }
        }
    }

    @Test
    void blockLayoutArithmetic() {
        BlockLayout l = new BlockLayout(1_000_000, 1 << 20, 2, 8);
        assertEquals(1, l.blocks());
        assertEquals(500_000, l.shardLength(0));
        assertEquals(500_008, l.shardFileSize());
        BlockLayout m = new BlockLayout(3L << 20 | 5, 1 << 20, 3, 8);
        assertEquals(4, m.blocks());
        assertEquals(5, m.blockLength(3));
        assertEquals(2, m.shardLength(3));
        assertEquals(3 * (8 + 349_526L), m.frameOffset(3));
        assertEquals(3 * (8 + 349_526L) + 8 + 2, m.shardFileSize());
        assertEquals(0, new BlockLayout(0, 1 << 20, 4, 8).shardFileSize());
    }
}
