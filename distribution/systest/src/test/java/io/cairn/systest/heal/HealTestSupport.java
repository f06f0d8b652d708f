/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Shared steps of the healing system tests: seeded objects, drive trees, waiting for a condition. */
final class HealTestSupport {

    /** The shard and metadata file names a drive holds (bundles/cairn.storage: Names). */
    static final String META = "__cairn.meta";
    static final String PART_PREFIX = "part.";

    private HealTestSupport() {
    }

    /**
     * The heal configuration file with the given settings.
     *
     * @param settings key and value pairs
     * @return the file content
     */
    static Map<String, String> healConf(String... settings) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < settings.length; i += 2) {
            text.append(settings[i]).append(" = ").append(settings[i + 1]).append('\n');
        }
        return Map.of("io.cairn.heal.cfg", text.toString());
    }

    static void put(S3Client s3, String bucket, String key, SeededContent content) {
        s3.putObject(b -> b.bucket(bucket).key(key),
                RequestBody.fromInputStream(content.stream(), content.length()));
    }

    static void assertReadsBack(S3Client s3, String bucket, String key, SeededContent content) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            assertArrayEquals(sha256(content.stream()), sha256(in), "content of " + key);
        }
    }

    static byte[] sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The files of one bucket on a drive: relative path to size for shard files, to -1 for metadata (whose size
     * may differ between drives).
     *
     * @param drive the drive folder
     * @param bucket the bucket
     * @return the files, sorted
     * @throws IOException when the tree cannot be read
     */
    static Map<String, Long> tree(Path drive, String bucket) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        Path root = drive.resolve(bucket);
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = f.getFileName().toString();
                if (name.equals(META) || name.startsWith(PART_PREFIX)) {
                    out.put(root.relativize(f).toString(), name.startsWith(PART_PREFIX) ? Files.size(f) : -1L);
                }
            }
        }
        return out;
    }

    /**
     * Removes a drive folder the way {@code rm -rf} does, again while a write racing with it recreates parts.
     *
     * @param drive the folder
     * @throws IOException when it cannot be removed
     */
    static void wipe(Path drive) throws IOException {
        for (int attempt = 0; Files.exists(drive); attempt++) {
            try (Stream<Path> all = Files.walk(drive)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
                if (attempt > 20) {
                    throw e;
                }
            } catch (java.io.UncheckedIOException e) {
                // The walk itself met a file the node removed meanwhile (a write's temp file under load).
                if (!(e.getCause() instanceof NoSuchFileException) || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /**
     * Flips one byte of a file.
     *
     * @param file the file
     * @param offset where
     * @param mask the bits to flip, not 0
     * @throws IOException on failure
     */
    static void flip(Path file, long offset, int mask) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[Math.toIntExact(offset)] ^= (byte) mask;
        Files.write(file, b);
    }

    /**
     * Polls until a condition holds.
     *
     * @param what what is awaited, for the failure message
     * @param limit the longest wait
     * @param condition the condition; exceptions count as "not yet"
     * @throws Exception when the limit passes
     */
    static void await(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        AssertionError e = new AssertionError("not within " + limit + ": " + what);
        if (last != null) {
            e.addSuppressed(last);
        }
        throw e;
    }

    static void assertSameTree(Path expected, Path actual, String bucket) throws IOException {
        assertEquals(tree(expected, bucket), tree(actual, bucket), "files of " + bucket + " on " + actual);
    }
}
