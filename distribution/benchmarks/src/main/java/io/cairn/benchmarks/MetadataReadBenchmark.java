/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.PartMeta;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * One drive's metadata read as a GET, HEAD or listing does it ({@link Drive#readMetadata}: open, read, CRC32C
 * check and CBOR decode), next to a plain {@link Files#readAllBytes} of the same file, the floor any format would
 * pay. The file sits in the page cache, as a busy node's metadata does. Shapes: {@code inline} is a 4 KiB object
 * on EC 2+2 (its 2 KiB shard held in the file), {@code large} a 1 MiB object (data in a shard file), {@code
 * multipart} an object of 100 parts.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class MetadataReadBenchmark {

    private static final String VOLUME = "bench";
    private static final String KEY = "prefix/object-000001";

    /** The object's shape. */
    @Param({"inline", "large", "multipart"})
    public String shape;

    private Path dir;
    private Drive drive;
    private Path metaFile;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("cairn-metadata-bench");
        String deployment = UUID.randomUUID().toString();
        drive = new LocalDriveFactory().open(dir.toString(), new FormatInfo(FormatInfo.CURRENT_VERSION, deployment,
                UUID.randomUUID().toString(), 0, 0, 0, 1, 4));
        drive.makeVolume(VOLUME);
        drive.commitObject(Drive.TEMP_VOLUME, null, VOLUME, KEY, info(shape));
        try (Stream<Path> files = Files.walk(dir.resolve(VOLUME))) {
            metaFile = files.filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IOException("no metadata file was written"));
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The drive's metadata read, inline data included.
     *
     * @return the metadata
     * @throws IOException on failure
     */
    @Benchmark
    public FileInfo readMetadata() throws IOException {
        return drive.readMetadata(VOLUME, KEY, true);
    }

    /**
     * The floor: the same file's bytes, neither checked nor decoded.
     *
     * @return the bytes
     * @throws IOException on failure
     */
    @Benchmark
    public byte[] readBytes() throws IOException {
        return Files.readAllBytes(metaFile);
    }

    private static FileInfo info(String shape) {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        ErasureLayout layout = new ErasureLayout("rs-vandermonde-v1", "xxh3-64", 2, 2, 1 << 20, 1,
                List.of(3, 1, 4, 2));
        Map<String, String> meta = Map.of("content-type", "application/octet-stream");
        String etag = "9e107d9d372bb6826bd81d3542a419d6";
        return switch (shape) {
            case "inline" -> {
                byte[] shard = new byte[2048 + 8];
                new Random(42).nextBytes(shard);
                yield new FileInfo("null", null, now, 4096, etag, "STANDARD", meta, layout,
                        List.of(new PartMeta(1, 4096, etag, now)), shard);
            }
            case "large" -> new FileInfo("null", UUID.randomUUID().toString(), now, 1 << 20, etag, "STANDARD", meta,
                    layout, List.of(new PartMeta(1, 1 << 20, etag, now)), null);
            case "multipart" -> {
                List<PartMeta> parts = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    parts.add(new PartMeta(i, 5L << 20, etag, now));
                }
                yield new FileInfo("null", UUID.randomUUID().toString(), now, 500L << 20, etag + "-100", "STANDARD",
                        meta, layout, parts, null);
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    }
}
