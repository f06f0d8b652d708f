/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

import io.cairn.api.erasure.ErasureCodec;

/**
 * The part of code {@code rs-cauchy-gf8-v1} every implementation shares: argument checks, the choice of
 * surviving shards, and the plan cache. A subclass supplies the kernel that multiplies shards by a matrix.
 *
 * <p>Instances hold no per-call state and stay usable after their component is deactivated, so calls that
 * began before a hot swap finish normally.
 *
 * @param <T> the kernel's precomputed tables for one matrix
 */
public abstract class ReedSolomonBase<T> implements ErasureCodec {

    /** The id of the code: GF(2^8) with polynomial 0x11D, generator {@code [I ; 1/((k+r) XOR c)]}. */
    public static final String ID = "rs-cauchy-gf8-v1";

    /** Shard length of the self-test: past two 512-bit vectors and not a multiple of one, to reach every path. */
    private static final int SELF_TEST_BYTES = 2 * 64 + 3;

    private final PlanCache<T> cache = new PlanCache<>();

    @Override
    public final String codecId() {
        return ID;
    }

    @Override
    public final void encode(int dataShards, int parityShards, byte[][] shards, int offset, int length) {
        checkArguments(dataShards, parityShards, shards, offset, length);
        if (parityShards == 0 || length == 0) {
            return;
        }
        Plan<T> plan = cache.get(dataShards, parityShards, null, false, this);
        multiply(plan.tables, shards, plan.inputs, plan.outputs, offset, length);
    }

    @Override
    public final void reconstruct(int dataShards, int parityShards, byte[][] shards, boolean[] present, int offset,
            int length, boolean dataOnly) {
        checkArguments(dataShards, parityShards, shards, offset, length);
        int n = dataShards + parityShards;
        if (present == null || present.length != n) {
            throw new IllegalArgumentException("present must have " + n + " entries");
        }
        int available = 0;
        boolean work = false;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                available++;
            } else if (i < dataShards || !dataOnly) {
                work = true;
            }
        }
        if (available < dataShards) {
            throw new IllegalArgumentException("only " + available + " of " + n + " shards present, need "
                    + dataShards);
        }
        if (!work || length == 0) {
            return;
        }
        Plan<T> plan = cache.get(dataShards, parityShards, present, dataOnly, this);
        multiply(plan.tables, shards, plan.inputs, plan.outputs, offset, length);
    }

    /**
     * Checks the kernel against a plain scalar computation of the code on one small stripe, through encode and
     * reconstruct. Besides catching a broken kernel at start, this loads every class the hot path uses while
     * the bundle is live: a call that began before the bundle was updated or uninstalled could otherwise hit a
     * class its closed class loader can no longer load. Subclasses call it at the end of their constructor.
     *
     * @throws IllegalStateException when the kernel computes wrong bytes
     */
    protected final void selfTest() {
        int k = 3;
        int m = 2;
        int length = SELF_TEST_BYTES;
        byte[][] shards = new byte[k + m][length];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < length; i++) {
                shards[c][i] = (byte) (i * 31 + c * 7 + 1);
            }
        }
        encode(k, m, shards, 0, length);
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < length; i++) {
                int expected = 0;
                for (int c = 0; c < k; c++) {
                    expected ^= Gf256.mul(CauchyCode.parityCoefficient(k, r, c), shards[c][i]);
                }
                if ((shards[k + r][i] & 0xFF) != expected) {
                    throw new IllegalStateException(implementation() + " codec failed its self-test (encode)");
                }
            }
        }
        byte[] lost = shards[0].clone();
        java.util.Arrays.fill(shards[0], (byte) 0);
        java.util.Arrays.fill(shards[3], (byte) 0);
        reconstruct(k, m, shards, new boolean[] {false, true, true, false, true}, 0, length, false);
        if (!java.util.Arrays.equals(lost, shards[0])) {
            throw new IllegalStateException(implementation() + " codec failed its self-test (reconstruct)");
        }
    }

    /**
     * Precomputes a kernel's tables for a coefficient matrix. Called on a plan-cache miss only.
     *
     * @param coefficients {@code rows x cols} coefficients, row-major
     * @param rows number of outputs
     * @param cols number of inputs
     * @return the tables passed to {@link #multiply}
     */
    protected abstract T compile(byte[] coefficients, int rows, int cols);

    /**
     * Computes {@code shards[outputs[r]][offset, offset + length)} for every output row. Arguments are checked.
     *
     * @param tables the tables from {@link #compile}
     * @param shards all shards
     * @param inputs indices of the input shards, one per matrix column
     * @param outputs indices of the output shards, one per matrix row
     * @param offset start of the bytes in every shard
     * @param length number of bytes, at least 1
     */
    protected abstract void multiply(T tables, byte[][] shards, int[] inputs, int[] outputs, int offset,
            int length);

    private static void checkArguments(int k, int m, byte[][] shards, int offset, int length) {
        if (k < 1 || m < 0 || k + m > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("need k >= 1, m >= 0, k + m <= " + MAX_TOTAL_SHARDS + ", got k=" + k
                    + " m=" + m);
        }
        if (shards == null || shards.length != k + m) {
            throw new IllegalArgumentException("shards must hold " + (k + m) + " arrays");
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        for (int i = 0; i < shards.length; i++) {
            byte[] s = shards[i];
            if (s == null) {
                throw new IllegalArgumentException("shard " + i + " is null");
            }
            if (s.length - offset < length) {
                throw new IllegalArgumentException("shard " + i + " holds " + s.length + " bytes, need offset "
                        + offset + " + length " + length);
            }
        }
    }
}
