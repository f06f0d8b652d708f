/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.perf;

import io.cairn.api.erasure.ErasureCodec;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures single-thread encode and reconstruct throughput of erasure codecs on 1 MiB blocks, and formats the
 * results. Used by the {@code cairn:perf codec} Gogo command and by {@code bin/cairn perf codec} offline.
 *
 * <p>Throughput is megabytes (10^6 bytes) of <em>data</em> per second: a 1 MiB block split into k data shards
 * of {@code ceil(2^20 / k)} bytes. Reconstruct loses {@code min(k, m)} data shards (the costliest case) and
 * rebuilds them from the survivors. Each figure is the best of five timed rounds after a warm-up that lasts
 * until the rate stops improving, so a busy machine lowers it less.
 */
public final class CodecPerf {

    /** Bytes of data per block. */
    public static final int BLOCK_BYTES = 1 << 20;
    /** Configurations measured when none are given. */
    public static final List<int[]> DEFAULT_CONFIGS = List.of(new int[] {4, 2}, new int[] {8, 4},
            new int[] {12, 4});

    private static final int ROUNDS = 5;
    private static final long WARMUP_ROUND_NANOS = 100_000_000L;
    /** Upper bound on the warm-up of one operation. */
    private static final long MAX_WARMUP_NANOS = 10_000_000_000L;
    /** Warm-up rounds in a row without a 5% gain that end the warm-up. */
    private static final int STALE_ROUNDS = 5;

    private final long warmupNanos;
    private final long roundNanos;

    /** One measurement. */
    public record Result(String codec, int data, int parity, double encodeMBps, double reconstructMBps) {

        /**
         * Formats this result as one JSON object.
         *
         * @return a single line of JSON
         */
        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"codec\":\"%s\",\"data\":%d,\"parity\":%d,\"encodeMBps\":%.1f,\"reconstructMBps\":%.1f}",
                    codec.replace("\\", "\\\\").replace("\"", "\\\""), data, parity, encodeMBps, reconstructMBps);
        }
    }

    /**
     * Creates a meter.
     *
     * @param warmupMs time spent warming up each operation before timing it
     * @param measureMs time spent timing each operation
     */
    public CodecPerf(long warmupMs, long measureMs) {
        if (warmupMs < 0 || measureMs <= 0) {
            throw new IllegalArgumentException("need warmupMs >= 0 and measureMs > 0");
        }
        this.warmupNanos = warmupMs * 1_000_000;
        this.roundNanos = Math.max(1, measureMs * 1_000_000 / ROUNDS);
    }

    /** Creates a meter with at least 500 ms of warm-up and 500 ms of timing per operation. */
    public CodecPerf() {
        this(500, 500);
    }

    /**
     * Names a codec for the report: its id and implementation, for example {@code rs-cauchy-gf8-v1/simd}.
     *
     * @param codec the codec
     * @return the name
     */
    public static String name(ErasureCodec codec) {
        return codec.codecId() + "/" + codec.implementation();
    }

    /**
     * Parses {@code k+m}.
     *
     * @param text the configuration, for example {@code 8+4}
     * @return {@code {k, m}}
     * @throws IllegalArgumentException when the text is not a valid configuration
     */
    public static int[] parseConfig(String text) {
        int plus = text.indexOf('+');
        try {
            int k = Integer.parseInt(text.substring(0, Math.max(plus, 0)));
            int m = Integer.parseInt(text.substring(plus + 1));
            if (plus > 0 && k >= 1 && m >= 0 && k + m <= ErasureCodec.MAX_TOTAL_SHARDS) {
                return new int[] {k, m};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a configuration k+m with k >= 1, m >= 0, k + m <= 256: " + text);
    }

    /**
     * Measures one codec on one configuration.
     *
     * @param codec the codec
     * @param k data shards
     * @param m parity shards
     * @return the throughput
     */
    public Result measure(ErasureCodec codec, int k, int m) {
        int length = (BLOCK_BYTES + k - 1) / k;
        byte[][] shards = new byte[k + m][length];
        Random random = new Random(k * 1000L + m);
        for (int i = 0; i < k; i++) {
            random.nextBytes(shards[i]);
        }
        boolean[] present = new boolean[k + m];
        java.util.Arrays.fill(present, true);
        for (int i = 0; i < Math.min(k, m); i++) {
            present[i] = false;
        }
        Runnable encode = () -> codec.encode(k, m, shards, 0, length);
        Runnable reconstruct = () -> codec.reconstruct(k, m, shards, present, 0, length, true);
        double bytes = (double) k * length;
        double encodeMBps = bytes * bestRate(encode) / 1e6;
        double reconstructMBps = m == 0 ? 0 : bytes * bestRate(reconstruct) / 1e6;
        return new Result(name(codec), k, m, encodeMBps, reconstructMBps);
    }

    /**
     * Measures every codec on every configuration.
     *
     * @param codecs the codecs
     * @param configs {@code {k, m}} pairs
     * @return one result per codec and configuration, codec-major
     */
    public List<Result> measureAll(List<ErasureCodec> codecs, List<int[]> configs) {
        List<Result> results = new ArrayList<>();
        for (ErasureCodec codec : codecs) {
            for (int[] km : configs) {
                results.add(measure(codec, km[0], km[1]));
            }
        }
        return results;
    }

    /**
     * Returns the best calls-per-second over the timed rounds. The warm-up lasts at least the configured time
     * and goes on, up to {@link #MAX_WARMUP_NANOS}, while the rate still improves or the JIT compiler is still
     * working: on a busy machine it may need seconds before the vector kernels run compiled, and until then
     * they are 100× slower.
     */
    private double bestRate(Runnable op) {
        long warmStart = System.nanoTime();
        double warmBest = 0;
        int stale = 0;
        long jitMs = jitMillis();
        while (System.nanoTime() - warmStart < MAX_WARMUP_NANOS) {
            double rate = rate(op, WARMUP_ROUND_NANOS);
            long jitNow = jitMillis();
            // Still improving, or the JIT compiler still at work (it may be compiling the kernel right now).
            if (rate > warmBest * 1.05 || jitNow != jitMs) {
                warmBest = Math.max(warmBest, rate);
                stale = 0;
            } else {
                stale++;
            }
            jitMs = jitNow;
            if (stale >= STALE_ROUNDS && System.nanoTime() - warmStart >= warmupNanos) {
                break;
            }
        }
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            best = Math.max(best, rate(op, roundNanos));
        }
        return best;
    }

    /** Returns the JIT compilers' total time so far, or 0 when the JVM does not report it. */
    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Runs the operation for at least the given time; returns calls per second. */
    private static double rate(Runnable op, long nanos) {
        long start = System.nanoTime();
        long calls = 0;
        long now;
        do {
            op.run();
            calls++;
            now = System.nanoTime();
        } while (now - start < nanos);
        return calls * 1e9 / (now - start);
    }

    /**
     * Formats results as an aligned table, or as one JSON object per line.
     *
     * @param results the results
     * @param json whether to format JSON lines
     * @return the text, ending with a line break
     */
    public static String format(List<Result> results, boolean json) {
        StringBuilder out = new StringBuilder();
        if (json) {
            for (Result r : results) {
                out.append(r.toJson()).append('\n');
            }
            return out.toString();
        }
        int width = "codec".length();
        for (Result r : results) {
            width = Math.max(width, r.codec().length());
        }
        String row = "%-" + width + "s  %7s  %12s  %17s%n";
        out.append(String.format(Locale.ROOT, row, "codec", "k+m", "encode MB/s", "reconstruct MB/s"));
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, row, r.codec(), r.data() + "+" + r.parity(),
                    String.format(Locale.ROOT, "%.0f", r.encodeMBps()),
                    String.format(Locale.ROOT, "%.0f", r.reconstructMBps())));
        }
        return out.toString();
    }
}
