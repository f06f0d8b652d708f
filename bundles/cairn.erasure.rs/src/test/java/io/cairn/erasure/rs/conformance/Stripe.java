/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

/**
 * k + m shards living at {@code offset} inside larger arrays whose bytes outside the shard are a guard value.
 */
final class Stripe {

    static final byte GUARD = (byte) 0xA5;

    final int k;
    final int m;
    final byte[][] shards;
    final int offset;
    final int length;

    private Stripe(int k, int m, byte[][] shards, int offset, int length) {
        this.k = k;
        this.m = m;
        this.shards = shards;
        this.offset = offset;
        this.length = length;
    }

    static Stripe random(Random random, int k, int m, int length, int offset, int slack) {
        byte[][] shards = new byte[k + m][offset + length + slack];
        for (int i = 0; i < k + m; i++) {
            Arrays.fill(shards[i], GUARD);
            if (i < k) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                System.arraycopy(data, 0, shards[i], offset, length);
            }
        }
        return new Stripe(k, m, shards, offset, length);
    }

    Stripe copy() {
        byte[][] c = new byte[shards.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = shards[i].clone();
        }
        return new Stripe(k, m, c, offset, length);
    }

    /** Overwrites the shard's bytes (not the guards) with noise, as a lost shard's buffer would hold. */
    void scribble(int shard, Random noise) {
        for (int i = 0; i < length; i++) {
            shards[shard][offset + i] = (byte) noise.nextInt();
        }
    }

    /** Returns shard {@code shard} as {@code checkReconstruct} leaves an untouched parity shard. */
    byte[] scribbled(int shard, Random noise, boolean[] present) {
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                scribble(i, noise);
            }
        }
        return shards[shard];
    }

    void assertMatchesReference(String what) {
        byte[][] data = new byte[k][];
        for (int i = 0; i < k; i++) {
            data[i] = Arrays.copyOfRange(shards[i], offset, offset + length);
        }
        byte[][] parity = ReferenceCoder.parity(k, m, data);
        for (int r = 0; r < m; r++) {
            byte[] s = shards[k + r];
            assertArrayEquals(parity[r], Arrays.copyOfRange(s, offset, offset + length), what + " parity " + r);
            for (int i = 0; i < s.length; i++) {
                if (i < offset || i >= offset + length) {
                    assertEquals(GUARD, s[i], what + ": byte " + i + " outside the shard was written");
                }
            }
        }
    }
}
