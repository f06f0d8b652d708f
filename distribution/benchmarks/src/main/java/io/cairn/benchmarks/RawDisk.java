/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The raw sequential speed of a file system, measured the way {@code dd} does: write a file in 1 MiB buffers and
 * sync it ({@code conv=fsync}, the sync counted), then read it back in 1 MiB buffers. Also drops the page cache
 * when the process may ({@code /proc/sys/vm/drop_caches}, which needs root), so that reads come from the disk.
 */
final class RawDisk {

    static final int BUFFER_BYTES = 1 << 20;
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    private static final long SYNC_SECONDS = 120;

    private RawDisk() {
    }

    /**
     * Writes {@code bytes} bytes to a new file and syncs it.
     *
     * @param file the file
     * @param bytes the size, a multiple of {@link #BUFFER_BYTES}
     * @param data the seeded bytes written over and over
     * @return the elapsed nanoseconds, the sync included
     * @throws IOException on failure
     */
    static long write(Path file, long bytes, byte[] data) throws IOException {
        // A buffer of exactly 1 MiB: clear() resets a wrapped buffer to the whole array, not to the wrapped range.
        ByteBuffer buffer = ByteBuffer.wrap(data, 0, BUFFER_BYTES).slice();
        long start = System.nanoTime();
        long written = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < bytes; done += BUFFER_BYTES) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    written += ch.write(buffer);
                }
            }
            ch.force(true);
        }
        long elapsed = System.nanoTime() - start;
        if (written != bytes || Files.size(file) != bytes) {
            throw new IOException("wrote " + written + " bytes, file has " + Files.size(file) + ", wanted " + bytes);
        }
        return elapsed;
    }

    /**
     * Reads a whole file.
     *
     * @param file the file
     * @return the elapsed nanoseconds
     * @throws IOException on failure or when fewer bytes than the file's size arrive
     */
    static long read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        long start = System.nanoTime();
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n = ch.read(buffer); n >= 0; n = ch.read(buffer)) {
                total += n;
                buffer.clear();
            }
        }
        long elapsed = System.nanoTime() - start;
        if (total != Files.size(file)) {
            throw new IOException("read " + total + " of " + Files.size(file) + " bytes of " + file);
        }
        return elapsed;
    }

    /**
     * Writes dirty pages out and drops the page cache of the whole machine.
     *
     * @return {@code null} when the cache was dropped, else why it could not be
     * @throws InterruptedException when interrupted
     */
    static String dropCaches() throws InterruptedException {
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            if (!sync.waitFor(SYNC_SECONDS, TimeUnit.SECONDS)) {
                sync.destroyForcibly();
                return "sync did not finish";
            }
            Files.writeString(DROP_CACHES, "3", StandardCharsets.US_ASCII);
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot write " + DROP_CACHES + " (" + e.getMessage() + ")";
        }
    }
}
