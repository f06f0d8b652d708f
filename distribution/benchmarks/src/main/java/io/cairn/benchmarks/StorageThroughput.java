/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.PutOptions;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FormatInfo;
import io.cairn.cluster.internal.ObjectLayer;
import io.cairn.cluster.internal.StandaloneObjectLayer;
import io.cairn.erasure.rs.PortableReedSolomon;
import io.cairn.erasure.rs.Xxh3Checksum;
import io.cairn.lock.internal.LocalLockService;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * In-process PUT and GET throughput of the storage engine next to the raw sequential speed of the same file
 * system, in one run.
 *
 * <p>First the raw figures: a file of {@code --raw-mib} MiB written in 1 MiB buffers and synced (like
 * {@code dd bs=1M conv=fsync}), then read back in 1 MiB buffers after the page cache was dropped (cold), and once
 * more at once (cached). Then, for every drive count (default 4 drives with EC 2+2, and 1 drive), the object layer
 * is built the way the node builds it on fresh drive folders under the target directory, warmed up, and for every
 * object size (default 4 KiB, 1 MiB, 64 MiB) objects are PUT one after another for {@code --seconds} (at least 3,
 * at most {@code --max-mib} MiB), the page cache is dropped, and the same objects are read back once each, in order,
 * for at most {@code --seconds}. Each figure is printed in MiB/s and ops/s with its ratio to the raw speed: PUT to
 * raw write ÷ ((k+m)/k), since a PUT writes (k+m)/k bytes per byte; GET to the raw read of the same cache state.
 *
 * <p>Dropping the page cache needs root ({@code /proc/sys/vm/drop_caches}) and affects the whole machine; without
 * it (or with {@code --no-drop-caches}) reads are cached and reported as such. Bodies are cut from a seeded random
 * pool ({@code --seed}). The codec is the vectorised one when {@code jdk.incubator.vector} is present, as in the
 * node, unless {@code --codec portable}.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp distribution/benchmarks/target/benchmarks.jar
 * io.cairn.benchmarks.StorageThroughput DIR [--raw-mib 2048] [--seconds 10] [--warmup-seconds 5]
 * [--sizes 4KiB,1MiB,64MiB] [--drives 4,1] [--max-mib 4096] [--seed 1] [--no-drop-caches] [--codec simd|portable]}
 */
public final class StorageThroughput {

    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final int MIN_OBJECTS = 3;
    private static final int POOL_BYTES = 16 << 20;
    private static final String BUCKET = "bench";
    private static final double PUT_TARGET = 0.60;
    private static final double GET_TARGET = 0.70;
    private static final long TARGET_SIZE = 64 * MIB;
    private static final String USAGE = "usage: StorageThroughput DIR [--raw-mib N] [--seconds S]"
            + " [--warmup-seconds S] [--sizes 4KiB,1MiB,64MiB] [--drives 4,1] [--max-mib N] [--seed N]"
            + " [--no-drop-caches] [--codec simd|portable]";

    private final Options options;
    private final byte[] pool;
    private final ErasureCodec codec;
    private final BitrotChecksum checksum = new Xxh3Checksum();
    private boolean cachesDropped;

    private StorageThroughput(Options options) {
        this.options = options;
        this.pool = SeededBody.pool(POOL_BYTES, options.seed());
        this.codec = codec(options.codec());
    }

    /** What to measure. */
    record Options(Path target, long rawMib, double seconds, double warmupSeconds, List<Long> sizes,
            List<Integer> drives, long maxMib, long seed, boolean dropCaches, String codec) {

        /**
         * Parses the command line.
         *
         * @param args the arguments
         * @return the options
         * @throws IllegalArgumentException for a malformed command line
         */
        static Options parse(String... args) {
            Path target = null;
            long rawMib = 2048;
            double seconds = 10;
            double warmup = 5;
            List<Long> sizes = List.of(4 * KIB, MIB, 64 * MIB);
            List<Integer> drives = List.of(4, 1);
            long maxMib = 4096;
            long seed = 1;
            boolean drop = true;
            String codec = "auto";
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--raw-mib" -> rawMib = Long.parseLong(value(args, ++i, a));
                    case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                    case "--warmup-seconds" -> warmup = Double.parseDouble(value(args, ++i, a));
                    case "--sizes" -> sizes = Stream.of(value(args, ++i, a).split(",")).map(Options::size).toList();
                    case "--drives" -> drives = Stream.of(value(args, ++i, a).split(",")).map(Integer::valueOf)
                            .toList();
                    case "--max-mib" -> maxMib = Long.parseLong(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--no-drop-caches" -> drop = false;
                    case "--codec" -> codec = value(args, ++i, a);
                    default -> {
                        if (a.startsWith("--") || target != null) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        target = Path.of(a);
                    }
                }
            }
            if (target == null || rawMib < 1 || seconds <= 0 || maxMib < 1 || sizes.isEmpty() || drives.isEmpty()) {
                throw new IllegalArgumentException("a target directory and positive figures are needed");
            }
            return new Options(target, rawMib, seconds, warmup, sizes, drives, maxMib, seed, drop, codec);
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        /**
         * Parses a size such as {@code 4KiB}, {@code 1MiB} or {@code 100} (bytes).
         *
         * @param text the size
         * @return bytes
         */
        static long size(String text) {
            String t = text.trim();
            if (t.endsWith("KiB")) {
                return Long.parseLong(t.substring(0, t.length() - 3)) * KIB;
            }
            if (t.endsWith("MiB")) {
                return Long.parseLong(t.substring(0, t.length() - 3)) * MIB;
            }
            return Long.parseLong(t);
        }
    }

    /** One measured phase. */
    record Rate(long bytes, long ops, long nanos) {

        double mibPerSecond() {
            return bytes / (double) MIB / (nanos / 1e9);
        }

        double opsPerSecond() {
            return ops / (nanos / 1e9);
        }
    }

    /**
     * Runs the benchmark and prints its report.
     *
     * @param args see the class description
     * @throws Exception when the benchmark cannot run
     */
    public static void main(String... args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        new StorageThroughput(options).run();
    }

    private void run() throws Exception {
        Path runDir = Files.createDirectories(options.target()).resolve("storage-throughput-" + UUID.randomUUID());
        Files.createDirectories(runDir);
        try {
            System.out.printf(Locale.ROOT, "StorageThroughput: JDK %s, %d CPUs, codec %s, checksum %s, target %s%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), codec.implementation(),
                    checksum.checksumId(), options.target().toAbsolutePath());
            double[] raw = raw(runDir.resolve("raw.bin"));
            System.out.println();
            System.out.println("| drives | EC | size | PUT MiB/s | PUT ops/s | PUT ÷ (raw write ÷ (k+m)/k) | GET MiB/s"
                    + " | GET ops/s | GET ÷ raw read | objects |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int n : options.drives()) {
                layout(runDir.resolve("drives-" + n), n, raw);
            }
            System.out.printf(Locale.ROOT, "%nTargets (64 MiB): PUT ≥ %.2f of raw write ÷ ((k+m)/k), GET ≥ %.2f of"
                    + " raw read. GET reads were %s.%n", PUT_TARGET, GET_TARGET, cachesDropped
                    ? "cold (page cache dropped before each GET phase), compared with the cold raw read"
                    : "cached (the page cache could not be dropped), compared with the cached raw read");
        } finally {
            deleteTree(runDir);
        }
    }

    /** Measures the raw figures: {write, cold read or NaN, cached read} in MiB/s. */
    private double[] raw(Path file) throws Exception {
        long bytes = options.rawMib() * MIB;
        double write = mib(bytes) / seconds(RawDisk.write(file, bytes, pool));
        double cold = Double.NaN;
        String why = options.dropCaches() ? RawDisk.dropCaches() : "--no-drop-caches";
        if (why == null) {
            cold = mib(bytes) / seconds(RawDisk.read(file));
            cachesDropped = true;
        }
        double cached = mib(bytes) / seconds(RawDisk.read(file));
        System.out.printf(Locale.ROOT, "raw sequential write %.0f MiB/s (%d MiB in 1 MiB buffers, fsync counted);"
                + " read %s; cached read %.0f MiB/s%n", write, options.rawMib(), why == null
                ? String.format(Locale.ROOT, "%.0f MiB/s cold (page cache dropped)", cold)
                : "not measured cold: " + why, cached);
        Files.delete(file);
        return new double[] {write, cachesDropped ? cold : cached};
    }

    private void layout(Path dir, int n, double[] raw) throws Exception {
        String deploymentId = UUID.randomUUID().toString();
        LocalDriveFactory factory = new LocalDriveFactory();
        List<Drive> drives = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            Path d = Files.createDirectories(dir.resolve("d" + (p + 1)));
            drives.add(factory.open(d.toString(), new FormatInfo(FormatInfo.CURRENT_VERSION, deploymentId,
                    UUID.randomUUID().toString(), 0, 0, p, 1, n)));
        }
        try (StandaloneObjectLayer standalone = StandaloneObjectLayer.create(deploymentId, drives, codec, checksum,
                new LocalLockService(), -1)) {
            ObjectLayer layer = standalone.layer();
            layer.makeBucket(BUCKET, BucketOptions.DEFAULT);
            int m = io.cairn.api.topology.StorageClass.defaultParity(n);
            int k = n - m;
            if (options.warmupSeconds() > 0) {
                long warm = put(layer, MIB, options.warmupSeconds(), "warm").ops();
                get(layer, MIB, warm, options.warmupSeconds(), "warm");
                delete(layer, warm, "warm");
            }
            for (long size : options.sizes()) {
                Rate put = put(layer, size, options.seconds(), "o");
                if (options.dropCaches()) {
                    cachesDropped &= RawDisk.dropCaches() == null;
                }
                Rate get = get(layer, size, put.ops(), options.seconds(), "o");
                delete(layer, put.ops(), "o");
                double putRatio = put.mibPerSecond() / (raw[0] * k / (k + m));
                double getRatio = get.mibPerSecond() / raw[1];
                System.out.printf(Locale.ROOT,
                        "| %d | %d+%d | %s | %.1f | %.1f | %.2f%s | %.1f | %.1f | %.2f%s | %d |%n", n, k, m,
                        human(size), put.mibPerSecond(), put.opsPerSecond(), putRatio,
                        mark(size, putRatio, PUT_TARGET), get.mibPerSecond(), get.opsPerSecond(), getRatio,
                        mark(size, getRatio, GET_TARGET), put.ops());
            }
        }
    }

    private Rate put(ObjectLayer layer, long size, double seconds, String prefix) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long maxObjects = Math.max(MIN_OBJECTS, options.maxMib() * MIB / size);
        long start = System.nanoTime();
        long count = 0;
        while (count < maxObjects && (count < MIN_OBJECTS || System.nanoTime() < deadline)) {
            layer.putObject(BUCKET, prefix + count, new SeededBody(pool, size, count), size, PutOptions.DEFAULT);
            count++;
        }
        return new Rate(size * count, count, System.nanoTime() - start);
    }

    private static Rate get(ObjectLayer layer, long size, long objects, double seconds, String prefix)
            throws Exception {
        byte[] buffer = new byte[256 << 10];
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        long bytes = 0;
        while (count < objects && (count < Math.min(MIN_OBJECTS, objects) || System.nanoTime() < deadline)) {
            try (ObjectReader r = layer.getObject(BUCKET, prefix + count, GetOptions.DEFAULT)) {
                InputStream in = r.stream();
                for (int got = in.read(buffer); got >= 0; got = in.read(buffer)) {
                    bytes += got;
                }
            }
            count++;
        }
        if (bytes != size * count) {
            throw new IOException("read " + bytes + " bytes of " + count + " objects of " + size);
        }
        return new Rate(bytes, count, System.nanoTime() - start);
    }

    private static void delete(ObjectLayer layer, long objects, String prefix) throws Exception {
        for (long i = 0; i < objects; i++) {
            layer.deleteObject(BUCKET, prefix + i);
        }
    }

    /**
     * Picks the codec: {@code portable}, {@code simd}, or ({@code auto}) the vectorised one when it runs here and
     * gives the portable one's output, as the node would.
     */
    private static ErasureCodec codec(String choice) {
        ErasureCodec portable = new PortableReedSolomon();
        if (choice.equals("portable")) {
            return portable;
        }
        if (!choice.equals("simd") && !choice.equals("auto")) {
            throw new IllegalArgumentException("unknown codec " + choice + " (simd or portable)");
        }
        try {
            ErasureCodec simd = (ErasureCodec) Class.forName("io.cairn.erasure.rs.simd.SimdReedSolomon")
                    .getConstructor().newInstance();
            if (choice.equals("simd") || sameParity(portable, simd)) {
                return simd;
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (choice.equals("simd")) {
                throw new IllegalStateException("the SIMD codec cannot run here (start the JVM with --add-modules"
                        + " jdk.incubator.vector)", e);
            }
        }
        return portable;
    }

    private static boolean sameParity(ErasureCodec a, ErasureCodec b) {
        int length = 64 << 10;
        byte[][] x = new byte[4][length];
        byte[][] y = new byte[4][length];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 2; i++) {
            random.nextBytes(x[i]);
            y[i] = x[i].clone();
        }
        a.encode(2, 2, x, 0, length);
        b.encode(2, 2, y, 0, length);
        return java.util.Arrays.deepEquals(x, y);
    }

    private static String mark(long size, double ratio, double target) {
        return size != TARGET_SIZE ? "" : ratio >= target ? " ✓" : " ✗";
    }

    private static double mib(long bytes) {
        return bytes / (double) MIB;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String human(long size) {
        return size >= MIB && size % MIB == 0 ? size / MIB + " MiB" : size >= KIB && size % KIB == 0
                ? size / KIB + " KiB" : size + " B";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
