/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.PutOptions;

/**
 * In-process PUT/GET throughput of the object layer next to the raw sequential speed of the same file system.
 * Not a test: enabled with {@code -Dcairn.bench=true}; prints a table for docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "cairn.bench", matches = "true")
class EngineBenchmark {

    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void run() throws Exception {
        StringBuilder report = new StringBuilder();
        double[] raw = raw(tmp.resolve("raw"), 512 * MIB);
        report.append(String.format(Locale.ROOT, "raw sequential write (fsync) %.0f MiB/s, read %.0f MiB/s%n",
                raw[0], raw[1]));
        int[][] layouts = {{4, 2}, {1, 0}};
        long[][] sizes = {{4 << 10, 2000}, {MIB, 300}, {64 * MIB, 8}};
        for (int[] layout : layouts) {
            Path root = Files.createDirectories(tmp.resolve("l" + layout[0]));
            try (TestCluster c = new TestCluster(root, 1, layout[0], EngineConfig.DEFAULT)) {
                c.layer.makeBucket("bench", BucketOptions.DEFAULT);
                for (long[] s : sizes) {
                    double[] r = putGet(c, s[0], (int) s[1]);
                    report.append(String.format(Locale.ROOT, "%d drive(s) EC %d+%d, %s x %d: PUT %.1f MiB/s, GET %.1f"
                            + " MiB/s%n", layout[0], layout[0] - layout[1], layout[1], human(s[0]), s[1], r[0], r[1]));
                }
            }
        }
        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("cairn.bench.out", "target/engine-benchmark.txt")),
                report.toString());
    }

    private static double[] putGet(TestCluster c, long size, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            c.layer.putObject("bench", "o" + i, new StreamingTest.Generated(size, i), size, PutOptions.DEFAULT);
        }
        double put = mibPerSecond(size * count, System.nanoTime() - start);
        byte[] buf = new byte[256 << 10];
        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (ObjectReader r = c.layer.getObject("bench", "o" + i, GetOptions.DEFAULT)) {
                InputStream in = r.stream();
                while (in.read(buf) >= 0) {
                    continue;
                }
            }
        }
        double get = mibPerSecond(size * count, System.nanoTime() - start);
        return new double[] {put, get};
    }

    private static double[] raw(Path file, long size) throws Exception {
        byte[] block = new byte[(int) MIB];
        new java.util.Random(1).nextBytes(block);
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
            for (long done = 0; done < size; done += MIB) {
                out.write(block);
            }
            ch.force(true);
        }
        double write = mibPerSecond(size, System.nanoTime() - start);
        start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) MIB);
            while (ch.read(buf) > 0) {
                buf.clear();
            }
        }
        double read = mibPerSecond(size, System.nanoTime() - start);
        Files.delete(file);
        return new double[] {write, read};
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / (double) MIB / (nanos / 1e9);
    }

    private static String human(long size) {
        return size >= MIB ? size / MIB + " MiB" : size / 1024 + " KiB";
    }
}
