/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.erasure.ErasureCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every implementation of {@code rs-cauchy-gf8-v1} must pass. A test class of an
 * implementation extends this class and returns its codec from {@link #codec()}. Random tests print their
 * seed in the failure message.
 */
public abstract class ErasureCodecConformance {

    private static final long SEED = Long.getLong("cairn.conformance.seed", System.nanoTime());

    /**
     * Returns the implementation under test.
     *
     * @return the codec
     */
    protected abstract ErasureCodec codec();

    @Test
    void identity() {
        assertEquals("rs-cauchy-gf8-v1", codec().codecId());
        assertFalse(codec().implementation().isEmpty());
    }

    @Test
    void goldenVectorsEncode() {
        ErasureCodec codec = codec();
        for (GoldenVectors.Case c : GoldenVectors.load()) {
            int n = c.k() + c.m();
            int len = c.shards()[0].length;
            byte[][] shards = new byte[n][];
            for (int i = 0; i < n; i++) {
                shards[i] = i < c.k() ? c.shards()[i].clone() : new byte[len];
            }
            codec.encode(c.k(), c.m(), shards, 0, len);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(c.shards()[i], shards[i], "golden " + c.k() + "+" + c.m() + " len " + len
                        + " shard " + i);
            }
        }
    }

    @Test
    void goldenVectorsReconstruct() {
        ErasureCodec codec = codec();
        Random random = new Random(SEED);
        for (GoldenVectors.Case c : GoldenVectors.load()) {
            int n = c.k() + c.m();
            int len = c.shards()[0].length;
            boolean[] present = randomPattern(random, c.k(), c.m());
            byte[][] shards = new byte[n][];
            for (int i = 0; i < n; i++) {
                shards[i] = present[i] ? c.shards()[i].clone() : new byte[len];
            }
            codec.reconstruct(c.k(), c.m(), shards, present, 0, len, false);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(c.shards()[i], shards[i], "golden " + c.k() + "+" + c.m() + " shard " + i
                        + " pattern " + Arrays.toString(present) + " seed " + SEED);
            }
        }
    }

    @Test
    void everyErasurePatternOfSmallConfigurations() {
        int[][] configs = {{1, 1}, {1, 3}, {2, 1}, {2, 2}, {3, 2}, {4, 2}, {3, 3}, {5, 3}, {4, 4}, {6, 3}};
        for (int[] km : configs) {
            int k = km[0];
            int m = km[1];
            int n = k + m;
            Stripe stripe = Stripe.random(new Random(SEED ^ n), k, m, 77, 5, 3);
            codec().encode(k, m, stripe.shards, stripe.offset, stripe.length);
            stripe.assertMatchesReference("encode " + k + "+" + m);
            for (int mask = 0; mask < (1 << n); mask++) {
                if (Integer.bitCount(mask) < k) {
                    continue;
                }
                boolean[] present = new boolean[n];
                for (int i = 0; i < n; i++) {
                    present[i] = (mask & (1 << i)) != 0;
                }
                for (boolean dataOnly : new boolean[] {false, true}) {
                    checkReconstruct(stripe, present, dataOnly, k + "+" + m + " mask " + mask);
                }
            }
        }
    }

    @Test
    void randomConfigurationsUpTo32Plus32() {
        Random random = new Random(SEED);
        for (int round = 0; round < 60; round++) {
            int k = 1 + random.nextInt(32);
            int m = random.nextInt(33);
            int length = 1 + random.nextInt(700);
            int offset = random.nextInt(100);
            Stripe stripe = Stripe.random(random, k, m, length, offset, random.nextInt(50));
            String what = k + "+" + m + " length " + length + " offset " + offset + " seed " + SEED;
            codec().encode(k, m, stripe.shards, offset, length);
            stripe.assertMatchesReference("encode " + what);
            for (int p = 0; p < 4; p++) {
                checkReconstruct(stripe, randomPattern(random, k, m), random.nextBoolean(), what);
            }
        }
    }

    @Test
    void largeConfigurationsAndLimits() {
        Random random = new Random(SEED);
        int[][] configs = {{128, 128}, {255, 1}, {1, 255}, {200, 56}, {64, 64}};
        for (int[] km : configs) {
            int k = km[0];
            int m = km[1];
            Stripe stripe = Stripe.random(random, k, m, 1 + random.nextInt(300), random.nextInt(9), 7);
            codec().encode(k, m, stripe.shards, stripe.offset, stripe.length);
            stripe.assertMatchesReference("encode " + k + "+" + m);
            for (int p = 0; p < 3; p++) {
                checkReconstruct(stripe, randomPattern(random, k, m), random.nextBoolean(), k + "+" + m);
            }
        }
    }

    @Test
    void oneMebibyteBlocks() {
        Random random = new Random(SEED);
        for (int[] km : new int[][] {{4, 2}, {8, 4}, {12, 4}}) {
            int k = km[0];
            int m = km[1];
            int length = (1 << 20) / k + 3;
            Stripe stripe = Stripe.random(random, k, m, length, 13, 64);
            codec().encode(k, m, stripe.shards, stripe.offset, length);
            stripe.assertMatchesReference("encode " + k + "+" + m);
            checkReconstruct(stripe, randomPattern(random, k, m), false, k + "+" + m + " seed " + SEED);
        }
    }

    @Test
    void zeroLengthAndNoParity() {
        byte[][] shards = {new byte[4], new byte[4], {9, 9, 9, 9}};
        codec().encode(2, 1, shards, 2, 0);
        assertArrayEquals(new byte[] {9, 9, 9, 9}, shards[2]);
        byte[][] single = {{1, 2, 3}};
        codec().encode(1, 0, single, 0, 3);
        codec().reconstruct(1, 0, single, new boolean[] {true}, 0, 3, false);
        assertArrayEquals(new byte[] {1, 2, 3}, single[0]);
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyWrite() {
        ErasureCodec codec = codec();
        byte[][] shards = {new byte[8], new byte[8], {7, 7, 7, 7, 7, 7, 7, 7}};
        byte[] before = shards[2].clone();
        assertThrows(IllegalArgumentException.class, () -> codec.encode(0, 1, new byte[][] {new byte[1]}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(2, -1, shards, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(200, 57, new byte[257][1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(2, 1, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(2, 2, shards, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(2, 1, shards, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(2, 1, shards, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(2, 1, shards, 0, -2));
        assertThrows(IllegalArgumentException.class,
            () -> codec.encode(2, 1, new byte[][] {new byte[8], null, new byte[8]}, 0, 8));
        assertThrows(IllegalArgumentException.class,
            () -> codec.reconstruct(2, 1, shards, new boolean[] {true, false, false}, 0, 8, false));
        assertThrows(IllegalArgumentException.class,
            () -> codec.reconstruct(2, 1, shards, new boolean[] {true, true}, 0, 8, false));
        assertThrows(IllegalArgumentException.class,
            () -> codec.reconstruct(2, 1, shards, null, 0, 8, false));
        assertArrayEquals(before, shards[2]);
    }

    @Test
    void concurrentCallsAgree() throws Exception {
        ErasureCodec codec = codec();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = SEED + t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 40; i++) {
                        int k = 1 + random.nextInt(12);
                        int m = random.nextInt(5);
                        Stripe stripe = Stripe.random(random, k, m, 1 + random.nextInt(3000), 0, 0);
                        codec.encode(k, m, stripe.shards, 0, stripe.length);
                        stripe.assertMatchesReference("concurrent seed " + seed);
                        checkReconstruct(stripe, randomPattern(random, k, m), false, "concurrent seed " + seed);
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void checkReconstruct(Stripe stripe, boolean[] present, boolean dataOnly, String what) {
        Stripe damaged = stripe.copy();
        Random noise = new Random(Arrays.hashCode(present));
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                damaged.scribble(i, noise);
            }
        }
        codec().reconstruct(stripe.k, stripe.m, damaged.shards, present, stripe.offset, stripe.length, dataOnly);
        for (int i = 0; i < present.length; i++) {
            boolean rebuilt = present[i] || !dataOnly || i < stripe.k;
            if (rebuilt) {
                assertArrayEquals(stripe.shards[i], damaged.shards[i], "reconstruct " + what + " shard " + i
                        + " dataOnly " + dataOnly + " present " + Arrays.toString(present));
            } else {
                assertArrayEquals(stripe.copy().scribbled(i, new Random(Arrays.hashCode(present)), present),
                        damaged.shards[i], "parity left untouched when dataOnly, " + what);
            }
        }
    }

    static boolean[] randomPattern(Random random, int k, int m) {
        int n = k + m;
        boolean[] present = new boolean[n];
        Arrays.fill(present, true);
        int missing = random.nextInt(m + 1);
        for (int removed = 0; removed < missing;) {
            int i = random.nextInt(n);
            if (present[i]) {
                present[i] = false;
                removed++;
            }
        }
        return present;
    }
}
