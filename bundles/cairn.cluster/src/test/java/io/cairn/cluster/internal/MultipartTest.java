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
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ByteRange;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ListPartsPage;
import io.cairn.api.object.ListUploadsPage;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.storage.Drive;

class MultipartTest {

    static final int MIB5 = 5 << 20;

    @TempDir
    Path tmp;

    TestCluster c;

    @BeforeEach
    void setUp() throws Exception {
        c = new TestCluster(tmp, 1, 4, EngineConfig.DEFAULT);
        c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        c.close();
    }

    private PartInfo part(String key, String id, int number, byte[] data) throws ObjectStoreException {
        return c.layer.putObjectPart("bucket", key, id, number, new ByteArrayInputStream(data), data.length,
                PartOptions.DEFAULT);
    }

    @Test
    void uploadCompleteReadAndS3Etag() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "big", PutOptions.builder()
                .metadata("content-type", "video/mp4").build());
        byte[] p1 = ObjectLayerTest.random(1, MIB5);
        byte[] p2 = ObjectLayerTest.random(2, MIB5 + 3);
        byte[] p3 = ObjectLayerTest.random(3, 1234);
        PartInfo i3 = part("big", id, 3, p3);
        PartInfo i1 = part("big", id, 1, p1);
        part("big", id, 2, ObjectLayerTest.random(99, 100));
        PartInfo i2 = part("big", id, 2, p2);
        part("big", id, 7, ObjectLayerTest.random(7, 10));
        ListPartsPage page = c.layer.listParts("bucket", "big", id, 0, 2);
        assertEquals(List.of(1, 2), page.parts().stream().map(PartInfo::partNumber).toList());
        assertTrue(page.truncated());
        ListPartsPage rest = c.layer.listParts("bucket", "big", id, page.nextPartNumberMarker(), 10);
        assertEquals(List.of(3, 7), rest.parts().stream().map(PartInfo::partNumber).toList());
        assertEquals(i2.etag(), page.parts().get(1).etag());

        ObjectInfo info = c.layer.completeMultipartUpload("bucket", "big", id, List.of(
                new CompletePart(1, "\"" + i1.etag() + "\""), new CompletePart(2, i2.etag()),
                new CompletePart(3, i3.etag())), PutOptions.DEFAULT);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (PartInfo p : List.of(i1, i2, i3)) {
            md5.update(HexFormat.of().parseHex(p.etag()));
        }
        assertEquals(HexFormat.of().formatHex(md5.digest()) + "-3", info.etag());
        assertEquals(p1.length + p2.length + p3.length, info.size());
        assertEquals("video/mp4", info.metadata().get("content-type"));
        assertEquals(3, info.parts().size());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(p1);
        all.write(p2);
        all.write(p3);
        byte[] expected = all.toByteArray();
        assertArrayEquals(expected, c.get("bucket", "big"));
        assertArrayEquals(expected, c.get("bucket", "big", GetOptions.DEFAULT), "across parts with transferTo");
        assertArrayEquals(p2, c.get("bucket", "big", new GetOptions(null, 2, null)));
        long from = MIB5 - 10;
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, (int) from, (int) from + MIB5 + 20),
                c.get("bucket", "big", GetOptions.range(ByteRange.of(from, from + MIB5 + 19))));
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                () -> c.layer.listParts("bucket", "big", id, 0, 10)).kind());
        assertEquals(0, c.tempFiles());
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "", "", "", "", 100).uploads());
    }

    @Test
    void completeRules() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "k", PutOptions.DEFAULT);
        PartInfo small = part("k", id, 1, new byte[100]);
        PartInfo last = part("k", id, 2, new byte[10]);
        assertEquals(ErrorKind.ENTITY_TOO_SMALL, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(1, small.etag()),
                        new CompletePart(2, last.etag())), PutOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.INVALID_PART_ORDER, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(2, last.etag()),
                        new CompletePart(1, small.etag())), PutOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.INVALID_PART, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(1, "0123")),
                        PutOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.INVALID_PART, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(5, "0123")),
                        PutOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", "0.00000000-0000-0000-0000-000000000000",
                        List.of(new CompletePart(1, small.etag())), PutOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                () -> part("k", "../../etc", 1, new byte[1])).kind());
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                () -> part("other-key", id, 1, new byte[1])).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(ObjectStoreException.class,
                () -> part("k", id, 10001, new byte[1])).kind());
        c.put("bucket", "k", new byte[] {1});
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "k", id, List.of(new CompletePart(2, last.etag())),
                        PutOptions.builder().conditions(new Conditions(null, "*", null, null)).build())).kind());
        ObjectInfo single = c.layer.completeMultipartUpload("bucket", "k", id,
                List.of(new CompletePart(2, last.etag())), PutOptions.DEFAULT);
        assertTrue(single.etag().endsWith("-1"));
        assertArrayEquals(new byte[10], c.get("bucket", "k"));
    }

    @Test
    void aCompleteRefusedByItsConditionKeepsThePartsItDidNotList() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "cond", PutOptions.DEFAULT);
        byte[] first = new byte[MIB5];
        new java.util.Random(5).nextBytes(first);
        PartInfo one = part("cond", id, 1, first);
        PartInfo two = part("cond", id, 2, new byte[] {7, 8, 9});
        c.put("bucket", "cond", new byte[] {1});
        assertEquals(ErrorKind.PRECONDITION_FAILED, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "cond", id, List.of(new CompletePart(2, two.etag())),
                        PutOptions.builder().conditions(new Conditions(null, "*", null, null)).build())).kind());
        c.layer.completeMultipartUpload("bucket", "cond", id, List.of(new CompletePart(1, one.etag()),
                new CompletePart(2, two.etag())), PutOptions.DEFAULT);
        byte[] expected = java.util.Arrays.copyOf(first, MIB5 + 3);
        System.arraycopy(new byte[] {7, 8, 9}, 0, expected, MIB5, 3);
        assertArrayEquals(expected, c.get("bucket", "cond"));
    }

    @Test
    void aCompleteWhoseLockWasLostKeepsEveryPartAndCommitsNothing() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "lost", PutOptions.DEFAULT);
        byte[] first = new byte[MIB5];
        new java.util.Random(6).nextBytes(first);
        PartInfo one = part("lost", id, 1, first);
        PartInfo two = part("lost", id, 2, new byte[] {4, 5});
        c.locks.loseWriteLeases(true);
        ObjectStoreException e = assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "lost", id, List.of(new CompletePart(2, two.etag())),
                        PutOptions.DEFAULT));
        c.locks.loseWriteLeases(false);
        assertEquals(ErrorKind.LOCK_TIMEOUT, e.kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("bucket", "lost", GetOptions.DEFAULT)).kind());
        c.layer.completeMultipartUpload("bucket", "lost", id, List.of(new CompletePart(1, one.etag()),
                new CompletePart(2, two.etag())), PutOptions.DEFAULT);
        byte[] expected = java.util.Arrays.copyOf(first, MIB5 + 2);
        expected[MIB5] = 4;
        expected[MIB5 + 1] = 5;
        assertArrayEquals(expected, c.get("bucket", "lost"));
    }

    /** Completes an upload of two parts (5 MiB and 3 bytes) of the key and returns the parts it named. */
    private List<CompletePart> completeTwoParts(String key, String id, long seed) throws Exception {
        PartInfo one = part(key, id, 1, ObjectLayerTest.random(seed, MIB5));
        PartInfo two = part(key, id, 2, new byte[] {1, 2, 3});
        List<CompletePart> parts = List.of(new CompletePart(1, one.etag()), new CompletePart(2, two.etag()));
        c.layer.completeMultipartUpload("bucket", key, id, parts, PutOptions.DEFAULT);
        return parts;
    }

    private void assertNoSuchUpload(org.junit.jupiter.api.function.Executable call, String what) {
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class, call, what).kind(), what);
    }

    private long completedRecordFiles() throws java.io.IOException {
        long count = 0;
        for (Path drive : c.dirs) {
            Path dir = drive.resolve(Drive.SYSTEM_VOLUME).resolve(CompletedUploads.ROOT);
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    count += files.filter(Files::isRegularFile).count();
                }
            }
        }
        return count;
    }

    /** A client retrying a complete whose answer it lost gets the first answer, as from S3. */
    @Test
    void aRepeatedCompleteAnswersTheFirstCompletesResult() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "again", PutOptions.builder()
                .metadata("content-type", "text/plain").build());
        PartInfo one = part("again", id, 1, ObjectLayerTest.random(11, MIB5));
        PartInfo two = part("again", id, 2, new byte[] {1, 2, 3});
        List<CompletePart> parts = List.of(new CompletePart(1, "\"" + one.etag() + "\""),
                new CompletePart(2, two.etag()));
        ObjectInfo first = c.layer.completeMultipartUpload("bucket", "again", id, parts, PutOptions.builder()
                .metadata(Map.of("x-amz-checksum-crc32", "AAAAAA==-2")).build());
        assertEquals(first, c.layer.completeMultipartUpload("bucket", "again", id, List.of(
                new CompletePart(1, one.etag()), new CompletePart(2, "\"" + two.etag().toUpperCase() + "\"")),
                PutOptions.DEFAULT));
        assertEquals("AAAAAA==-2", first.metadata().get("x-amz-checksum-crc32"));
        c.drives.get(0).offline = true;
        assertEquals(first, c.layer.completeMultipartUpload("bucket", "again", id, parts, PutOptions.DEFAULT),
                "the record is read with the read quorum");
        c.drives.get(0).offline = false;
        try (TestCluster other = new TestCluster(tmp, 1, 4, EngineConfig.DEFAULT,
                java.util.function.UnaryOperator.identity(), c.deploymentId)) {
            assertEquals(first, other.layer.completeMultipartUpload("bucket", "again", id, parts,
                    PutOptions.DEFAULT), "another node over the same drives answers alike");
        }

        // Whatever became of the object since, as the repeat reports the completion, not the object.
        c.put("bucket", "again", new byte[] {9});
        assertEquals(first, c.layer.completeMultipartUpload("bucket", "again", id, parts, PutOptions.DEFAULT));
        assertArrayEquals(new byte[] {9}, c.get("bucket", "again"), "the repeat touches no object");
        c.layer.deleteObject("bucket", "again");
        assertEquals(first, c.layer.completeMultipartUpload("bucket", "again", id, parts,
                PutOptions.builder().conditions(new Conditions("\"" + first.etag() + "\"", null, null, null))
                        .build()), "conditions were evaluated by the first complete");
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("bucket", "again", GetOptions.DEFAULT)).kind());

        assertNoSuchUpload(() -> c.layer.completeMultipartUpload("bucket", "again", id,
                List.of(new CompletePart(1, one.etag())), PutOptions.DEFAULT), "fewer parts");
        assertNoSuchUpload(() -> c.layer.completeMultipartUpload("bucket", "again", id, List.of(
                new CompletePart(1, one.etag()), new CompletePart(3, two.etag())), PutOptions.DEFAULT), "numbers");
        assertNoSuchUpload(() -> c.layer.completeMultipartUpload("bucket", "again", id, List.of(
                new CompletePart(1, one.etag()), new CompletePart(2, one.etag())), PutOptions.DEFAULT), "ETags");
        assertNoSuchUpload(() -> c.layer.completeMultipartUpload("bucket", "other", id, parts,
                PutOptions.DEFAULT), "another key");
        assertNoSuchUpload(() -> part("again", id, 3, new byte[1]), "UploadPart");
        assertNoSuchUpload(() -> c.layer.listParts("bucket", "again", id, 0, 10), "ListParts");
        assertNoSuchUpload(() -> c.layer.abortMultipartUpload("bucket", "again", id), "AbortMultipartUpload");
        assertEquals(first, c.layer.completeMultipartUpload("bucket", "again", id, parts, PutOptions.DEFAULT),
                "refused calls change nothing");
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "", "", "", "", 100).uploads());
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "again", "", "", "", 100).uploads());
        assertEquals(0, c.tempFiles());
    }

    @Test
    void completedRecordsExpireWithTheUploads() throws Exception {
        String done = c.layer.newMultipartUpload("bucket", "done", PutOptions.DEFAULT);
        List<CompletePart> parts = completeTwoParts("done", done, 12);
        String pending = c.layer.newMultipartUpload("bucket", "pending", PutOptions.DEFAULT);
        assertEquals(4, completedRecordFiles(), "one record file per drive");
        assertEquals(0, c.layer.expireUploads(Instant.now()));
        c.layer.completeMultipartUpload("bucket", "done", done, parts, PutOptions.DEFAULT);
        assertEquals(2, c.layer.expireUploads(Instant.now().plus(EngineConfig.DEFAULT.multipartExpiry())
                .plusSeconds(1)), "the pending upload and the completed record");
        assertEquals(0, completedRecordFiles());
        assertNoSuchUpload(() -> c.layer.completeMultipartUpload("bucket", "done", done, parts,
                PutOptions.DEFAULT), "an expired record");
        assertNoSuchUpload(() -> c.layer.listParts("bucket", "pending", pending, 0, 10), "the expired upload");
        assertEquals(MIB5 + 3, c.layer.statObject("bucket", "done", GetOptions.DEFAULT).size());
    }

    /** With several sets each record lives in its upload's set, where repeats find it and the expiry removes it. */
    @Test
    void completedRecordsOfEverySetAnswerAndExpire() throws Exception {
        try (TestCluster two = new TestCluster(tmp.resolve("two-sets"), 2, 4, EngineConfig.DEFAULT)) {
            two.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            java.util.Map<String, ObjectInfo> firsts = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<CompletePart>> named = new java.util.HashMap<>();
            for (int i = 0; i < 8; i++) {
                String key = "k" + i;
                String id = two.layer.newMultipartUpload("bucket", key, PutOptions.DEFAULT);
                byte[] data = {(byte) i};
                PartInfo p = two.layer.putObjectPart("bucket", key, id, 1, new ByteArrayInputStream(data), 1,
                        PartOptions.DEFAULT);
                List<CompletePart> parts = List.of(new CompletePart(1, p.etag()));
                firsts.put(id, two.layer.completeMultipartUpload("bucket", key, id, parts, PutOptions.DEFAULT));
                named.put(id, parts);
            }
            java.util.Set<SetStore> sets = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (ObjectInfo first : firsts.values()) {
                sets.add(two.layer.setOf(0, "bucket", first.key()));
            }
            assertEquals(2, sets.size(), "the keys cover both sets");
            for (var e : firsts.entrySet()) {
                assertEquals(e.getValue(), two.layer.completeMultipartUpload("bucket", e.getValue().key(),
                        e.getKey(), named.get(e.getKey()), PutOptions.DEFAULT));
            }
            assertEquals(8, two.layer.expireUploads(Instant.now().plus(EngineConfig.DEFAULT.multipartExpiry())
                    .plusSeconds(1)));
            for (var e : firsts.entrySet()) {
                assertNoSuchUpload(() -> two.layer.completeMultipartUpload("bucket", e.getValue().key(),
                        e.getKey(), named.get(e.getKey()), PutOptions.DEFAULT), e.getValue().key());
            }
        }
    }

    @Test
    void completedRecordsNeitherKeepABucketNorOutliveIt() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "gone", PutOptions.DEFAULT);
        List<CompletePart> parts = completeTwoParts("gone", id, 13);
        c.layer.deleteObject("bucket", "gone");
        c.layer.deleteBucket("bucket");
        for (Path drive : c.dirs) {
            Path left = drive.resolve(Drive.SYSTEM_VOLUME).resolve(CompletedUploads.bucketDir("bucket"));
            assertFalse(Files.exists(left), () -> "left " + left);
        }
        c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
        assertNoSuchUpload(() -> c.layer.completeMultipartUpload("bucket", "gone", id, parts, PutOptions.DEFAULT),
                "a record of the deleted bucket");
    }

    /** Makes every drive stop answering once each has committed, as when the node dies right after a commit. */
    private void stopEveryDriveAfterTheNextCommit() {
        java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
        for (FaultyDrive d : c.drives) {
            d.afterCommit = () -> {
                if (committed.incrementAndGet() == c.drives.size()) {
                    c.drives.forEach(all -> all.offline = true);
                }
            };
        }
    }

    /** Brings every drive back after {@link #stopEveryDriveAfterTheNextCommit()}. */
    private void restartEveryDrive() {
        for (FaultyDrive d : c.drives) {
            d.afterCommit = null;
            d.heal();
        }
    }

    /**
     * A complete cut short after its commit (here: every drive stops answering, as when the node dies) keeps the
     * object; a repeat finds the object the upload made, answers as the complete would have, records the completion
     * and removes what is left of the upload.
     */
    @Test
    void aCompleteCutShortAfterItsCommitKeepsTheObject() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "cut", PutOptions.DEFAULT);
        byte[] first = ObjectLayerTest.random(14, MIB5);
        PartInfo one = part("cut", id, 1, first);
        PartInfo two = part("cut", id, 2, new byte[] {4, 5});
        stopEveryDriveAfterTheNextCommit();
        List<CompletePart> parts = List.of(new CompletePart(1, one.etag()), new CompletePart(2, two.etag()));
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "cut", id, parts, PutOptions.DEFAULT)).kind());
        restartEveryDrive();
        byte[] expected = java.util.Arrays.copyOf(first, MIB5 + 2);
        expected[MIB5] = 4;
        expected[MIB5 + 1] = 5;
        assertArrayEquals(expected, c.get("bucket", "cut"));
        ObjectInfo repeat = c.layer.completeMultipartUpload("bucket", "cut", id, parts, PutOptions.DEFAULT);
        assertEquals(c.layer.statObject("bucket", "cut", GetOptions.DEFAULT).etag(), repeat.etag(),
                "a repeat without a record finds the object the upload made");
        assertArrayEquals(expected, c.get("bucket", "cut"), "the repeat keeps the object");
        assertEquals(repeat.etag(), c.layer.completeMultipartUpload("bucket", "cut", id, parts, PutOptions.DEFAULT)
                .etag(), "and records the completion for the next repeat");
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "", "", "", "", 100).uploads());
        for (Path drive : c.dirs) {
            Path left = drive.resolve(Drive.SYSTEM_VOLUME).resolve(MultipartOps.stagingDir("bucket", "cut", id));
            assertFalse(Files.exists(left), () -> "left " + left);
        }
    }

    /** A part uploaded again after a complete cut short moved the data must not become an object missing parts. */
    @Test
    void aPartUploadedAgainAfterACompleteCutShortDoesNotMakeAnObjectWithoutItsOtherParts() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "again-cut", PutOptions.DEFAULT);
        byte[] first = ObjectLayerTest.random(15, MIB5);
        PartInfo one = part("again-cut", id, 1, first);
        PartInfo two = part("again-cut", id, 2, new byte[] {4, 5});
        stopEveryDriveAfterTheNextCommit();
        assertThrows(ObjectStoreException.class, () -> c.layer.completeMultipartUpload("bucket", "again-cut", id,
                List.of(new CompletePart(1, one.etag()), new CompletePart(2, two.etag())), PutOptions.DEFAULT));
        restartEveryDrive();
        PartInfo twoAgain = part("again-cut", id, 2, new byte[] {6, 7});
        assertEquals(ErrorKind.INVALID_PART, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "again-cut", id, List.of(
                        new CompletePart(1, one.etag()), new CompletePart(2, twoAgain.etag())),
                        PutOptions.DEFAULT)).kind());
        byte[] expected = java.util.Arrays.copyOf(first, MIB5 + 2);
        expected[MIB5] = 4;
        expected[MIB5 + 1] = 5;
        assertArrayEquals(expected, c.get("bucket", "again-cut"), "the completed object stays as it was");
    }

    /** A complete that failed dropped the parts it did not name: a later one naming them must not commit them. */
    @Test
    void aCompleteNamingAPartThatAFailedCompleteDroppedIsRefused() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "dropped", PutOptions.DEFAULT);
        PartInfo one = part("dropped", id, 1, ObjectLayerTest.random(16, MIB5));
        PartInfo two = part("dropped", id, 2, new byte[] {1, 2});
        c.drives.get(0).failCommit = true;
        c.drives.get(1).failCommit = true;
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "dropped", id, List.of(new CompletePart(2, two.etag())),
                        PutOptions.DEFAULT)).kind());
        c.drives.get(0).failCommit = false;
        c.drives.get(1).failCommit = false;
        assertEquals(ErrorKind.INVALID_PART, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bucket", "dropped", id, List.of(
                        new CompletePart(1, one.etag()), new CompletePart(2, two.etag())), PutOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.layer.statObject("bucket", "dropped", GetOptions.DEFAULT)).kind());
        PartInfo oneAgain = part("dropped", id, 1, ObjectLayerTest.random(17, MIB5));
        c.layer.completeMultipartUpload("bucket", "dropped", id, List.of(new CompletePart(1, oneAgain.etag()),
                new CompletePart(2, two.etag())), PutOptions.DEFAULT);
        byte[] expected = java.util.Arrays.copyOf(ObjectLayerTest.random(17, MIB5), MIB5 + 2);
        expected[MIB5] = 1;
        expected[MIB5 + 1] = 2;
        assertArrayEquals(expected, c.get("bucket", "dropped"));
    }

    @Test
    void longestKeysAndControlCharactersRoundTrip() throws Exception {
        // 1024 bytes in segments a file system accepts; and a key holding the record names' escape character.
        String longest = ("s".repeat(199) + "/").repeat(5) + "t".repeat(24);
        assertEquals(1024, longest.length());
        for (String key : List.of(longest, "x\u0001y", "x\u0001\u0001/")) {
            String id = c.layer.newMultipartUpload("bucket", key, PutOptions.DEFAULT);
            ListUploadsPage page = c.layer.listMultipartUploads("bucket", key, "", "", "", 10);
            assertEquals(List.of(key), page.uploads().stream().map(u -> u.key()).toList());
            assertEquals(id, page.uploads().get(0).uploadId());
            PartInfo p = part(key, id, 1, new byte[] {7});
            c.layer.completeMultipartUpload("bucket", key, id, List.of(new CompletePart(1, p.etag())),
                    PutOptions.DEFAULT);
            assertArrayEquals(new byte[] {7}, c.get("bucket", key));
        }
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "", "", "", "", 10).uploads());
        assertEquals(0, c.tempFiles());
    }

    @Test
    void keysWhoseRecordNameCannotBeStoredAreRefusedNotFailed() throws Exception {
        String fits = "d/" + "x".repeat(Drive.MAX_SEGMENT_BYTES - 2);
        String id = c.layer.newMultipartUpload("bucket", fits, PutOptions.DEFAULT);
        PartInfo p = part(fits, id, 1, new byte[] {5});
        c.layer.completeMultipartUpload("bucket", fits, id, List.of(new CompletePart(1, p.etag())),
                PutOptions.DEFAULT);
        assertArrayEquals(new byte[] {5}, c.get("bucket", fits));
        for (String key : List.of(fits + "x", fits + "xx", "d/" + "\u0001".repeat(128))) {
            assertEquals(ErrorKind.KEY_TOO_LONG, assertThrows(ObjectStoreException.class,
                    () -> c.layer.newMultipartUpload("bucket", key, PutOptions.DEFAULT)).kind(), key);
            assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                    () -> c.layer.abortMultipartUpload("bucket", key, id)).kind(), key);
            c.put("bucket", key, new byte[] {6});
            assertArrayEquals(new byte[] {6}, c.get("bucket", key), "a plain PUT of the key works");
        }
        assertEquals(0, c.tempFiles());
    }

    @Test
    void uploadIdsOfOneKeyAreInCreationOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(c.layer.newMultipartUpload("bucket", "same", PutOptions.DEFAULT));
            // Distinct milliseconds, so that the time-ordered ids must come out in creation order.
            long now = System.currentTimeMillis();
            while (System.currentTimeMillis() == now) {
                Thread.onSpinWait();
            }
        }
        ListUploadsPage page = c.layer.listMultipartUploads("bucket", "", "", "", "", 10);
        assertEquals(ids, page.uploads().stream().map(u -> u.uploadId()).toList());
    }

    @Test
    void listUploadsAbortAndExpiry() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String key : List.of("a/1", "a/2", "b", "c")) {
            ids.add(c.layer.newMultipartUpload("bucket", key, PutOptions.DEFAULT));
        }
        String second = c.layer.newMultipartUpload("bucket", "b", PutOptions.DEFAULT);
        ListUploadsPage all = c.layer.listMultipartUploads("bucket", "", "", "", "", 100);
        assertEquals(List.of("a/1", "a/2", "b", "b", "c"), all.uploads().stream().map(u -> u.key()).toList());
        ListUploadsPage grouped = c.layer.listMultipartUploads("bucket", "", "/", "", "", 2);
        assertEquals(List.of("a/"), grouped.commonPrefixes());
        assertEquals(List.of("b"), grouped.uploads().stream().map(u -> u.key()).toList());
        assertTrue(grouped.truncated());
        ListUploadsPage next = c.layer.listMultipartUploads("bucket", "", "/", grouped.nextKeyMarker(),
                grouped.nextUploadIdMarker(), 10);
        assertEquals(List.of("b", "c"), next.uploads().stream().map(u -> u.key()).toList());
        assertFalse(next.truncated());

        c.layer.abortMultipartUpload("bucket", "b", second);
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                () -> c.layer.abortMultipartUpload("bucket", "b", second)).kind());
        part("c", ids.get(3), 1, new byte[1000]);
        assertEquals(0, c.layer.expireUploads(Instant.now()));
        assertEquals(4, c.layer.expireUploads(Instant.now().plus(EngineConfig.DEFAULT.multipartExpiry())
                .plusSeconds(1)));
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "", "", "", "", 100).uploads());
        c.layer.deleteBucket("bucket");
    }

    @Test
    void deletingABucketAbortsItsUploads() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "pending", PutOptions.DEFAULT);
        part("pending", id, 1, new byte[1000]);
        c.put("bucket", "object", new byte[1]);
        assertEquals(ErrorKind.BUCKET_NOT_EMPTY, assertThrows(ObjectStoreException.class,
                () -> c.layer.deleteBucket("bucket")).kind(), "objects keep a bucket");
        c.layer.deleteObject("bucket", "object");
        c.layer.deleteBucket("bucket");
        assertEquals(ErrorKind.NO_SUCH_BUCKET, assertThrows(ObjectStoreException.class,
                () -> c.layer.listMultipartUploads("bucket", "", "", "", "", 10)).kind());
        c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
        assertEquals(List.of(), c.layer.listMultipartUploads("bucket", "", "", "", "", 10).uploads());
        assertEquals(ErrorKind.NO_SUCH_UPLOAD, assertThrows(ObjectStoreException.class,
                () -> part("pending", id, 2, new byte[10])).kind());
    }

    /** Part uploads racing with the deletion of their bucket leave nothing behind in the system volume. */
    @Test
    void partUploadsRacingWithTheBucketsDeletionLeaveNothing() throws Exception {
        for (int round = 0; round < 5; round++) {
            String context = "round " + round;
            List<String> ids = new ArrayList<>();
            for (int u = 0; u < 3; u++) {
                ids.add(c.layer.newMultipartUpload("bucket", "race/" + u, PutOptions.DEFAULT));
            }
            CountDownLatch started = new CountDownLatch(ids.size());
            List<Thread> writers = new ArrayList<>();
            List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
            for (int u = 0; u < ids.size(); u++) {
                String key = "race/" + u;
                String id = ids.get(u);
                Thread t = new Thread(() -> {
                    try {
                        for (int number = 1; number <= 10_000; number++) {
                            part(key, id, number, new byte[] {(byte) number});
                            if (number == 2) {
                                started.countDown();
                            }
                        }
                    } catch (ObjectStoreException e) {
                        if (e.kind() != ErrorKind.NO_SUCH_UPLOAD && e.kind() != ErrorKind.NO_SUCH_BUCKET) {
                            unexpected.add(e);
                        }
                    } finally {
                        started.countDown();
                    }
                });
                writers.add(t);
                t.start();
            }
            started.await();
            c.layer.deleteBucket("bucket");
            for (Thread t : writers) {
                t.join();
            }
            assertEquals(List.of(), unexpected, context);
            for (Path drive : c.dirs) {
                for (String dir : List.of(MultipartOps.bucketDir("bucket"), UploadNames.ROOT + "bucket")) {
                    Path left = drive.resolve(Drive.SYSTEM_VOLUME).resolve(dir);
                    assertFalse(Files.exists(left), () -> context + " left " + left);
                }
            }
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
        }
    }

    @Test
    void partChecksAndVerifier() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "k", PutOptions.DEFAULT);
        assertEquals(ErrorKind.BAD_DIGEST, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObjectPart("bucket", "k", id, 1, new ByteArrayInputStream(new byte[10]), 10,
                        new PartOptions(new byte[16], null))).kind());
        assertEquals(ErrorKind.INCOMPLETE_BODY, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObjectPart("bucket", "k", id, 1, new ByteArrayInputStream(new byte[10]), 11,
                        PartOptions.DEFAULT)).kind());
        assertEquals(ErrorKind.BAD_DIGEST, assertThrows(ObjectStoreException.class,
                () -> c.layer.putObjectPart("bucket", "k", id, 1, new ByteArrayInputStream(new byte[10]), 10,
                        new PartOptions(null, (md5, size) -> {
                            throw new ObjectStoreException(ErrorKind.BAD_DIGEST, "sha mismatch");
                        }))).kind());
        assertEquals(List.of(), c.layer.listParts("bucket", "k", id, 0, 100).parts());
        PartInfo ok = c.layer.putObjectPart("bucket", "k", id, 1, new ByteArrayInputStream(new byte[10]), -1,
                new PartOptions(null, (md5, size) -> Map.of()));
        assertEquals(10, ok.size());
        assertEquals(0, c.tempFiles());
    }

    @Test
    void uploadMetadataPartChecksumsAndCompleteMetadataAreKept() throws Exception {
        String id = c.layer.newMultipartUpload("bucket", "sum", PutOptions.builder()
                .metadata("x-amz-checksum-algorithm", "CRC32").metadata("content-type", "text/plain").build());
        assertEquals("CRC32", c.layer.getMultipartUpload("bucket", "sum", id).metadata()
                .get("x-amz-checksum-algorithm"));
        assertEquals("text/plain", c.layer.listParts("bucket", "sum", id, 0, 0).upload().metadata()
                .get("content-type"));
        assertFalse(c.layer.getMultipartUpload("bucket", "sum", id).metadata().keySet().stream()
                .anyMatch(k -> k.startsWith("x-cairn-internal-")), "reserved entries stay inside");
        PartInfo p1 = c.layer.putObjectPart("bucket", "sum", id, 1, new ByteArrayInputStream(new byte[MIB5]), MIB5,
                new PartOptions(null, (md5, size) -> Map.of("x-amz-checksum-crc32", "AAAAAQ==", "other", "x")));
        PartInfo p2 = part("sum", id, 2, new byte[3]);
        assertEquals(Map.of("x-amz-checksum-crc32", "AAAAAQ=="), p1.checksums());
        assertEquals(Map.of(), p2.checksums());
        assertEquals(List.of(Map.of("x-amz-checksum-crc32", "AAAAAQ=="), Map.of()), c.layer.listParts("bucket",
                "sum", id, 0, 10).parts().stream().map(PartInfo::checksums).toList());
        ObjectInfo info = c.layer.completeMultipartUpload("bucket", "sum", id, List.of(
                new CompletePart(1, p1.etag()), new CompletePart(2, p2.etag())), PutOptions.builder()
                .metadata("x-amz-checksum-crc32", "AAAAAg==-2").build());
        assertEquals("AAAAAg==-2", info.metadata().get("x-amz-checksum-crc32"));
        assertEquals("AAAAAg==-2", c.layer.statObject("bucket", "sum", GetOptions.DEFAULT).metadata()
                .get("x-amz-checksum-crc32"), "the complete's metadata is stored with the object");
        assertEquals("text/plain", c.layer.statObject("bucket", "sum", GetOptions.DEFAULT).metadata()
                .get("content-type"));
    }

    @Test
    void partRecordsOfBothFormatsDecode() throws Exception {
        Instant t = Instant.ofEpochMilli(1234);
        assertEquals(new PartInfo(3, "ab", 7, t), MultipartOps.decodePart(3,
                MultipartOps.encodePart("ab", 7, t, Map.of())));
        assertEquals(new PartInfo(3, "ab", 7, t, Map.of("x-amz-checksum-sha256", "a+b/c==")),
                MultipartOps.decodePart(3, MultipartOps.encodePart("ab", 7, t, Map.of("x-amz-checksum-sha256",
                        "a+b/c=="))));
        assertEquals(new PartInfo(3, "ab", 7, t), MultipartOps.decodePart(3,
                "v1\nab\n7\n1234\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "records written before v2");
    }
}
