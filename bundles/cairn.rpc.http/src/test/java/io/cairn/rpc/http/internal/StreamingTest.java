/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FormatInfo;

/**
 * 64 MiB shard files through a remote drive in both directions, with a receiver that stalls: the sender may run
 * ahead only by the flow-control windows, never by the file, so nothing buffers a whole shard.
 */
class StreamingTest {

    private static final int SIZE = 64 << 20;
    private static final int CHUNK = 256 << 10;
    /** Bytes a sender may run ahead of its receiver: HTTP/2 windows, a frame and copy buffers, with headroom. */
    private static final long MAX_LAG = 8L << 20;
    private static final long SEED = 0x5eed_cafeL;
    /**
     * Small windows to make backpressure visible; a generous call timeout, since what is measured here is flow control,
     * and a busy machine can make the first call of a fresh cluster slow.
     */
    private static final Map<String, Object> SETTINGS = Map.of("streamWindowBytes", 1 << 20, "callTimeoutMs", 120_000L);

    @TempDir
    Path tmp;

    @Test
    void largeWriteIsStreamedWithBackpressure() throws Exception {
        InstrumentedDrives drives = new InstrumentedDrives(4 << 20, 2_000);
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, SETTINGS, drives)) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[CHUNK];
            Random random = new Random(SEED);
            long maxLag = 0;
            long written = 0;
            try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "big/part.1")) {
                while (written < SIZE) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                    sent.update(chunk);
                    written += CHUNK;
                    maxLag = Math.max(maxLag, written - drives.written.get());
                }
            }
            assertEquals(SIZE, drives.written.get());
            assertTrue(maxLag <= MAX_LAG, "the writer ran " + maxLag + " bytes ahead of the drive (seed " + SEED
                    + ")");
            MessageDigest stored = MessageDigest.getInstance("SHA-256");
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "big/part.1", 0, -1)) {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    stored.update(buffer, 0, n);
                }
            }
            assertArrayEquals(sent.digest(), stored.digest());
        }
    }

    @Test
    void largeReadIsStreamedWithBackpressure() throws Exception {
        InstrumentedDrives drives = new InstrumentedDrives(Long.MAX_VALUE, 0);
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, SETTINGS, drives)) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[CHUNK];
            Random random = new Random(SEED);
            try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "big/part.1")) {
                for (long done = 0; done < SIZE; done += CHUNK) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                    sent.update(chunk);
                }
            }
            drives.read.set(0);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long consumed = 0;
            long maxLag = 0;
            boolean stalled = false;
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "big/part.1", 0, -1)) {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.update(buffer, 0, n);
                    consumed += n;
                    if (!stalled && consumed >= 4 << 20) {
                        stalled = true;
                        // A deliberately slow reader: the peer keeps sending only while windows allow.
                        Thread.sleep(2_000);
                    }
                    maxLag = Math.max(maxLag, drives.read.get() - consumed);
                }
            }
            assertEquals(SIZE, consumed);
            assertTrue(maxLag <= MAX_LAG, "the peer read " + maxLag + " bytes ahead of the reader");
            assertArrayEquals(sent.digest(), received.digest());
        }
    }
}
