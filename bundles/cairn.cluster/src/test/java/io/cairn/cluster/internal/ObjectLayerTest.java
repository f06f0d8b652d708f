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

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.lock.Lease;
import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ByteRange;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.CopyOptions;
import io.cairn.api.object.DeleteResult;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.StorageClass;
import io.cairn.api.storage.Drive;

class ObjectLayerTest {

    @TempDir
    Path tmp;

    TestCluster c;

    @BeforeEach
    void setUp() throws Exception {
        c = new TestCluster(tmp, 2, 4, TestCluster.small());
        c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        c.close();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void anObjectCommittedWhileItsBucketIsDeletedKeepsTheBucket() throws Exception {
        c.layer.makeBucket("racy", BucketOptions.DEFAULT);
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable lateWrite = () -> {
            // The first drive to be asked writes an object (after the emptiness check), the others wait for it.
            if (first.compareAndSet(true, false)) {
                try {
                    c.put("racy", "late", new byte[] {4, 2});
                } catch (ObjectStoreException e) {
                    throw new IllegalStateException(e);
                } finally {
                    written.countDown();
                }
            } else {
                try {
                    written.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        c.drives.forEach(d -> d.beforeDeleteVolume = lateWrite);
        assertEquals(ErrorKind.BUCKET_NOT_EMPTY, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteBucket("racy")).kind());
        c.drives.forEach(d -> d.beforeDeleteVolume = null);
        assertArrayEquals(new byte[] {4, 2}, c.get("racy", "late"), "the acknowledged object survives");
        assertTrue(c.layer.bucketInfo("racy").isPresent());
        c.put("racy", "after", new byte[] {1});
        assertEquals(List.of("after", "late"), c.layer.listObjects("racy", new ListRequest("", "", "", 10)).objects()
                .stream().map(o -> o.key()).toList(), "the bucket is whole on every drive again");
    }

    @Test
    void aWriteThatFailsBecauseItsBucketIsDeletedDoesNotKeepTheBucket() throws Exception {
        // The write commits on one drive of its set before that drive checks that the bucket is empty, and on the
        // others after they removed the bucket: it fails (NoSuchBucket) and rolls back, after the first drive has
        // refused the deletion. The deletion must then not answer BucketNotEmpty for a bucket left empty.
        c.layer.makeBucket("racy", BucketOptions.DEFAULT);
        List<Drive> set = c.layer.setOf(0, "racy", "doomed").drives();
        FaultyDrive first = (FaultyDrive) set.get(0);
        CountDownLatch atCommit = new CountDownLatch(set.size());
        CountDownLatch firstChecks = new CountDownLatch(1);
        CountDownLatch firstCommitted = new CountDownLatch(1);
        for (FaultyDrive d : c.drives) {
            CountDownLatch removed = new CountDownLatch(1);
            d.afterDeleteVolume = removed::countDown;
            if (set.contains(d)) {
                CountDownLatch gate = d == first ? firstChecks : removed;
                d.beforeCommit = () -> {
                    atCommit.countDown();
                    await(gate);
                };
            }
            if (set.contains(d) && d != first) {
                // The deletion goes on (and puts the bucket back when the first drive refuses) only once the
                // write's commit failed here, or the commit would find the bucket restored and succeed.
                CountDownLatch commitEnded = new CountDownLatch(1);
                d.afterCommit = commitEnded::countDown;
                d.afterDeleteVolume = () -> {
                    removed.countDown();
                    await(commitEnded);
                };
            }
        }
        first.afterCommit = firstCommitted::countDown;
        first.beforeDeleteVolume = () -> {
            firstChecks.countDown();
            await(firstCommitted);
        };
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> put = writer.submit(() -> c.put("racy", "doomed", new byte[] {1, 2, 3}));
            assertTrue(atCommit.await(10, TimeUnit.SECONDS), "the write reaches its commit");
            c.layer.deleteBucket("racy");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> put.get(10, TimeUnit.SECONDS));
            assertEquals(ErrorKind.NO_SUCH_BUCKET, ((ObjectStoreException) failed.getCause()).kind());
        } finally {
            writer.shutdownNow();
            for (FaultyDrive d : c.drives) {
                d.beforeDeleteVolume = null;
                d.afterDeleteVolume = null;
                d.beforeCommit = null;
                d.afterCommit = null;
            }
        }
        assertEquals(Optional.empty(), c.layer.bucketInfo("racy"));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void bucketsLifecycle() throws Exception {
        assertEquals(ErrorKind.BUCKET_ALREADY_OWNED_BY_YOU, assertThrows(ObjectStoreException.class,
                () -> c.layer.makeBucket("bucket", BucketOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.INVALID_BUCKET_NAME, assertThrows(ObjectStoreException.class,
                () -> c.layer.makeBucket("Bad_Name", BucketOptions.DEFAULT)).kind());
        BucketInfo eu = c.layer.makeBucket("eu-data", new BucketOptions("eu-west-1"));
        assertEquals("eu-west-1", eu.location());
        assertEquals("eu-west-1", c.layer.bucketInfo("eu-data").orElseThrow().location());
        assertEquals(List.of("bucket", "eu-data"), c.layer.listBuckets().stream().map(BucketInfo::name).toList());
        assertEquals(Optional.empty(), c.layer.bucketInfo("nope"));
        c.put("eu-data", "k", new byte[] {1});
        assertEquals(ErrorKind.BUCKET_NOT_EMPTY, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteBucket("eu-data")).kind());
        c.layer.putBucketMetadata("eu-data", "tagging", new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, c.layer.getBucketMetadata("eu-data", "tagging").orElseThrow());
        c.layer.deleteBucketMetadata("eu-data", "tagging");
        assertEquals(Optional.empty(), c.layer.getBucketMetadata("eu-data", "tagging"));
        c.layer.putBucketMetadata("eu-data", "policy", new byte[] {1});
        c.layer.deleteObject("eu-data", "k");
        c.layer.deleteBucket("eu-data");
        assertEquals(Optional.empty(), c.layer.bucketInfo("eu-data"));
        c.layer.makeBucket("eu-data", BucketOptions.DEFAULT);
        assertEquals(Optional.empty(), c.layer.getBucketMetadata("eu-data", "policy"), "blobs die with a bucket");
        assertEquals(ErrorKind.NO_SUCH_BUCKET, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteBucket("nope")).kind());
        assertEquals(ErrorKind.NO_SUCH_BUCKET, assertThrows(ObjectStoreException.class,
                () -> c.put("nope", "k", new byte[1])).kind());
        // Reads find a missing bucket through the missing object, without checking the bucket first.
        assertEquals(ErrorKind.NO_SUCH_BUCKET, assertThrows(ObjectStoreException.class,
                () -> c.layer.getObject("nope", "k", GetOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.NO_SUCH_BUCKET, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("nope", "k", GetOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.getObject("eu-data", "k", GetOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("eu-data", "k", GetOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.INVALID_BUCKET_NAME, assertThrows(ObjectStoreException.class,
                () -> c.layer.getObject("No_Such", "k", GetOptions.DEFAULT)).kind());
    }

    @Test
    void putGetSizesAroundBlockAndInlineLimits() throws Exception {
        int block = 64 << 10;
        int[] sizes = {0, 1, 4095, 4096, 4097, block - 1, block, block + 1, 3 * block + 17, 10 * block};
        for (int size : sizes) {
            byte[] data = random(size, size);
            ObjectInfo info = c.put("bucket", "obj-" + size, data);
            assertEquals(size, info.size());
            assertEquals(md5(data), info.etag());
            assertArrayEquals(data, c.get("bucket", "obj-" + size), "size " + size);
            assertArrayEquals(data, c.get("bucket", "obj-" + size, GetOptions.DEFAULT), "transferTo, size " + size);
            ObjectInfo unknown = c.putUnknownSize("bucket", "unk-" + size, new ByteArrayInputStream(data));
            assertEquals(info.etag(), unknown.etag());
            assertArrayEquals(data, c.get("bucket", "unk-" + size), "unknown size " + size);
        }
        assertEquals(0, c.tempFiles());
    }

    @Test
    void concurrentReadsShareThePooledBuffersWithoutMixingData() throws Exception {
        // Blocks of 256 KiB: frames (128 KiB + checksum) and blocks are large enough to be pooled.
        try (TestCluster big = new TestCluster(tmp.resolve("big"), 1, 4,
                EngineConfig.DEFAULT.withBlocks(256 << 10, 4 << 10))) {
            big.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            int objects = 6;
            byte[][] data = new byte[objects][];
            for (int i = 0; i < objects; i++) {
                // One size for all, so that every read borrows buffers of the same lengths from the pool.
                data[i] = random(100 + i, 3 * (256 << 10) + 1234);
                big.put("bucket", "pooled-" + i, data[i]);
            }
            ExecutorService readers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int first = t;
                    runs.add(readers.submit(() -> {
                        for (int round = 0; round < 40; round++) {
                            int i = (first + round) % objects;
                            // Both ways of reading: read() into the caller's buffer, transferTo from the frames.
                            byte[] got = round % 2 == 0 ? big.get("bucket", "pooled-" + i)
                                    : big.get("bucket", "pooled-" + i, GetOptions.DEFAULT);
                            assertArrayEquals(data[i], got, "object " + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            } finally {
                readers.shutdownNow();
            }
            // A frame buffer two reads shared would fail its checksum and be rebuilt from parity: count it too.
            assertEquals(0, big.layer.bitrotErrors(), "shard blocks that failed their checksum");
        }
    }

    @Test
    void rangesAndParts() throws Exception {
        byte[] data = random(7, 300_000);
        c.put("bucket", "r", data);
        long[][] ranges = {{0, 0}, {0, 99}, {65535, 65537}, {1000, -1}, {299_999, 299_999}, {5, 10_000_000}};
        for (long[] r : ranges) {
            byte[] got = c.get("bucket", "r", GetOptions.range(ByteRange.of(r[0], r[1])));
            long end = r[1] == -1 ? data.length - 1 : Math.min(r[1], data.length - 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, (int) r[0], (int) end + 1), got);
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 500, data.length),
                c.get("bucket", "r", GetOptions.range(ByteRange.suffix(500))));
        assertArrayEquals(data, c.get("bucket", "r", GetOptions.range(ByteRange.suffix(1 << 30))));
        assertEquals(ErrorKind.INVALID_RANGE, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "r", GetOptions.range(ByteRange.of(300_000, -1)))).kind());
        assertArrayEquals(data, c.get("bucket", "r", new GetOptions(null, 1, null)));
        assertEquals(ErrorKind.INVALID_RANGE, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "r", new GetOptions(null, 2, null))).kind());
    }

    @Test
    void metadataConditionsAndChecks() throws Exception {
        byte[] data = "hello".getBytes();
        ObjectInfo info = c.layer.putObject("bucket", "m", new ByteArrayInputStream(data), 5, PutOptions.builder()
                .metadata("content-type", "text/plain").metadata("x-amz-meta-Color", "Blue")
                .metadata("x-cairn-internal-evil", "x").storageClass(StorageClass.REDUCED_REDUNDANCY).build());
        assertEquals(Map.of("content-type", "text/plain", "x-amz-meta-Color", "Blue"), info.metadata());
        ObjectInfo head = c.layer.statObject("bucket", "m", GetOptions.DEFAULT);
        assertEquals(info, head);
        assertEquals(StorageClass.REDUCED_REDUNDANCY, head.storageClass());

        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "m", new ByteArrayInputStream(data), 5, PutOptions.builder()
                        .conditions(new Conditions(null, "*", null, null)).build())).kind());
        c.layer.putObject("bucket", "m2", new ByteArrayInputStream(data), 5, PutOptions.builder()
                .conditions(new Conditions(null, "*", null, null)).build());
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "m", new ByteArrayInputStream(data), 5, PutOptions.builder()
                        .conditions(new Conditions("\"abc\"", null, null, null)).build())).kind());
        c.layer.putObject("bucket", "m", new ByteArrayInputStream(data), 5, PutOptions.builder()
                .conditions(new Conditions("\"" + info.etag() + "\"", null, null, null)).build());
        assertEquals(ErrorKind.NOT_MODIFIED, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("bucket", "m", new GetOptions(null, 0,
                        new Conditions(null, info.etag(), null, null)))).kind());
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.getObject("bucket", "m", new GetOptions(null, 0,
                        new Conditions("zzz", null, null, null)))).kind());

        byte[] wrongMd5 = new byte[16];
        assertEquals(ErrorKind.BAD_DIGEST, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "d", new ByteArrayInputStream(data), 5, PutOptions.builder()
                        .expectedMd5(wrongMd5).build())).kind());
        assertEquals(ErrorKind.INCOMPLETE_BODY, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "d", new ByteArrayInputStream(data), 6, PutOptions.DEFAULT))
                .kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "d", new ByteArrayInputStream(random(1, 200_000)), -1,
                        PutOptions.builder().verifier((md5, size) -> {
                            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "signature mismatch");
                        }).build())).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("bucket", "d", GetOptions.DEFAULT)).kind());
        ObjectInfo verified = c.layer.putObject("bucket", "v", new ByteArrayInputStream(data), 5,
                PutOptions.builder().verifier((md5, size) -> Map.of("x-amz-checksum-sha256", "abc=")).build());
        assertEquals("abc=", verified.metadata().get("x-amz-checksum-sha256"));
        assertEquals(0, c.tempFiles());

        ObjectInfo updated = c.layer.updateObjectMetadata("bucket", "v", Map.of("x-amz-tagging", "a=b"));
        assertEquals(Map.of("x-amz-tagging", "a=b"), updated.metadata());
        assertEquals(verified.etag(), updated.etag());
        assertArrayEquals(data, c.get("bucket", "v"));
    }

    @Test
    void metadataChangesStartFromTheVersionTheyChange() throws Exception {
        byte[] data = random(3, 3000);
        c.layer.putObject("bucket", "m", new ByteArrayInputStream(data), data.length, PutOptions.builder()
                .metadata(Map.of("x-amz-meta-v", "1", "x-amz-checksum-crc32", "c1")).build());
        ObjectInfo tagged = c.layer.changeObjectMetadata("bucket", "m", m -> with(m, "x-amz-tagging", "a=b"));
        assertEquals(Map.of("x-amz-meta-v", "1", "x-amz-checksum-crc32", "c1", "x-amz-tagging", "a=b"),
                tagged.metadata());
        ObjectInfo same = c.layer.changeObjectMetadata("bucket", "m", m -> null);
        assertEquals(tagged.metadata(), same.metadata());
        assertEquals(tagged.lastModified(), c.layer.statObject("bucket", "m", GetOptions.DEFAULT).lastModified());
        assertEquals(Map.of("x-amz-meta-v", "1"), c.layer.changeObjectMetadata("bucket", "m",
                m -> Map.of("x-amz-meta-v", "1", "x-cairn-internal-x", "dropped")).metadata());

        // A copy computes the destination's metadata from the source version it copies.
        CopyOptions keepV = new CopyOptions(null, null, null, null, m -> with(m, "x-amz-meta-copy", "yes"));
        ObjectInfo copied = c.layer.copyObject("bucket", "m", "bucket", "m2", keepV);
        assertEquals(Map.of("x-amz-meta-v", "1", "x-amz-meta-copy", "yes"), copied.metadata());
        assertArrayEquals(data, c.get("bucket", "m2"));
        ObjectInfo self = c.layer.copyObject("bucket", "m", "bucket", "m", keepV);
        assertEquals(copied.metadata(), self.metadata());
        assertEquals(copied.metadata(), c.layer.statObject("bucket", "m", GetOptions.DEFAULT).metadata());
    }

    @Test
    void copyOntoItselfChecksAndWritesUnderOneLock() throws Exception {
        byte[] first = random(4, 2000);
        byte[] second = random(5, 2000);
        ObjectInfo v1 = c.layer.putObject("bucket", "k", new ByteArrayInputStream(first), first.length,
                PutOptions.builder().metadata("x-amz-meta-v", "1").build());
        // Another client's PUT, run wherever the copy would let go of the object's lock between its checks and its
        // write: the copy's metadata, and its If-Match on the first version, would then land on the second one.
        c.locks.beforeWriteLock(1, () -> {
            try {
                c.layer.putObject("bucket", "k", new ByteArrayInputStream(second), second.length,
                        PutOptions.builder().metadata("x-amz-meta-v", "2").build());
            } catch (ObjectStoreException e) {
                throw new IllegalStateException(e);
            }
        });
        c.layer.copyObject("bucket", "k", "bucket", "k", new CopyOptions(Map.of("x-amz-meta-v", "1-copied"), null,
                null, new Conditions(v1.etag(), null, null, null)));
        c.locks.beforeWriteLock(0, null);
        assertArrayEquals(first, c.get("bucket", "k"));
        assertEquals(Map.of("x-amz-meta-v", "1-copied"),
                c.layer.statObject("bucket", "k", GetOptions.DEFAULT).metadata());
    }

    @Test
    void aWriteWhoseLockWasLostBeforeItsCommitCommitsNothing() throws Exception {
        byte[] first = random(6, 2000);
        byte[] second = random(7, 300_000);
        c.put("bucket", "k", first);
        // A distributed lease whose refresh failed may belong to another writer by now: the PUT must not commit.
        c.locks.loseWriteLeases(true);
        ObjectStoreException overwrite = assertThrows(ObjectStoreException.class, () -> c.put("bucket", "k", second));
        ObjectStoreException create = assertThrows(ObjectStoreException.class, () -> c.put("bucket", "new", first));
        ObjectStoreException tag = assertThrows(ObjectStoreException.class, () -> c.layer.changeObjectMetadata(
                "bucket", "k", m -> with(m, "x-amz-meta-v", "2")));
        ObjectStoreException selfCopy = assertThrows(ObjectStoreException.class, () -> c.layer.copyObject("bucket",
                "k", "bucket", "k", new CopyOptions(Map.of("x-amz-meta-v", "3"), null, null, null)));
        c.locks.loseWriteLeases(false);
        for (ObjectStoreException e : List.of(overwrite, create, tag, selfCopy)) {
            assertEquals(ErrorKind.LOCK_TIMEOUT, e.kind(), e.getMessage());
        }
        assertEquals(Map.of(), c.layer.statObject("bucket", "k", GetOptions.DEFAULT).metadata());
        assertArrayEquals(first, c.get("bucket", "k"));
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("bucket", "new", GetOptions.DEFAULT)).kind());
        assertEquals(0, c.tempFiles());
        c.put("bucket", "k", second);
        assertArrayEquals(second, c.get("bucket", "k"));
    }

    @Test
    void aDeleteWhoseLockWasLostDeletesNothing() throws Exception {
        byte[] data = random(8, 300_000);
        ObjectInfo put = c.put("bucket", "k", data);
        // The lease may belong to a writer by now whose newer commit the delete would remove.
        c.locks.loseWriteLeases(true);
        ObjectStoreException plain = assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteObject("bucket", "k"));
        ObjectStoreException conditional = assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteObject("bucket", "k", new Conditions(put.etag(), null, null, null)));
        List<DeleteResult> batch = c.layer.deleteObjects("bucket", List.of("k"));
        c.locks.loseWriteLeases(false);
        for (ObjectStoreException e : List.of(plain, conditional, batch.get(0).error())) {
            assertEquals(ErrorKind.LOCK_TIMEOUT, e.kind(), e.getMessage());
        }
        assertArrayEquals(data, c.get("bucket", "k"));
        c.layer.deleteObject("bucket", "k");
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "k")).kind());
    }

    private static Map<String, String> with(Map<String, String> m, String key, String value) {
        Map<String, String> out = new HashMap<>(m);
        out.put(key, value);
        return out;
    }

    @Test
    void invalidNames() throws Exception {
        for (String bad : List.of("", "../x", "a/../b", "/abs", "a//b", "a\0b", "x".repeat(1025), "a/./b",
                "__cairn.meta", "a/" + "x".repeat(256), "\u00e9".repeat(128) + "/b")) {
            assertEquals(ErrorKind.INVALID_OBJECT_NAME, assertThrows(ObjectStoreException.class,
                    () -> c.put("bucket", bad, new byte[1])).kind(), bad);
            assertEquals(ErrorKind.INVALID_OBJECT_NAME, assertThrows(ObjectStoreException.class,
                    () -> c.layer.statObject("bucket", bad, GetOptions.DEFAULT)).kind(), bad);
        }
        String longest = "a/" + "x".repeat(255) + "/" + "\u00e9".repeat(127);
        c.put("bucket", longest, new byte[] {2});
        assertArrayEquals(new byte[] {2}, c.get("bucket", longest));
        c.put("bucket", "folder/", new byte[0]);
        c.put("bucket", "ünïcødé/ключ 😀", new byte[] {1});
        assertArrayEquals(new byte[] {1}, c.get("bucket", "ünïcødé/ключ 😀"));
    }

    @Test
    void deleteIsIdempotentAndCopyStreams() throws Exception {
        byte[] data = random(3, 200_000);
        c.put("bucket", "src", data);
        c.layer.deleteObject("bucket", "missing");
        ObjectInfo copy = c.layer.copyObject("bucket", "src", "bucket", "dst", CopyOptions.DEFAULT);
        assertEquals(md5(data), copy.etag());
        assertArrayEquals(data, c.get("bucket", "dst"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(ObjectStoreException.class,
                () -> c.layer.copyObject("bucket", "src", "bucket", "src", CopyOptions.DEFAULT)).kind());
        ObjectInfo replaced = c.layer.copyObject("bucket", "src", "bucket", "src",
                new CopyOptions(Map.of("x-amz-meta-a", "1"), null, null, null));
        assertEquals(Map.of("x-amz-meta-a", "1"), replaced.metadata());
        ObjectInfo rrs = c.layer.copyObject("bucket", "src", "bucket", "src",
                new CopyOptions(null, StorageClass.REDUCED_REDUNDANCY, null, null));
        assertEquals(StorageClass.REDUCED_REDUNDANCY, rrs.storageClass());
        assertArrayEquals(data, c.get("bucket", "src"));
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.copyObject("bucket", "src", "bucket", "x",
                        new CopyOptions(null, null, new Conditions(null, md5(data), null, null), null))).kind());
        c.layer.deleteObject("bucket", "src");
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "src")).kind());
        assertEquals(0, c.tempFiles());
    }

    @Test
    void conditionalDeleteChecksTheETag() throws Exception {
        ObjectInfo info = c.put("bucket", "k", random(4, 3000));
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteObject("bucket", "k", new Conditions("\"0123\"", null, null, null))).kind());
        assertEquals(info.etag(), c.layer.statObject("bucket", "k", GetOptions.DEFAULT).etag());
        c.layer.deleteObject("bucket", "k", new Conditions("\"" + info.etag() + "\"", null, null, null));
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "k")).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteObject("bucket", "k", new Conditions("*", null, null, null))).kind());
        assertEquals(ErrorKind.NO_SUCH_BUCKET, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteObject("nope", "k", new Conditions("*", null, null, null))).kind());
        c.put("bucket", "a", new byte[] {1});
        ObjectInfo b = c.put("bucket", "b", new byte[] {2});
        List<DeleteResult> results = c.layer.deleteObjects("bucket", List.of("a", "b", "gone"),
                List.of(new Conditions("ffff", null, null, null), new Conditions(b.etag(), null, null, null),
                        new Conditions("*", null, null, null)));
        assertEquals(ErrorKind.PRECONDITION_FAILED, results.get(0).error().kind());
        assertEquals(null, results.get(1).error());
        assertEquals(ErrorKind.NO_SUCH_KEY, results.get(2).error().kind());
        assertArrayEquals(new byte[] {1}, c.get("bucket", "a"));
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "b")).kind());
    }

    @Test
    void conditionalWriteWithIfMatchOnAMissingKeyIsNoSuchKey() throws Exception {
        // S3's conditional-writes guide: If-Match without a current object fails with 404 NoSuchKey, not 412.
        byte[] data = random(5, 100);
        PutOptions ifMatch = PutOptions.builder().conditions(new Conditions("*", null, null, null)).build();
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "absent", new ByteArrayInputStream(data), data.length, ifMatch))
                .kind());
        c.put("bucket", "src", data);
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.copyObject("bucket", "src", "bucket", "absent", new CopyOptions(null, null, null,
                        new Conditions(md5(data), null, null, null)))).kind());
        String id = c.layer.newMultipartUpload("bucket", "absent", PutOptions.DEFAULT);
        byte[] part = random(6, 10);
        String partEtag = c.layer.putObjectPart("bucket", "absent", id, 1, new ByteArrayInputStream(part),
                part.length, PartOptions.DEFAULT).etag();
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "absent", id, List.of(new CompletePart(1, partEtag)),
                        ifMatch)).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bucket", "absent")).kind());
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObject("bucket", "src", new ByteArrayInputStream(data), data.length, PutOptions
                        .builder().conditions(new Conditions("\"0123\"", null, null, null)).build())).kind());
        c.layer.putObject("bucket", "src", new ByteArrayInputStream(data), data.length, ifMatch);
    }

    @Test
    void conditionalDeleteChecksUnderTheWriteLock() throws Exception {
        ObjectInfo old = c.put("bucket", "k", random(5, 3000));
        byte[] replacement = random(6, 3000);
        SetStore set = c.layer.locate("bucket", "k");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> delete;
            // A check outside the write lock would pass under this shared read lock, then wait to delete, and
            // miss the overwrite below (which stands for a writer between a HEAD and a DELETE).
            try (Lease lease = set.readLock("bucket", "k")) {
                delete = pool.submit(() -> {
                    c.layer.deleteObject("bucket", "k", new Conditions(old.etag(), null, null, null));
                    return null;
                });
                Thread.sleep(300);
                assertFalse(delete.isDone(), "the delete waits for the object's write lock");
                set.put(new SetStore.PutRequest("bucket", "k", Map.of(), StorageClass.STANDARD, Conditions.NONE,
                        null, null), new ByteArrayInputStream(replacement), replacement.length, 1 << 20, lease);
            }
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> delete.get(30, TimeUnit.SECONDS));
            assertEquals(ErrorKind.PRECONDITION_FAILED, ((ObjectStoreException) failure.getCause()).kind());
            assertArrayEquals(replacement, c.get("bucket", "k"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listingWithDelimiterAndMarkers() throws Exception {
        for (String k : List.of("a", "a/", "a/b", "a/b/c", "a-c", "b/x", "b/y", "c")) {
            c.put("bucket", k, new byte[] {1});
        }
        ListPage all = c.layer.listObjects("bucket", new ListRequest("", "", "", 1000));
        assertEquals(List.of("a", "a-c", "a/", "a/b", "a/b/c", "b/x", "b/y", "c"),
                all.objects().stream().map(ObjectInfo::key).toList());
        ListPage delim = c.layer.listObjects("bucket", new ListRequest("", "/", "", 1000));
        assertEquals(List.of("a", "a-c", "c"), delim.objects().stream().map(ObjectInfo::key).toList());
        assertEquals(List.of("a/", "b/"), delim.commonPrefixes());
        ListPage page = c.layer.listObjects("bucket", new ListRequest("", "/", "", 3));
        assertTrue(page.truncated());
        assertEquals("a/", page.nextMarker());
        ListPage rest = c.layer.listObjects("bucket", new ListRequest("", "/", page.nextMarker(), 3));
        assertEquals(List.of("b/"), rest.commonPrefixes());
        assertEquals(List.of("c"), rest.objects().stream().map(ObjectInfo::key).toList());
        assertFalse(rest.truncated());
        ListPage dash = c.layer.listObjects("bucket", new ListRequest("a", "-", "", 1000));
        assertEquals(List.of("a-"), dash.commonPrefixes());
        ListPage none = c.layer.listObjects("bucket", new ListRequest("", "", "", 0));
        assertTrue(none.objects().isEmpty());
    }
}
