/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A cross-check of the JMH figures for a shared, busy machine: the same operations as
 * {@link ErasureCodecBenchmark}, timed by the measuring thread's CPU time instead of wall-clock time, so time
 * the thread spends descheduled does not count. (Cache and SMT contention from other processes still do.)
 * Prints GB/s of data per CPU-second, best of 6 rounds of 300 ms after 3 warm-up rounds.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp distribution/benchmarks/target/benchmarks.jar
 * io.cairn.benchmarks.CpuTimeThroughput}
 */
public final class CpuTimeThroughput {

    private static final long ROUND_CPU_NANOS = 300_000_000L;
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 6;

    private CpuTimeThroughput() {
    }

    /**
     * Runs every coder on every configuration of {@link ErasureCodecBenchmark}.
     *
     * @param args ignored
     * @throws Exception when a coder cannot be set up
     */
    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("JVM " + Runtime.version() + "; GB/s of data per CPU-second, 1 MiB blocks");
        for (String coder : new String[] {"portable", "simd", "hadoop"}) {
            for (String config : new String[] {"4+2", "8+4", "12+4"}) {
                ErasureCodecBenchmark b = new ErasureCodecBenchmark();
                b.coder = coder;
                b.config = config;
                b.setUp();
                double encode = best(threads, b, true);
                double reconstruct = best(threads, b, false);
                System.out.printf(Locale.ROOT, "%-8s %-5s encode %7.2f  reconstruct %7.2f%n", coder, config,
                        encode, reconstruct);
            }
        }
    }

    private static double best(ThreadMXBean threads, ErasureCodecBenchmark b, boolean encode) throws Exception {
        double best = 0;
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            long start = threads.getCurrentThreadCpuTime();
            long ops = 0;
            long used;
            do {
                if (encode) {
                    b.encode();
                } else {
                    b.reconstruct();
                }
                ops++;
                used = threads.getCurrentThreadCpuTime() - start;
            } while (used < ROUND_CPU_NANOS);
            if (round >= WARMUP_ROUNDS) {
                best = Math.max(best, ops * (double) ErasureCodecBenchmark.BLOCK_BYTES / used);
            }
        }
        return best;
    }
}
