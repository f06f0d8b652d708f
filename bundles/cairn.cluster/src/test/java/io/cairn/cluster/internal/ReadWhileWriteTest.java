/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ByteRange;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;

/**
 * A GET holds the object's read lock only while it reads the metadata and opens the shard files: a writer that
 * overwrites or deletes the object while the body streams is not held up, and the reader still returns exactly the
 * version it opened.
 *
 * <p>The lock timeout is short, so that an implementation keeping the read lock for the whole transfer fails these
 * tests with {@code LOCK_TIMEOUT} instead of hanging them; no assertion depends on how long anything takes.
 */
class ReadWhileWriteTest {

    private static final int MIB5 = 5 << 20;

    @TempDir
    Path tmp;

    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private TestCluster c;

    @AfterEach
    void tearDown() {
        writer.shutdownNow();
        if (c != null) {
            c.close();
        }
    }

    private void start(EngineConfig config) throws Exception {
        c = new TestCluster(tmp, 1, 4, config.withLockTimeout(Duration.ofSeconds(2)));
        c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
    }

    /** Runs an overwrite and then a delete of {@code key} on another thread and waits for both. */
    private void overwriteAndDeleteElsewhere(String key, byte[] newer) throws Exception {
        Future<?> done = writer.submit(() -> {
            c.put("bucket", key, newer);
            assertArrayEquals(newer, c.get("bucket", key));
            c.layer.deleteObject("bucket", key);
            return null;
        });
        done.get();
        ObjectStoreException gone = assertThrows(ObjectStoreException.class, () -> c.get("bucket", key));
        assertEquals(ErrorKind.NO_SUCH_KEY, gone.kind());
    }

    @Test
    void overwriteAndDeleteCompleteWhileAGetIsOpen() throws Exception {
        start(TestCluster.small());
        byte[] old = ObjectLayerTest.random(1, 1 << 20);
        c.put("bucket", "k", old);
        try (ObjectReader r = c.layer.getObject("bucket", "k", GetOptions.DEFAULT)) {
            byte[] head = r.stream().readNBytes(100_000);
            overwriteAndDeleteElsewhere("k", ObjectLayerTest.random(2, 700_000));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(head);
            r.stream().transferTo(all);
            assertArrayEquals(old, all.toByteArray());
        }
        assertEquals(0, c.tempFiles());
        assertNoFileOpenUnder(tmp);
    }

    @Test
    void inlineObjectReadsBackAfterOverwrite() throws Exception {
        start(TestCluster.small());
        byte[] old = ObjectLayerTest.random(3, 3000);
        c.put("bucket", "small", old);
        try (ObjectReader r = c.layer.getObject("bucket", "small", GetOptions.DEFAULT)) {
            overwriteAndDeleteElsewhere("small", ObjectLayerTest.random(4, 2000));
            assertArrayEquals(old, r.stream().readAllBytes());
        }
    }

    @Test
    void aDriveOfflineAtOpenIsReplacedByParityBeforeTheLockGoes() throws Exception {
        start(TestCluster.small());
        byte[] old = ObjectLayerTest.random(5, 900_000);
        c.put("bucket", "k", old);
        // Every data shard's drive goes offline in turn: the GET must open parity in its place while it holds the
        // lock, because after the overwrite the old parity files are gone.
        List<Integer> dist = Placement.distribution("bucket/k", 4);
        for (int shard = 0; shard < 2; shard++) {
            if (shard == 1) {
                old = ObjectLayerTest.random(6, 900_000);
                c.put("bucket", "k", old);
            }
            FaultyDrive d = c.drives.get(dist.indexOf(shard));
            d.offline = true;
            try (ObjectReader r = c.layer.getObject("bucket", "k", GetOptions.DEFAULT)) {
                d.offline = false;
                overwriteAndDeleteElsewhere("k", ObjectLayerTest.random(7, 800_000));
                assertArrayEquals(old, r.stream().readAllBytes());
            }
        }
    }

    @Test
    void multipartObjectAndRangeReadBackAfterOverwrite() throws Exception {
        start(EngineConfig.DEFAULT);
        byte[] old = multipart("mp", 11, MIB5, MIB5, 1 << 20);
        ObjectReader whole = c.layer.getObject("bucket", "mp", GetOptions.DEFAULT);
        ObjectReader range = c.layer.getObject("bucket", "mp", new GetOptions(ByteRange.of(MIB5 - 10,
                2L * MIB5 + 10), 0, null));
        ObjectReader part = c.layer.getObject("bucket", "mp", new GetOptions(null, 2, null));
        try (whole; range; part) {
            assertFalse(((ObjectStream) whole.stream()).holdsLock());
            overwriteAndDeleteElsewhere("mp", ObjectLayerTest.random(12, 1000));
            assertArrayEquals(old, whole.stream().readAllBytes());
            assertArrayEquals(Arrays.copyOfRange(old, MIB5 - 10, 2 * MIB5 + 11), range.stream().readAllBytes());
            assertArrayEquals(Arrays.copyOfRange(old, MIB5, 2 * MIB5), part.stream().readAllBytes());
        }
        assertNoFileOpenUnder(tmp);
    }

    @Test
    void partsBeyondThePinBudgetKeepTheLockUntilTheLastIsOpen() throws Exception {
        // Two shard files ahead: one part of an EC 2+2 object at a time.
        start(EngineConfig.DEFAULT.withPinnedShardFiles(2));
        byte[] old = multipart("mp", 21, MIB5, MIB5, 1 << 20);
        try (ObjectReader r = c.layer.getObject("bucket", "mp", GetOptions.DEFAULT)) {
            ObjectStream stream = (ObjectStream) r.stream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.write(stream.readNBytes(2 * MIB5));
            assertTrue(stream.holdsLock(), "the third part is not open yet");
            ObjectStoreException blocked = assertThrows(ObjectStoreException.class,
                    () -> c.put("bucket", "mp", new byte[10]));
            assertEquals(ErrorKind.LOCK_TIMEOUT, blocked.kind());
            got.write(stream.readNBytes(1));
            assertFalse(stream.holdsLock(), "every part is open");
            overwriteAndDeleteElsewhere("mp", ObjectLayerTest.random(22, 1000));
            stream.transferTo(got);
            assertArrayEquals(old, got.toByteArray());
        }
        // Closing before the end releases the lock and every open file.
        multipart("mp", 23, MIB5, MIB5, 100);
        ObjectReader early = c.layer.getObject("bucket", "mp", GetOptions.DEFAULT);
        assertTrue(((ObjectStream) early.stream()).holdsLock());
        early.close();
        assertFalse(((ObjectStream) early.stream()).holdsLock());
        c.layer.deleteObject("bucket", "mp");
        assertNoFileOpenUnder(tmp);
    }

    @Test
    void aShardFailingAfterTheOverwriteNeverReadsAnotherVersion() throws Exception {
        start(TestCluster.small());
        byte[] old = ObjectLayerTest.random(31, 1 << 20);
        c.put("bucket", "k", old);
        List<Integer> dist = Placement.distribution("bucket/k", 4);
        Path shard0 = shardFile(c.dirs.get(dist.indexOf(0)), "bucket", "k");
        try (ObjectReader r = c.layer.getObject("bucket", "k", GetOptions.DEFAULT)) {
            // Corrupt the second block of data shard 0 through the path; the reader's open file sees it.
            long frame = 8 + (32 << 10);
            try (FileChannel ch = FileChannel.open(shard0, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), frame + 100);
            }
            overwriteAndDeleteElsewhere("k", ObjectLayerTest.random(32, 1 << 20));
            InputStream in = r.stream();
            byte[] first = in.readNBytes(64 << 10);
            assertArrayEquals(Arrays.copyOf(old, 64 << 10), first);
            // The old version's parity files are gone: the read fails rather than return any other bytes.
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("read quorum lost"), e.getMessage());
        }
        assertTrue(c.damage.bitrotErrors() > 0);
    }

    private byte[] multipart(String key, long seed, int... sizes) throws Exception {
        String id = c.layer.newMultipartUpload("bucket", key, PutOptions.DEFAULT);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<CompletePart> parts = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = ObjectLayerTest.random(seed + i, sizes[i]);
            all.write(data);
            PartInfo p = c.layer.putObjectPart("bucket", key, id, i + 1, new ByteArrayInputStream(data),
                    data.length, PartOptions.DEFAULT);
            parts.add(new CompletePart(i + 1, p.etag()));
        }
        c.layer.completeMultipartUpload("bucket", key, id, parts, PutOptions.DEFAULT);
        return all.toByteArray();
    }

    private static Path shardFile(Path drive, String bucket, String key) throws IOException {
        try (var s = Files.walk(drive.resolve(bucket).resolve(key))) {
            return s.filter(p -> p.getFileName().toString().equals("part.1")).findFirst().orElseThrow();
        }
    }

    /** Checks through {@code /proc/self/fd} (Linux) that this JVM has no file under {@code dir} open any more. */
    private static void assertNoFileOpenUnder(Path dir) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "open files are checked through /proc/self/fd (Linux only)");
        String root = dir.toRealPath().toString();
        List<String> open = new ArrayList<>();
        try (var s = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(root)) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // The descriptor was closed while listing (for example the listing's own).
                }
            }
        }
        assertEquals(List.of(), open);
    }
}
