/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies and byte counts of one kind of operation, recorded by one worker and merged at the end. Keeps every
 * latency (bounded by {@link #MAX_SAMPLES}) so percentiles are exact, not estimated.
 */
final class Stats {

    /** The most latencies kept per worker and operation (8 bytes each); later operations still count. */
    static final int MAX_SAMPLES = 4_000_000;

    private long[] latenciesNanos = new long[1024];
    private int samples;
    private long operations;
    private long bytes;
    private long errors;

    void record(long latencyNanos, long operationBytes) {
        operations++;
        bytes += operationBytes;
        if (samples < MAX_SAMPLES) {
            if (samples == latenciesNanos.length) {
                latenciesNanos = Arrays.copyOf(latenciesNanos, Math.min(MAX_SAMPLES, samples * 2));
            }
            latenciesNanos[samples++] = latencyNanos;
        }
    }

    void error() {
        errors++;
    }

    long operations() {
        return operations;
    }

    long errors() {
        return errors;
    }

    void merge(Stats other) {
        operations += other.operations;
        bytes += other.bytes;
        errors += other.errors;
        int room = Math.min(other.samples, MAX_SAMPLES - samples);
        if (samples + room > latenciesNanos.length) {
            latenciesNanos = Arrays.copyOf(latenciesNanos, samples + room);
        }
        System.arraycopy(other.latenciesNanos, 0, latenciesNanos, samples, room);
        samples += room;
    }

    private double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    /**
     * One report line, {@code key=value} separated, so scripts can read it.
     *
     * @param operation the operation's name
     * @param seconds the measured time
     * @return the line
     */
    String line(String operation, double seconds) {
        long[] sorted = Arrays.copyOf(latenciesNanos, samples);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "RESULT op=%s ops=%d errors=%d seconds=%.2f ops/s=%.1f MiB/s=%.1f "
                + "p50ms=%.2f p90ms=%.2f p99ms=%.2f maxms=%.2f", operation, operations, errors, seconds,
                operations / seconds, bytes / seconds / (1 << 20), percentileMillis(sorted, 0.50),
                percentileMillis(sorted, 0.90), percentileMillis(sorted, 0.99), percentileMillis(sorted, 1.0));
    }
}
