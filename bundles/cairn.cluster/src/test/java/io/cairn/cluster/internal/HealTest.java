/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult.Outcome;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FormatInfo;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * Healing single objects and buckets on a real four-drive set (EC 2+2) with small blocks: every kind of damage is
 * made on disk, healed, and the healed drive must then serve the object on its own together with one other drive.
 */
class HealTest {

    private static final long SEED = 7007L;

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private ClusterHealer healer;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void open(int setSize, EngineConfig config) throws Exception {
        cluster = new TestCluster(tmp, 1, setSize, config, UnaryOperator.identity(), UUID.randomUUID().toString());
        healer = new ClusterHealer(cluster.layer);
        cluster.layer.makeBucket("bkt", null);
    }

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads the object with only the given drives online. */
    private byte[] readWith(String key, int... online) throws Exception {
        return cluster.getWith("bkt", key, online);
    }

    private Path objectDir(int drive, String key) {
        return cluster.dirs.get(drive).resolve("bkt").resolve(key);
    }

    private List<Path> files(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(name)).sorted().toList();
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x5A;
        Files.write(file, b);
    }

    @Test
    void missingCopyIsRebuiltAndServesAlone() throws Exception {
        open(4, TestCluster.small());
        byte[] body = data(300_000, SEED);
        cluster.put("bkt", "dir/obj", body);
        deleteTree(objectDir(0, "dir/obj"));

        HealResult r = healer.healObject("bkt", "dir/obj", HealOptions.NORMAL);
        assertEquals(Outcome.HEALED, r.outcome(), r.toString());
        assertEquals(List.of(DriveHealState.MISSING, DriveHealState.OK, DriveHealState.OK, DriveHealState.OK),
                r.before());
        assertEquals(1, r.drivesHealed());
        assertTrue(r.bytesWritten() > 300_000 / 2, r.toString());
        assertArrayEquals(body, readWith("dir/obj", 0, 1));
        assertArrayEquals(body, readWith("dir/obj", 0, 3));
        assertEquals(Outcome.HEALTHY, healer.healObject("bkt", "dir/obj", HealOptions.DEEP).outcome());
        assertEquals(0, cluster.tempFiles());
    }

    @Test
    void aHealWhoseFinishFailsLogsTheObjectAndTheDrive() throws Exception {
        open(4, TestCluster.small());
        cluster.put("bkt", "obj", data(40_000, SEED + 40));
        cluster.drives.get(3).offline = true;
        cluster.put("bkt", "obj", data(40_000, SEED + 41));
        cluster.drives.get(3).offline = false;
        // The heal replaces drive 3's stale copy; the finish that drops the replaced one fails.
        cluster.drives.get(3).failFinishCommit = true;
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8)); // slf4j-simple writes there
        try {
            assertEquals(Outcome.HEALED, healer.healObject("bkt", "obj", HealOptions.NORMAL).outcome());
        } finally {
            System.setErr(saved);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN") && log.contains("commit of bkt/obj after a heal failed on drive "
                + cluster.drives.get(3).endpoint()), log);
    }

    @Test
    void corruptShardIsFoundByADeepHealOnly() throws Exception {
        open(4, TestCluster.small());
        byte[] body = data(200_000, SEED + 1);
        cluster.put("bkt", "obj", body);
        Path part = files(objectDir(2, "obj"), "part.1").get(0);
        flip(part, Files.size(part) / 2);

        assertEquals(Outcome.HEALTHY, healer.healObject("bkt", "obj", HealOptions.NORMAL).outcome());
        HealResult deep = healer.healObject("bkt", "obj", HealOptions.DEEP);
        assertEquals(Outcome.HEALED, deep.outcome(), deep.toString());
        assertEquals(1, deep.count(DriveHealState.CORRUPT));
        assertEquals(DriveHealState.CORRUPT, deep.before().get(2));
        assertEquals(Outcome.HEALTHY, healer.healObject("bkt", "obj", HealOptions.DEEP).outcome());
        assertArrayEquals(body, readWith("obj", 2, 0));
    }

    @Test
    void truncatedShardFileIsFoundByANormalHeal() throws Exception {
        open(4, TestCluster.small());
        byte[] body = data(150_000, SEED + 2);
        cluster.put("bkt", "obj", body);
        Path part = files(objectDir(1, "obj"), "part.1").get(0);
        byte[] b = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(b, b.length - 10));

        HealResult r = healer.healObject("bkt", "obj", HealOptions.NORMAL);
        assertEquals(Outcome.HEALED, r.outcome(), r.toString());
        assertEquals(DriveHealState.CORRUPT, r.before().get(1));
        assertArrayEquals(body, readWith("obj", 1, 3));
    }

    @Test
    void corruptInlineMetadataIsRebuilt() throws Exception {
        open(4, TestCluster.small());
        byte[] body = data(3_000, SEED + 3);
        cluster.put("bkt", "small", body);
        Path meta = files(objectDir(3, "small"), "__cairn.meta").get(0);
        flip(meta, Files.size(meta) - 40);

        HealResult r = healer.healObject("bkt", "small", HealOptions.NORMAL);
        assertEquals(Outcome.HEALED, r.outcome(), r.toString());
        assertEquals(DriveHealState.CORRUPT, r.before().get(3));
        assertArrayEquals(body, readWith("small", 3, 0));
        assertEquals(Outcome.HEALTHY, healer.healObject("bkt", "small", HealOptions.DEEP).outcome());
    }

    @Test
    void staleVersionIsReplacedAndMissedDeleteIsApplied() throws Exception {
        open(4, TestCluster.small());
        byte[] v1 = data(100_000, SEED + 4);
        byte[] v2 = data(120_000, SEED + 5);
        cluster.put("bkt", "a", v1);
        cluster.put("bkt", "b", v1);
        cluster.drives.get(3).offline = true;
        cluster.put("bkt", "a", v2);
        cluster.layer.deleteObject("bkt", "b");
        cluster.drives.get(3).offline = false;

        HealResult stale = healer.healObject("bkt", "a", HealOptions.NORMAL);
        assertEquals(Outcome.HEALED, stale.outcome(), stale.toString());
        assertEquals(DriveHealState.STALE, stale.before().get(3));
        assertArrayEquals(v2, readWith("a", 3, 1));
        assertEquals(1, files(objectDir(3, "a"), "__cairn.d.").size(), "the old data directory is gone");

        HealResult deleted = healer.healObject("bkt", "b", HealOptions.NORMAL);
        assertEquals(Outcome.DELETED, deleted.outcome(), deleted.toString());
        assertFalse(Files.exists(objectDir(3, "b")));
        assertEquals(Outcome.NOT_FOUND, healer.healObject("bkt", "b", HealOptions.NORMAL).outcome());
    }

    @Test
    void multipartObjectIsHealedPartByPart() throws Exception {
        open(4, TestCluster.small());
        byte[] p1 = data((5 << 20) + 1, SEED + 6);
        byte[] p2 = data(90_000, SEED + 7);
        String upload = cluster.layer.newMultipartUpload("bkt", "mp", PutOptions.DEFAULT);
        String e1 = cluster.layer.putObjectPart("bkt", "mp", upload, 1, new ByteArrayInputStream(p1), p1.length,
                PartOptions.DEFAULT).etag();
        String e2 = cluster.layer.putObjectPart("bkt", "mp", upload, 2, new ByteArrayInputStream(p2), p2.length,
                PartOptions.DEFAULT).etag();
        cluster.layer.completeMultipartUpload("bkt", "mp", upload, List.of(new CompletePart(1, e1),
                new CompletePart(2, e2)), PutOptions.DEFAULT);
        Path part2 = files(objectDir(0, "mp"), "part.2").get(0);
        flip(part2, 20);
        deleteTree(objectDir(1, "mp"));

        HealResult r = healer.healObject("bkt", "mp", HealOptions.DEEP);
        assertEquals(Outcome.HEALED, r.outcome(), r.toString());
        assertEquals(2, r.drivesHealed());
        byte[] whole = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, whole, 0, p1.length);
        System.arraycopy(p2, 0, whole, p1.length, p2.length);
        assertArrayEquals(whole, readWith("mp", 0, 1));
    }

    @Test
    void danglingObjectIsRemovedOnlyWhenAllowed() throws Exception {
        open(6, TestCluster.small().withParity(1, 1));
        byte[] body = data(80_000, SEED + 8);
        cluster.put("bkt", "d", body);
        deleteTree(objectDir(0, "d"));
        deleteTree(objectDir(1, "d"));

        HealResult r = healer.healObject("bkt", "d", HealOptions.NORMAL);
        assertEquals(Outcome.DANGLING, r.outcome(), r.toString());
        assertEquals("4 of 6 drives hold it intact, 5 needed to read it", r.detail());
        assertTrue(Files.exists(objectDir(2, "d")));
        cluster.drives.get(0).offline = true;
        assertEquals(Outcome.SKIPPED, healer.healObject("bkt", "d", new HealOptions(false, true)).outcome(),
                "never removed while a drive that may hold it is offline");
        cluster.drives.get(0).offline = false;
        HealResult removed = healer.healObject("bkt", "d", new HealOptions(false, true));
        assertEquals(Outcome.DANGLING_REMOVED, removed.outcome(), removed.toString());
        for (int i = 0; i < 6; i++) {
            assertFalse(Files.exists(objectDir(i, "d")), "drive " + i);
        }
    }

    @Test
    void bucketIsRecreatedOnADriveThatLostIt() throws Exception {
        open(4, TestCluster.small());
        deleteTree(cluster.dirs.get(2).resolve("bkt"));
        HealResult r = healer.healBucket("bkt");
        assertEquals(Outcome.HEALED, r.outcome(), r.toString());
        assertTrue(Files.isDirectory(cluster.dirs.get(2).resolve("bkt")));
        assertEquals(Outcome.HEALTHY, healer.healBucket("bkt").outcome());
        assertEquals(List.of("bkt"), healer.buckets());
    }

    /**
     * Replaces a drive by an empty one formatted for its slot and under a drive heal: marked fresh, or carrying the
     * heal's tracker.
     */
    private void replaceUnderHeal(int i, String mark) throws Exception {
        FaultyDrive d = cluster.drives.get(i);
        FormatInfo old = d.inner.format();
        deleteTree(cluster.dirs.get(i));
        Files.createDirectories(cluster.dirs.get(i));
        d.inner = new LocalDriveFactory().open(cluster.dirs.get(i).toString(), new FormatInfo(old.formatVersion(),
                old.deploymentId(), UUID.randomUUID().toString(), old.pool(), old.set(), old.position(),
                old.setCount(), old.setSize()));
        d.writeAll(Drive.SYSTEM_VOLUME, ClusterHealer.STATE_DIR + mark, new byte[0]);
    }

    @Test
    void drivesUnderHealGetTheBucketsAndObjectsTheyLackInsteadOfDeletes() throws Exception {
        open(4, TestCluster.small());
        byte[] body = data(90_000, SEED + 9);
        cluster.put("bkt", "a", body);
        cluster.drives.get(1).offline = true;
        cluster.layer.makeBucket("empty", null);
        cluster.drives.get(1).offline = false;
        replaceUnderHeal(2, DriveInventory.FRESH_DRIVE_STATE);
        replaceUnderHeal(3, DriveInventory.DRIVE_HEAL_STATE);

        HealResult bucket = healer.healBucket("bkt");
        assertEquals(Outcome.HEALED, bucket.outcome(), bucket.toString());
        HealResult empty = healer.healBucket("empty");
        assertEquals(Outcome.HEALED, empty.outcome(), "held by the one drive that can tell, missed by one: "
                + empty);
        for (int i = 0; i < 4; i++) {
            assertTrue(Files.isDirectory(cluster.dirs.get(i).resolve("empty")), "drive " + i);
        }
        HealResult object = healer.healObject("bkt", "a", HealOptions.NORMAL);
        assertEquals(Outcome.HEALED, object.outcome(), object.toString());
        assertEquals(2, object.drivesHealed());
        assertArrayEquals(body, readWith("a", 2, 3));
    }

    @Test
    void aDanglingObjectsDetailCountsDamagedCopiesApart() throws Exception {
        open(6, TestCluster.small().withParity(1, 1));
        byte[] body = data(3_000, SEED + 11);
        cluster.put("bkt", "dc", body);
        deleteTree(objectDir(0, "dc"));
        deleteTree(objectDir(1, "dc"));
        Path meta = files(objectDir(2, "dc"), "__cairn.meta").get(0);
        flip(meta, Files.size(meta) - 40);

        HealResult r = healer.healObject("bkt", "dc", HealOptions.NORMAL);
        assertEquals(Outcome.DANGLING, r.outcome(), r.toString());
        assertEquals(DriveHealState.CORRUPT, r.before().get(2));
        assertEquals("3 of 6 drives hold it intact and 1 a corrupt or older copy, 5 needed to read it", r.detail());
    }

    @Test
    void anObjectDrivesUnderHealLackIsNoMissedDelete() throws Exception {
        open(6, TestCluster.small().withParity(1, 1));
        byte[] body = data(80_000, SEED + 10);
        cluster.put("bkt", "d", body);
        for (int i = 0; i < 5; i++) {
            replaceUnderHeal(i, i % 2 == 0 ? DriveInventory.FRESH_DRIVE_STATE : DriveInventory.DRIVE_HEAL_STATE);
        }
        assertEquals(Outcome.HEALED, healer.healBucket("bkt").outcome());

        HealResult r = healer.healObject("bkt", "d", HealOptions.NORMAL);
        assertEquals(Outcome.DANGLING, r.outcome(), r.toString());
        assertTrue(Files.exists(objectDir(5, "d")), "the last copy is kept");
        healer.deleteState(0, 0, 0, DriveInventory.FRESH_DRIVE_STATE);
        healer.deleteState(0, 0, 1, DriveInventory.DRIVE_HEAL_STATE);
        healer.deleteState(0, 0, 2, DriveInventory.FRESH_DRIVE_STATE);
        assertEquals(Outcome.DANGLING, healer.healObject("bkt", "d", HealOptions.NORMAL).outcome(),
                "two drives are still under heal");
        healer.deleteState(0, 0, 3, DriveInventory.DRIVE_HEAL_STATE);
        healer.deleteState(0, 0, 4, DriveInventory.FRESH_DRIVE_STATE);
        assertEquals(Outcome.DELETED, healer.healObject("bkt", "d", HealOptions.NORMAL).outcome(),
                "once healed, drives that lack it are evidence of a delete again");
    }

    @Test
    void scanFindsNamesAnyDriveHoldsAndStateFilesRoundTrip() throws Exception {
        open(4, TestCluster.small());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = String.format("k/%03d", i);
            keys.add(key);
            cluster.put("bkt", key, data(100 + i, SEED + i));
        }
        for (int d = 0; d < 3; d++) {
            deleteTree(objectDir(d, "k/007"));
        }
        List<String> seen = new ArrayList<>();
        String after = "";
        while (true) {
            List<ScanEntry> page = healer.scan(0, 0, "bkt", "k/", after, 10);
            page.forEach(e -> seen.add(e.key()));
            if (page.size() < 10) {
                break;
            }
            after = page.get(page.size() - 1).key();
        }
        assertEquals(keys, seen);
        assertTrue(healer.writeState(0, 0, 1, "tracker.bin", new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, healer.readState(0, 0, 1, "tracker.bin").orElseThrow());
        assertTrue(healer.readState(0, 0, 2, "tracker.bin").isEmpty());
        healer.deleteState(0, 0, 1, "tracker.bin");
        assertTrue(healer.readState(0, 0, 1, "tracker.bin").isEmpty());
        assertEquals(keys.size(), cluster.layer.listObjects("bkt", new io.cairn.api.object.ListRequest("", "", "",
                1000)).objects().size() + 1, "the state file is not an object and k/007 is below list quorum");
        assertTrue(Files.isDirectory(cluster.dirs.get(1).resolve(Drive.SYSTEM_VOLUME)));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
