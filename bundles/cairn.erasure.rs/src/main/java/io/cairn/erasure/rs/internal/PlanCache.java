/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

/**
 * A bounded, direct-mapped cache of {@link Plan}s keyed by (k, m, erasure pattern, data-only). A hit allocates
 * nothing and takes no lock: slots hold immutable entries with final fields, so a racy read sees either a whole
 * old entry or a whole new one. A miss builds the plan and overwrites the slot; two threads missing at once may
 * both build it, which is harmless.
 *
 * @param <T> the kernel's tables
 */
final class PlanCache<T> {

    /** Number of slots; a power of two. Bounds memory to this many plans. */
    static final int SLOTS = 128;

    private final Entry<?>[] slots = new Entry<?>[SLOTS];

    private static final class Entry<T> {
        final int k;
        final int m;
        final boolean dataOnly;
        final long b0;
        final long b1;
        final long b2;
        final long b3;
        final Plan<T> plan;

        Entry(int k, int m, boolean dataOnly, long[] bits, Plan<T> plan) {
            this.k = k;
            this.m = m;
            this.dataOnly = dataOnly;
            this.b0 = bits[0];
            this.b1 = bits[1];
            this.b2 = bits[2];
            this.b3 = bits[3];
            this.plan = plan;
        }
    }

    /**
     * Returns the plan for an erasure pattern, building it on a miss.
     *
     * @param k data shards
     * @param m parity shards
     * @param present which shards are present, or {@code null} for encoding (exactly the data shards present)
     * @param dataOnly whether only data shards are rebuilt
     * @param compiler builds kernel tables on a miss
     * @return the plan
     */
    @SuppressWarnings("unchecked")
    Plan<T> get(int k, int m, boolean[] present, boolean dataOnly, ReedSolomonBase<T> compiler) {
        long b0 = 0;
        long b1 = 0;
        long b2 = 0;
        long b3 = 0;
        int n = k + m;
        for (int i = 0; i < n; i++) {
            if (present == null ? i < k : present[i]) {
                long bit = 1L << i;
                int word = i >>> 6;
                if (word == 0) {
                    b0 |= bit;
                } else if (word == 1) {
                    b1 |= bit;
                } else if (word == 2) {
                    b2 |= bit;
                } else {
                    b3 |= bit;
                }
            }
        }
        long h = k * 0x9E3779B97F4A7C15L + m;
        h = (h ^ b0) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ b1) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ b2) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ b3 ^ (dataOnly ? 1 : 0)) * 0xC2B2AE3D27D4EB4FL;
        int slot = (int) (h >>> 40) & (SLOTS - 1);
        Entry<T> e = (Entry<T>) slots[slot];
        if (e != null && e.k == k && e.m == m && e.dataOnly == dataOnly && e.b0 == b0 && e.b1 == b1
                && e.b2 == b2 && e.b3 == b3) {
            return e.plan;
        }
        long[] bits = {b0, b1, b2, b3};
        Plan<T> plan = build(k, m, bits, dataOnly, compiler);
        slots[slot] = new Entry<>(k, m, dataOnly, bits, plan);
        return plan;
    }

    private static <T> Plan<T> build(int k, int m, long[] bits, boolean dataOnly, ReedSolomonBase<T> compiler) {
        int n = k + m;
        int[] inputs = new int[k];
        int[] missing = new int[n];
        int found = 0;
        int nMissing = 0;
        for (int i = 0; i < n; i++) {
            boolean isPresent = (bits[i >>> 6] & (1L << i)) != 0;
            if (isPresent && found < k) {
                inputs[found++] = i;
            } else if (!isPresent && (i < k || !dataOnly)) {
                missing[nMissing++] = i;
            }
        }
        assert found == k : "caller checks that k shards are present";
        int[] outputs = java.util.Arrays.copyOf(missing, nMissing);
        int[][] decode = new int[k][k];
        for (int r = 0; r < k; r++) {
            CauchyCode.generatorRow(k, inputs[r], decode[r]);
        }
        CauchyCode.invert(decode);
        byte[] coefficients = new byte[nMissing * k];
        int[] gen = new int[k];
        for (int r = 0; r < nMissing; r++) {
            CauchyCode.generatorRow(k, outputs[r], gen);
            for (int c = 0; c < k; c++) {
                int v = 0;
                for (int j = 0; j < k; j++) {
                    v ^= Gf256.mul(gen[j], decode[j][c]);
                }
                coefficients[r * k + c] = (byte) v;
            }
        }
        return new Plan<>(inputs, outputs, coefficients, compiler.compile(coefficients, nMissing, k));
    }
}
