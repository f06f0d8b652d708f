/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.benchmarks.StorageThroughput.Options;

/** The command line of {@link StorageThroughput}, its raw measurement and bodies, and one tiny run end to end. */
class StorageThroughputTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsAndOptions() {
        Options d = Options.parse("dir");
        assertEquals(Path.of("dir"), d.target());
        assertEquals(List.of(4096L, 1L << 20, 64L << 20), d.sizes());
        assertEquals(List.of(4, 1), d.drives());
        assertTrue(d.dropCaches());
        Options o = Options.parse("--sizes", "8KiB,2MiB,100", "x", "--drives", "2", "--no-drop-caches", "--raw-mib",
                "16", "--seconds", "0.5", "--codec", "portable");
        assertEquals(List.of(8192L, 2L << 20, 100L), o.sizes());
        assertEquals(List.of(2), o.drives());
        assertEquals(16, o.rawMib());
        assertEquals("portable", o.codec());
        assertThrows(IllegalArgumentException.class, () -> Options.parse());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("a", "--bogus"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("a", "--seconds"));
    }

    @Test
    void rawWriteWritesExactlyTheRequestedBytes() throws Exception {
        byte[] pool = SeededBody.pool(4 << 20, 7);
        Path file = tmp.resolve("raw.bin");
        RawDisk.write(file, 3L << 20, pool);
        assertEquals(3L << 20, Files.size(file));
        assertArrayEquals(Arrays.copyOf(pool, 1 << 20), Arrays.copyOfRange(Files.readAllBytes(file), 2 << 20,
                3 << 20));
        assertTrue(RawDisk.read(file) > 0);
    }

    @Test
    void bodiesHaveTheirLengthAndDifferPerObject() throws Exception {
        byte[] pool = SeededBody.pool(1 << 16, 3);
        byte[] a = new SeededBody(pool, 200_000, 1).readAllBytes();
        byte[] b = new SeededBody(pool, 200_000, 2).readAllBytes();
        assertEquals(200_000, a.length);
        assertTrue(!Arrays.equals(a, b));
        assertArrayEquals(a, new SeededBody(pool, 200_000, 1).readAllBytes());
    }

    @Test
    void aTinyRunPrintsEveryRowAndCleansUp() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            StorageThroughput.main(tmp.toString(), "--raw-mib", "2", "--seconds", "0.05", "--warmup-seconds", "0",
                    "--sizes", "4KiB,200KiB", "--drives", "4,1", "--no-drop-caches", "--codec", "portable");
        } finally {
            System.setOut(out);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("| 4 | 2+2 | 4 KiB |"), report);
        assertTrue(report.contains("| 4 | 2+2 | 200 KiB |"), report);
        assertTrue(report.contains("| 1 | 1+0 | 200 KiB |"), report);
        assertTrue(report.contains("GET reads were cached"), report);
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
    }
}
