/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.simd;

import io.cairn.erasure.rs.internal.Gf256;
import io.cairn.erasure.rs.internal.PortableKernel;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised matrix-multiply kernel, for 64-byte vectors: GF(2^8) products by table lookup with
 * {@code selectFrom}, which compiles to one byte permute (AVX-512 VBMI {@code vpermb}) over a 64-entry table.
 *
 * <p>A byte {@code x} splits into its low six bits and its high two. For a group of up to three inputs
 * {@code x, y, z} with coefficients {@code a, b, c}, one output gains
 * {@code L_a[x & 63] ^ L_b[y & 63] ^ L_c[z & 63] ^ H[(x >>> 6) | (y >>> 6) << 2 | (z >>> 6) << 4]}, where
 * {@code L_a[i] = a * i} and {@code H} holds the sum of the three high-bit products: four lookups for three
 * inputs, against six with split-nibble tables.
 *
 * <p>A pass reads one group of inputs (three, or two) and updates up to four outputs, with all the pass's
 * tables in registers for the whole pass; the first pass of an output group writes, later passes add. The pass
 * loops live in {@link VectorPasses}, one method per shape, and do every load and lookup of an iteration before
 * its first store (the class comment there says why that matters on JDK 17). This class holds the tables, picks
 * the passes, and offers the small vector steps the passes are made of. Bytes past the last whole vector go
 * through the {@link PortableKernel}, so every length is allowed.
 *
 * <p>Only this class and {@link VectorPasses} touch {@code jdk.incubator.vector}; they are loaded once the
 * module is known to be there.
 */
final class VectorKernel {

    /** The vector shape used: 64 byte lanes, so one vector holds a 64-entry table. */
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_512;
    static final int LANES = 64;
    /** Outputs a pass updates at most: four outputs' tables for three inputs fill 16 of the 32 registers. */
    static final int OUTPUTS_PER_PASS = 4;
    /** Inputs per group at most: three inputs' high two bits index one 64-entry table. */
    private static final int MAX_GROUP = 3;
    /** Masks the low six bits of a byte: the index into a low-bit table. */
    static final byte LOW_BITS = 0x3F;

    private VectorKernel() {
    }

    /** Returns the byte lanes of this CPU's preferred vector shape; fewer than 64 means 512-bit is emulated. */
    static int preferredLanes() {
        return ByteVector.SPECIES_PREFERRED.length();
    }

    /** Tables for one plan: lookup tables for the vector loop, packed tables for the tail. */
    static final class Tables {
        /** Per group: first input column, number of inputs (2 or 3), and offset of its tables. */
        final int[] groupFirst;
        final int[] groupSize;
        final int[] groupBase;
        final byte[] lookup;
        final long[][] packed;

        Tables(int[] groupFirst, int[] groupSize, int[] groupBase, byte[] lookup, long[][] packed) {
            this.groupFirst = groupFirst;
            this.groupSize = groupSize;
            this.groupBase = groupBase;
            this.lookup = lookup;
            this.packed = packed;
        }

        /** Offset of table {@code t} (0..size-1: low-bit tables, size: high-bit table) of one output. */
        int table(int group, int row, int t) {
            return groupBase[group] + (row * (groupSize[group] + 1) + t) * LANES;
        }

        /** Table {@code t} of output {@code row} in group {@code group}, as a vector. */
        ByteVector vector(int group, int row, int t) {
            return ByteVector.fromArray(SPECIES, lookup, table(group, row, t));
        }
    }

    /** Splits k inputs into groups of three, with pairs where three does not divide (4 = 2 + 2, 1 = 1 + 0). */
    static int[] groupSizes(int cols) {
        int triples = cols / MAX_GROUP;
        int rest = cols % MAX_GROUP;
        if (rest == 1 && triples > 0) {
            int[] sizes = new int[triples + 1];
            Arrays.fill(sizes, MAX_GROUP);
            sizes[triples - 1] = 2;
            sizes[triples] = 2;
            return sizes;
        }
        int[] sizes = new int[triples + (rest > 0 ? 1 : 0)];
        Arrays.fill(sizes, MAX_GROUP);
        if (rest > 0) {
            sizes[triples] = rest == 1 ? 1 : 2;
        }
        return sizes;
    }

    static Tables compile(byte[] coefficients, int rows, int cols) {
        int[] sizes = groupSizes(cols);
        int groups = sizes.length;
        int[] first = new int[groups];
        int[] base = new int[groups];
        int bytes = 0;
        for (int g = 0, c = 0; g < groups; c += sizes[g], g++) {
            first[g] = c;
            base[g] = bytes;
            // A single input is stored as a pair whose second table is zero; it stays a valid 2-input shape.
            sizes[g] = Math.max(sizes[g], 2);
            bytes += rows * (sizes[g] + 1) * LANES;
        }
        Tables t = new Tables(first, sizes, base, new byte[bytes], PortableKernel.compile(coefficients, rows, cols));
        for (int g = 0; g < groups; g++) {
            for (int r = 0; r < rows; r++) {
                fillTables(t, g, r, coefficients, cols);
            }
        }
        return t;
    }

    /** Fills the low-bit tables and the high-bit table of one output in one group. */
    private static void fillTables(Tables t, int g, int r, byte[] coefficients, int cols) {
        int size = t.groupSize[g];
        int high = t.table(g, r, size);
        for (int j = 0; j < size; j++) {
            int c = t.groupFirst[g] + j;
            int coefficient = c < cols ? coefficients[r * cols + c] & 0xFF : 0;
            int low = t.table(g, r, j);
            for (int x = 0; x < LANES; x++) {
                t.lookup[low + x] = (byte) Gf256.mul(coefficient, x);
                // Entry x of the high table: input j contributes its two high bits, (x >>> 2j) & 3.
                t.lookup[high + x] ^= (byte) Gf256.mul(coefficient, ((x >>> (2 * j)) & 3) << 6);
            }
        }
    }

    static void multiply(Tables t, byte[][] shards, int[] inputs, int[] outputs, int offset, int length) {
        int vectorBytes = length - length % LANES;
        int end = offset + vectorBytes;
        if (vectorBytes > 0) {
            for (int r = 0; r < outputs.length;) {
                int n = outputs.length - r >= OUTPUTS_PER_PASS ? OUTPUTS_PER_PASS : outputs.length - r >= 2 ? 2 : 1;
                for (int g = 0; g < t.groupSize.length; g++) {
                    pass(t, g, r, n, g == 0, shards, inputs, outputs, offset, end);
                }
                r += n;
            }
        }
        if (vectorBytes < length) {
            PortableKernel.multiply(t.packed, shards, inputs, outputs, end, length - vectorBytes);
        }
    }

    /** Runs one pass: group {@code g} into outputs {@code r..r+n-1}, writing them ({@code set}) or adding. */
    private static void pass(Tables t, int g, int r, int n, boolean set, byte[][] shards, int[] inputs,
            int[] outputs, int from, int to) {
        int c = t.groupFirst[g];
        byte[] a = shards[inputs[c]];
        // The second input of a single-input group is the first again, with a zero table.
        byte[] b = shards[inputs[Math.min(c + 1, inputs.length - 1)]];
        if (t.groupSize[g] == 3) {
            pass3(t, g, r, n, set, a, b, shards[inputs[c + 2]], shards, outputs, from, to);
        } else {
            pass2(t, g, r, n, set, a, b, shards, outputs, from, to);
        }
    }

    private static void pass3(Tables t, int g, int r, int n, boolean set, byte[] a, byte[] b, byte[] d,
            byte[][] shards, int[] outputs, int from, int to) {
        if (n == 4) {
            if (set) {
                VectorPasses.set4x3(t, g, r, a, b, d, shards, outputs, from, to);
            } else {
                VectorPasses.add4x3(t, g, r, a, b, d, shards, outputs, from, to);
            }
        } else if (n == 2) {
            if (set) {
                VectorPasses.set2x3(t, g, r, a, b, d, shards, outputs, from, to);
            } else {
                VectorPasses.add2x3(t, g, r, a, b, d, shards, outputs, from, to);
            }
        } else if (set) {
            VectorPasses.set1x3(t, g, r, a, b, d, shards, outputs, from, to);
        } else {
            VectorPasses.add1x3(t, g, r, a, b, d, shards, outputs, from, to);
        }
    }

    private static void pass2(Tables t, int g, int r, int n, boolean set, byte[] a, byte[] b, byte[][] shards,
            int[] outputs, int from, int to) {
        if (n == 4) {
            if (set) {
                VectorPasses.set4x2(t, g, r, a, b, shards, outputs, from, to);
            } else {
                VectorPasses.add4x2(t, g, r, a, b, shards, outputs, from, to);
            }
        } else if (n == 2) {
            if (set) {
                VectorPasses.set2x2(t, g, r, a, b, shards, outputs, from, to);
            } else {
                VectorPasses.add2x2(t, g, r, a, b, shards, outputs, from, to);
            }
        } else if (set) {
            VectorPasses.set1x2(t, g, r, a, b, shards, outputs, from, to);
        } else {
            VectorPasses.add1x2(t, g, r, a, b, shards, outputs, from, to);
        }
    }

    /** The index into a two-input high-bit table: {@code (x >>> 6) | (y >>> 6) << 2} per byte. */
    static ByteVector high(ByteVector x, ByteVector y) {
        return shr(x, 6).and((byte) 0x03).or(shr(y, 4).and((byte) 0x0C));
    }

    /** The index into a three-input high-bit table: {@code (x >>> 6) | (y >>> 6) << 2 | (z >>> 6) << 4}. */
    static ByteVector high(ByteVector x, ByteVector y, ByteVector z) {
        return high(x, y).or(shr(z, 2).and((byte) 0x30));
    }

    /**
     * Shifts every byte right by {@code bits}, leaving garbage in the top {@code bits} bits of each byte that the
     * caller masks off. Shifting whole 32-bit lanes is one instruction, where a byte shift is emulated.
     */
    private static ByteVector shr(ByteVector v, int bits) {
        return v.reinterpretAsInts().lanewise(VectorOperators.LSHR, bits).reinterpretAsBytes();
    }
}
