/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

/**
 * Arithmetic in GF(2^8) defined by the polynomial x^8 + x^4 + x^3 + x^2 + 1 ({@code 0x11D}) with generator 2,
 * the field of Intel ISA-L and of Hadoop's Reed–Solomon coder.
 */
public final class Gf256 {

    /** The field polynomial, including the x^8 term. */
    public static final int POLYNOMIAL = 0x11D;

    private static final byte[] EXP = new byte[512];
    private static final int[] LOG = new int[256];
    private static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = slowMul(a, b);
            }
        }
    }

    private Gf256() {
    }

    private static byte slowMul(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    /**
     * Multiplies two field elements.
     *
     * @param a a field element (0..255)
     * @param b a field element (0..255)
     * @return the product, 0..255
     */
    public static int mul(int a, int b) {
        return MUL[a & 0xFF][b & 0xFF] & 0xFF;
    }

    /**
     * Returns the multiplicative inverse of a non-zero field element.
     *
     * @param a a non-zero field element
     * @return {@code a^-1}
     */
    public static int inv(int a) {
        if ((a & 0xFF) == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a & 0xFF]] & 0xFF;
    }

    /**
     * Returns the row of the multiplication table for one constant: {@code row[x] = c * x}. The array is
     * shared; callers must not modify it.
     *
     * @param c the constant
     * @return the 256-entry product row
     */
    static byte[] mulRow(int c) {
        return MUL[c & 0xFF];
    }
}
