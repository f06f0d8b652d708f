/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cross-check of the JMH figures for a shared, busy machine: the same operations as
 * {@link ErasureCodecBenchmark}, timed by the measuring thread's CPU time instead of wall-clock time, so time
 * the thread spends descheduled does not count. (Cache and SMT contention from other processes still do.)
 * Prints GB/s of data per CPU-second, the best of 6 rounds of 300 ms, and, when Hadoop's coder is in the run, each
 * coder's ratio to it for the same configuration.
 *
 * <p>The warm-up runs at least 3 such rounds and goes on while the rate still improves by 5% or the JIT compiler
 * is still at work (up to 30 s): on a loaded machine the compiler threads get little CPU, and the vector kernels
 * run about 100 times slower until C2 has compiled them, which a fixed warm-up of the measuring thread's CPU time
 * does not wait for.
 *
 * <p>Arguments, in any order, all optional: coder names ({@code portable}, {@code simd}, {@code hadoop}; default
 * all three) and configurations {@code k+m} (default {@code 4+2 8+4 12+4}). The coders of one configuration are
 * measured one after the other, so their ratios come from the same stretch of machine load.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp distribution/benchmarks/target/benchmarks.jar
 * io.cairn.benchmarks.CpuTimeThroughput [coder ...] [k+m ...]}
 */
public final class CpuTimeThroughput {

    static final List<String> CODERS = List.of("portable", "simd", "hadoop");
    static final List<String> CONFIGS = List.of("4+2", "8+4", "12+4");
    private static final String USAGE = "usage: CpuTimeThroughput [portable|simd|hadoop ...] [k+m ...]";
    private static final String HADOOP = "hadoop";

    private static final long ROUND_CPU_NANOS = 300_000_000L;
    private static final int MIN_WARMUP_ROUNDS = 3;
    /** Warm-up rounds in a row without a 5% gain or JIT activity that end the warm-up. */
    private static final int STALE_ROUNDS = 2;
    private static final long MAX_WARMUP_NANOS = 30_000_000_000L;
    private static final int ROUNDS = 6;

    private CpuTimeThroughput() {
    }

    /** What to measure: the coders and the configurations, in the order given. */
    record Selection(List<String> coders, List<String> configs) {

        /**
         * Parses the command line: each argument is a coder name or a {@code k+m} configuration.
         *
         * @param args the arguments, possibly none
         * @return the selection, with the defaults for whatever was not named
         * @throws IllegalArgumentException for an argument that is neither
         */
        static Selection parse(String... args) {
            List<String> coders = new ArrayList<>();
            List<String> configs = new ArrayList<>();
            for (String arg : args) {
                if (CODERS.contains(arg)) {
                    coders.add(arg);
                } else if (arg.matches("[1-9][0-9]*\\+[0-9]+")) {
                    configs.add(arg);
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
                }
            }
            return new Selection(coders.isEmpty() ? CODERS : coders, configs.isEmpty() ? CONFIGS : configs);
        }
    }

    /**
     * Runs the selected coders on the selected configurations of {@link ErasureCodecBenchmark}.
     *
     * @param args coder names and {@code k+m} configurations, in any order; none means all
     * @throws Exception when a coder cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Selection selection;
        try {
            selection = Selection.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("JVM " + Runtime.version() + "; GB/s of data per CPU-second, 1 MiB blocks");
        for (String config : selection.configs()) {
            List<double[]> rates = new ArrayList<>();
            for (String coder : selection.coders()) {
                rates.add(measure(threads, coder, config));
            }
            print(selection.coders(), config, rates);
        }
    }

    /** Returns {encode, reconstruct} GB/s of one coder on one configuration. */
    private static double[] measure(ThreadMXBean threads, String coder, String config) throws Exception {
        ErasureCodecBenchmark b = new ErasureCodecBenchmark();
        b.coder = coder;
        b.config = config;
        b.setUp();
        return new double[] {best(threads, b, true), best(threads, b, false)};
    }

    private static void print(List<String> coders, String config, List<double[]> rates) {
        int hadoop = coders.indexOf(HADOOP);
        for (int i = 0; i < coders.size(); i++) {
            double[] rate = rates.get(i);
            String line = String.format(Locale.ROOT, "%-8s %-5s encode %7.2f  reconstruct %7.2f", coders.get(i),
                    config, rate[0], rate[1]);
            if (hadoop >= 0 && hadoop != i) {
                double[] peer = rates.get(hadoop);
                line += String.format(Locale.ROOT, "   (x hadoop: encode %6.1f  reconstruct %6.1f)",
                        rate[0] / peer[0], rate[1] / peer[1]);
            }
            System.out.println(line);
        }
    }

    private static double best(ThreadMXBean threads, ErasureCodecBenchmark b, boolean encode) throws Exception {
        warmUp(threads, b, encode);
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            best = Math.max(best, round(threads, b, encode));
        }
        return best;
    }

    /** Runs rounds until the rate stops improving and the JIT compiler has gone quiet, or the time is up. */
    private static void warmUp(ThreadMXBean threads, ErasureCodecBenchmark b, boolean encode) throws Exception {
        long start = System.nanoTime();
        double best = 0;
        int stale = 0;
        long jitMs = jitMillis();
        for (int round = 1; System.nanoTime() - start < MAX_WARMUP_NANOS; round++) {
            double rate = round(threads, b, encode);
            long jitNow = jitMillis();
            if (rate > best * 1.05 || jitNow != jitMs) {
                stale = 0;
            } else {
                stale++;
            }
            best = Math.max(best, rate);
            jitMs = jitNow;
            if (round >= MIN_WARMUP_ROUNDS && stale >= STALE_ROUNDS) {
                return;
            }
        }
    }

    /** Runs the operation for {@link #ROUND_CPU_NANOS} of this thread's CPU time; returns GB/s of data. */
    private static double round(ThreadMXBean threads, ErasureCodecBenchmark b, boolean encode) throws Exception {
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
        return ops * (double) ErasureCodecBenchmark.BLOCK_BYTES / used;
    }

    /** Returns the JIT compilers' total time so far, or 0 when the JVM does not report it. */
    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
