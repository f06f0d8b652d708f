/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The golden vectors of {@code rs-cauchy-gf8-v1}, committed as {@code golden/rs-cauchy-gf8-v1.txt}.
 *
 * <p>Format: {@code #} starts a comment; every other line is one case,
 * {@code k m length shard0 shard1 ... shard(k+m-1)} with each shard in lower-case hex. Data shards come from
 * the generator below; parity shards were computed once by {@link ReferenceCoder} and must never change.
 * Regenerate only for a new codec id: {@code java ... GoldenVectors <file>} (see docs/erasure-codec.md).
 */
public final class GoldenVectors {

    /** The resource holding the vectors. */
    public static final String RESOURCE = "/golden/rs-cauchy-gf8-v1.txt";

    /** Configurations covered: edge shapes, the storage classes in use, and the limits. */
    static final int[][] CONFIGS = {
        {1, 0}, {1, 1}, {1, 5}, {2, 1}, {2, 2}, {3, 2}, {4, 2}, {5, 3}, {6, 3}, {8, 4}, {10, 4}, {12, 4},
        {13, 3}, {16, 4}, {17, 7}, {32, 32}, {100, 28}, {255, 1}, {1, 255}, {128, 128},
    };
    /** Shard lengths: below, at and past one 64-byte vector, and an odd multi-vector length. */
    static final int[] LENGTHS = {1, 64, 131};

    /** One case: all k + m shards of one encoded stripe. */
    public record Case(int k, int m, byte[][] shards) {
    }

    private GoldenVectors() {
    }

    /**
     * Reads the committed vectors from the class path.
     *
     * @return every case
     */
    public static List<Case> load() {
        List<Case> cases = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        try (InputStream in = GoldenVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                int k = Integer.parseInt(f[0]);
                int m = Integer.parseInt(f[1]);
                byte[][] shards = new byte[k + m][];
                for (int i = 0; i < k + m; i++) {
                    shards[i] = hex.parseHex(f[3 + i]);
                }
                cases.add(new Case(k, m, shards));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /**
     * The data generator: byte {@code i} of data shard {@code c} of configuration k+m, length n, is the top
     * byte of an LCG seeded from (k, m, n, c).
     *
     * @param k data shards
     * @param m parity shards
     * @param length shard length
     * @return k data shards
     */
    static byte[][] data(int k, int m, int length) {
        byte[][] data = new byte[k][length];
        for (int c = 0; c < k; c++) {
            long x = ((long) k << 40) ^ ((long) m << 24) ^ ((long) length << 8) ^ c;
            for (int i = 0; i < length; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                data[c][i] = (byte) (x >>> 56);
            }
        }
        return data;
    }

    /**
     * Writes the vectors file.
     *
     * @param args the output file
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        HexFormat hex = HexFormat.of();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.US_ASCII))) {
            out.println("# Golden vectors of erasure code rs-cauchy-gf8-v1: GF(2^8) mod 0x11D, generator [I ; C],");
            out.println("# C[r][c] = 1 / ((k + r) XOR c). One case per line: k m length shard0 ... shard(k+m-1), hex.");
            out.println("# Generated once by io.cairn.erasure.rs.conformance.GoldenVectors; never edit.");
            for (int[] km : CONFIGS) {
                for (int len : LENGTHS) {
                    int k = km[0];
                    int m = km[1];
                    if ((k + m) * len > 10_000) {
                        continue;
                    }
                    byte[][] data = data(k, m, len);
                    byte[][] parity = ReferenceCoder.parity(k, m, data);
                    StringBuilder line = new StringBuilder().append(k).append(' ').append(m).append(' ').append(len);
                    for (byte[] d : data) {
                        line.append(' ').append(hex.formatHex(d));
                    }
                    for (byte[] p : parity) {
                        line.append(' ').append(hex.formatHex(p));
                    }
                    out.println(line);
                }
            }
        }
    }
}
