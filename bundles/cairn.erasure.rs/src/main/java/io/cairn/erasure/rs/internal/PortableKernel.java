/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

/**
 * The portable matrix-multiply kernel. For every input and byte value a {@code long} packs the products with up
 * to eight output coefficients, so one table lookup per input byte serves eight outputs. Positions are
 * processed in blocks whose packed sums stay in a per-thread scratch array.
 */
public final class PortableKernel {

    /** Outputs served by one packed table. */
    static final int GROUP = 8;
    /** Positions per block: 8 KiB of scratch per thread, small enough to stay in L1 next to the tables. */
    static final int BLOCK = 1024;

    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[BLOCK]);

    private PortableKernel() {
    }

    /**
     * Builds the packed tables: {@code tables[g][c * 256 + x]} holds, in byte {@code r}, the product of
     * {@code x} with the coefficient of input {@code c} in output {@code g * 8 + r}.
     *
     * @param coefficients {@code rows x cols}, row-major
     * @param rows outputs
     * @param cols inputs
     * @return the packed tables
     */
    public static long[][] compile(byte[] coefficients, int rows, int cols) {
        int groups = (rows + GROUP - 1) / GROUP;
        long[][] tables = new long[groups][cols * 256];
        for (int r = 0; r < rows; r++) {
            long[] t = tables[r / GROUP];
            int shift = 8 * (r % GROUP);
            for (int c = 0; c < cols; c++) {
                byte[] products = Gf256.mulRow(coefficients[r * cols + c]);
                for (int x = 0; x < 256; x++) {
                    t[c * 256 + x] |= (long) (products[x] & 0xFF) << shift;
                }
            }
        }
        return tables;
    }

    /**
     * Multiplies: see {@link ReedSolomonBase#multiply}.
     *
     * @param tables from {@link #compile}
     * @param shards all shards
     * @param inputs input shard indices
     * @param outputs output shard indices
     * @param offset first byte
     * @param length number of bytes
     */
    public static void multiply(long[][] tables, byte[][] shards, int[] inputs, int[] outputs, int offset,
            int length) {
        if (inputs.length == 4 && outputs.length <= 2) {
            fourInputs(tables[0], shards, inputs, outputs, offset, offset + length);
            return;
        }
        long[] acc = SCRATCH.get();
        int end = offset + length;
        for (int g = 0; g < tables.length; g++) {
            long[] t = tables[g];
            int outs = Math.min(GROUP, outputs.length - g * GROUP);
            for (int pos = offset; pos < end; pos += BLOCK) {
                int n = Math.min(BLOCK, end - pos);
                accumulate(t, shards, inputs, acc, pos, n);
                scatter(acc, shards, outputs, g * GROUP, outs, pos, n);
            }
        }
    }

    /**
     * The common small case (4+2 encode, and rebuilding one or two shards from four) in one pass: the packed
     * sum stays in a register instead of the scratch array.
     */
    private static void fourInputs(long[] t, byte[][] shards, int[] inputs, int[] outputs, int from, int to) {
        byte[] a = shards[inputs[0]];
        byte[] b = shards[inputs[1]];
        byte[] c = shards[inputs[2]];
        byte[] d = shards[inputs[3]];
        byte[] o0 = shards[outputs[0]];
        if (outputs.length == 1) {
            for (int i = from; i < to; i++) {
                o0[i] = (byte) (t[a[i] & 0xFF] ^ t[256 + (b[i] & 0xFF)] ^ t[512 + (c[i] & 0xFF)]
                        ^ t[768 + (d[i] & 0xFF)]);
            }
            return;
        }
        byte[] o1 = shards[outputs[1]];
        for (int i = from; i < to; i++) {
            long v = t[a[i] & 0xFF] ^ t[256 + (b[i] & 0xFF)] ^ t[512 + (c[i] & 0xFF)] ^ t[768 + (d[i] & 0xFF)];
            o0[i] = (byte) v;
            o1[i] = (byte) (v >>> 8);
        }
    }

    private static void accumulate(long[] t, byte[][] shards, int[] inputs, long[] acc, int pos, int n) {
        byte[] first = shards[inputs[0]];
        for (int i = 0; i < n; i++) {
            acc[i] = t[first[pos + i] & 0xFF];
        }
        int c = 1;
        for (; c + 3 < inputs.length; c += 4) {
            byte[] a = shards[inputs[c]];
            byte[] b = shards[inputs[c + 1]];
            byte[] d = shards[inputs[c + 2]];
            byte[] e = shards[inputs[c + 3]];
            int ta = c << 8;
            for (int i = 0; i < n; i++) {
                int p = pos + i;
                acc[i] ^= t[ta + (a[p] & 0xFF)] ^ t[ta + 256 + (b[p] & 0xFF)]
                        ^ t[ta + 512 + (d[p] & 0xFF)] ^ t[ta + 768 + (e[p] & 0xFF)];
            }
        }
        for (; c < inputs.length; c++) {
            byte[] a = shards[inputs[c]];
            int ta = c << 8;
            for (int i = 0; i < n; i++) {
                acc[i] ^= t[ta + (a[pos + i] & 0xFF)];
            }
        }
    }

    private static void scatter(long[] acc, byte[][] shards, int[] outputs, int first, int count, int pos, int n) {
        int r = 0;
        for (; r + 1 < count; r += 2) {
            byte[] o0 = shards[outputs[first + r]];
            byte[] o1 = shards[outputs[first + r + 1]];
            int shift = 8 * r;
            for (int i = 0; i < n; i++) {
                long v = acc[i] >>> shift;
                o0[pos + i] = (byte) v;
                o1[pos + i] = (byte) (v >>> 8);
            }
        }
        if (r < count) {
            byte[] o = shards[outputs[first + r]];
            int shift = 8 * r;
            for (int i = 0; i < n; i++) {
                o[pos + i] = (byte) (acc[i] >>> shift);
            }
        }
    }
}
