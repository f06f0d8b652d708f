/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

/**
 * The matrices of code {@code rs-cauchy-gf8-v1}: a systematic generator {@code [I_k ; C]} whose parity part is
 * the Cauchy matrix {@code C[r][c] = 1 / ((k + r) XOR c)} over {@link Gf256}, for parity row {@code r < m} and data
 * column {@code c < k}. This is the matrix of ISA-L's {@code gf_gen_cauchy1_matrix} and of Hadoop's
 * {@code RSUtil.genCauchyMatrix}. Because the values {@code k..k+m-1} and {@code 0..k-1} are distinct, every square
 * submatrix of {@code C} is invertible and the code is MDS: any {@code k} shards determine the rest.
 */
public final class CauchyCode {

    private CauchyCode() {
    }

    /**
     * Returns the coefficient of data shard {@code column} in parity shard {@code row}.
     *
     * @param dataShards k
     * @param row parity row, {@code 0 <= row < m}
     * @param column data column, {@code 0 <= column < k}
     * @return the coefficient
     */
    public static int parityCoefficient(int dataShards, int row, int column) {
        return Gf256.inv((dataShards + row) ^ column);
    }

    /**
     * Returns the generator row of shard {@code shard} (0..k+m-1): a unit row for data shards, a Cauchy row for
     * parity shards.
     *
     * @param dataShards k
     * @param shard the shard index
     * @param row receives the k coefficients
     */
    static void generatorRow(int dataShards, int shard, int[] row) {
        for (int c = 0; c < dataShards; c++) {
            if (shard < dataShards) {
                row[c] = shard == c ? 1 : 0;
            } else {
                row[c] = parityCoefficient(dataShards, shard - dataShards, c);
            }
        }
    }

    /**
     * Inverts a square matrix in place by Gauss–Jordan elimination.
     *
     * @param a the matrix, {@code n x n}, replaced by its inverse
     * @throws ArithmeticException when the matrix is singular (never for submatrices of this code)
     */
    static void invert(int[][] a) {
        int n = a.length;
        int[][] inv = new int[n][n];
        for (int i = 0; i < n; i++) {
            inv[i][i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && a[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            swap(a, col, pivot);
            swap(inv, col, pivot);
            int scale = Gf256.inv(a[col][col]);
            for (int j = 0; j < n; j++) {
                a[col][j] = Gf256.mul(a[col][j], scale);
                inv[col][j] = Gf256.mul(inv[col][j], scale);
            }
            for (int r = 0; r < n; r++) {
                int f = a[r][col];
                if (r == col || f == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    a[r][j] ^= Gf256.mul(f, a[col][j]);
                    inv[r][j] ^= Gf256.mul(f, inv[col][j]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(inv[i], 0, a[i], 0, n);
        }
    }

    private static void swap(int[][] a, int i, int j) {
        int[] t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
