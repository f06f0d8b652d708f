/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Topology;
import io.cairn.erasure.rs.PortableReedSolomon;
import io.cairn.erasure.rs.Xxh3Checksum;
import io.cairn.lock.internal.LocalLockService;
import io.cairn.storage.internal.LocalDriveFactory;

class BootstrapTest {

    @TempDir
    Path tmp;

    @Test
    void formatsFreshDrivesAndKeepsTheDeploymentIdAcrossRestarts() throws Exception {
        Topology t = Topology.parse(List.of(tmp.resolve("d{1...4}").toString()));
        Bootstrap.Result first = Bootstrap.open(t, new LocalDriveFactory(), n -> FormatQuorum.readQuorum(-1, n));
        assertEquals(4, first.online());
        assertEquals(0, first.offline());
        for (Drive d : first.pools().get(0).get(0)) {
            assertFalse(hasFreshNote(d), "a new deployment's drives need no heal");
        }
        Bootstrap.Result second = Bootstrap.open(t, new LocalDriveFactory(), n -> FormatQuorum.readQuorum(-1, n));
        assertEquals(first.deploymentId(), second.deploymentId());
        List<Drive> set = second.pools().get(0).get(0);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, set.get(i).format().position());
            assertEquals(first.deploymentId(), set.get(i).format().deploymentId());
        }
    }

    @Test
    void foreignAndReplacedDrivesAreOfflineAndAFreshOneIsFormatted() throws Exception {
        Topology t = Topology.parse(List.of(tmp.resolve("d{1...4}").toString()));
        Bootstrap.Result first = Bootstrap.open(t, new LocalDriveFactory(), n -> FormatQuorum.readQuorum(-1, n));
        Path d2 = tmp.resolve("d2");
        try (var s = Files.walk(d2)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.createDirectories(tmp.resolve("d3").resolve("stranger"));
        Files.delete(tmp.resolve("d3").resolve(".cairn.format.json"));
        Bootstrap.Result second = Bootstrap.open(t, new LocalDriveFactory(), n -> FormatQuorum.readQuorum(-1, n));
        assertEquals(first.deploymentId(), second.deploymentId());
        assertEquals(3, second.online(), "the emptied drive is formatted again");
        assertEquals(1, second.offline(), "the drive without format but with content is refused");
        List<Drive> set = second.pools().get(0).get(0);
        assertTrue(set.get(1).diskInfo().online());
        assertTrue(hasFreshNote(set.get(1)), "the re-formatted drive carries the note for healing");
        assertFalse(hasFreshNote(set.get(0)));
        assertFalse(set.get(2).diskInfo().online());
        assertTrue(set.get(2).diskInfo().error().contains("not a Cairn drive"), set.get(2).diskInfo().error());

        // Unreadable at run time (replaced by a file), then restored: the reconnect brings it back.
        Path d4 = tmp.resolve("d4");
        Path aside = tmp.resolve("d4-aside");
        Files.move(d4, aside);
        Files.writeString(d4, "not a directory");
        assertFalse(set.get(3).diskInfo().online());
        assertEquals(0, Bootstrap.reconnect(second.pools()));
        Files.delete(d4);
        Files.move(aside, d4);
        assertEquals(1, Bootstrap.reconnect(second.pools()));
        assertTrue(set.get(3).diskInfo().online());
        assertEquals(3, set.get(3).format().position());
        // The refused drive stays offline: it is not a Cairn drive and is never formatted at run time.
        assertFalse(set.get(2).diskInfo().online());
    }

    @Test
    void aLocalDriveThatGoesOfflineAtRunTimeIsReportedOnceAndWithItsCurrentReason() throws Exception {
        Topology t = Topology.parse(List.of(tmp.resolve("d{1...4}").toString()));
        Bootstrap.Result r = open(t);
        List<Drive> set = r.pools().get(0).get(0);
        ReconnectingDrive d2 = (ReconnectingDrive) set.get(1);
        Path dir = tmp.resolve("d2");
        Path aside = tmp.resolve("d2.old");

        // Moved away: the drive's folder is missing; the next attempts find it as it was.
        Files.move(dir, aside);
        assertEquals(ReconnectingDrive.Change.OFFLINE, d2.reconnect());
        assertTrue(d2.offlineReason().contains("missing"), d2.offlineReason());
        assertEquals(ReconnectingDrive.Change.NONE, d2.reconnect());

        // A folder with leftovers where the drive was: refused, which is a new reason, reported once as well.
        Files.createDirectories(dir.resolve("leftover"));
        Files.writeString(dir.resolve("leftover").resolve("f"), "x");
        assertEquals(ReconnectingDrive.Change.OFFLINE, d2.reconnect());
        assertTrue(d2.offlineReason().contains("not a Cairn drive"), d2.offlineReason());
        assertTrue(d2.diskInfo().error().contains("not a Cairn drive"), "what cairn:info shows");
        for (int i = 0; i < 3; i++) {
            assertEquals(ReconnectingDrive.Change.NONE, d2.reconnect());
        }
        for (Drive other : List.of(set.get(0), set.get(2), set.get(3))) {
            assertEquals(ReconnectingDrive.Change.NONE, ((ReconnectingDrive) other).reconnect(), "never offline");
        }

        // Put back: the drive is reopened and back online, once.
        deleteTree(dir);
        Files.move(aside, dir);
        assertEquals(ReconnectingDrive.Change.BACK_ONLINE, d2.reconnect());
        assertEquals(null, d2.offlineReason());
        assertEquals(ReconnectingDrive.Change.NONE, d2.reconnect());
        assertTrue(d2.diskInfo().online());
    }

    @Test
    void aLocalDriveRestoredBeforeItWasReopenedCountsAsBackAndARefusalShowsItsCurrentReason() throws Exception {
        Topology t = Topology.parse(List.of(tmp.resolve("d{1...4}").toString()));
        Bootstrap.Result r = open(t);
        Drive d2 = r.pools().get(0).get(0).get(1);
        Path dir = tmp.resolve("d2");
        Path aside = tmp.resolve("d2.old");

        // Missing, then put back: the drive reports itself online again without being reopened.
        Files.move(dir, aside);
        assertEquals(0, Bootstrap.reconnect(r.pools()));
        assertFalse(d2.diskInfo().online());
        Files.move(aside, dir);
        assertEquals(1, Bootstrap.reconnect(r.pools()), "the drive that came back counts");
        assertEquals(0, Bootstrap.reconnect(r.pools()));

        // Replaced by a file, then by a folder with leftovers: the drive shows why it is refused now.
        Files.move(dir, aside);
        Files.writeString(dir, "not a directory");
        assertEquals(0, Bootstrap.reconnect(r.pools()));
        assertTrue(d2.diskInfo().error().contains("not a directory"), d2.diskInfo().error());
        Files.delete(dir);
        Files.createDirectories(dir.resolve("leftover"));
        assertEquals(0, Bootstrap.reconnect(r.pools()));
        assertTrue(d2.diskInfo().error().contains("not a Cairn drive"), d2.diskInfo().error());
    }

    @Test
    void aSetWithFewerFormattedDrivesThanItsReadQuorumLeavesItsEmptyDrivesUnformatted() throws Exception {
        Topology t = twoPools();
        Bootstrap.Result first = open(t);
        assertEquals(8, first.online());
        holdAnObject(1);
        // Three of pool 2's four drives unmounted: their mount points are empty directories.
        for (int i = 2; i <= 4; i++) {
            Files.move(tmp.resolve("p2").resolve("d" + i), tmp.resolve("p2-real-d" + i));
            Files.createDirectories(tmp.resolve("p2").resolve("d" + i));
        }
        Bootstrap.Result second = open(t);
        assertEquals(first.deploymentId(), second.deploymentId());
        assertEquals(5, second.online());
        assertEquals(3, second.offline());
        List<Drive> set = second.pools().get(1).get(0);
        assertTrue(set.get(0).diskInfo().online());
        for (int i = 1; i < 4; i++) {
            assertFalse(set.get(i).diskInfo().online());
            assertTrue(set.get(i).diskInfo().error().contains("read quorum"), set.get(i).diskInfo().error());
            assertEmpty(tmp.resolve("p2").resolve("d" + (i + 1)));
        }

        // The healing service's fresh-drive check is refused too, while the set lacks a read quorum.
        ClusterHealer healer = new ClusterHealer(layer(second));
        assertFalse(healer.formatFresh(1, 0, 1));
        assertEmpty(tmp.resolve("p2").resolve("d2"));
        assertEquals(0, Bootstrap.reconnect(second.pools()));

        // Remounted: the real drives come back with the reconnect.
        for (int i = 2; i <= 4; i++) {
            Files.delete(tmp.resolve("p2").resolve("d" + i));
            Files.move(tmp.resolve("p2-real-d" + i), tmp.resolve("p2").resolve("d" + i));
        }
        assertEquals(3, Bootstrap.reconnect(second.pools()));
        for (int i = 0; i < 4; i++) {
            assertEquals(i, set.get(i).format().position());
            assertFalse(hasFreshNote(set.get(i)));
        }
    }

    @Test
    void aSetWithAReadQuorumOfFormattedDrivesFormatsItsEmptyOnesAndANewPoolIsFormattedWhole() throws Exception {
        Topology onePool = Topology.parse(List.of(tmp.resolve("p1").resolve("d{1...4}").toString()));
        Bootstrap.Result first = open(onePool);
        // Pool expansion: the new pool's drives are all empty.
        Bootstrap.Result expanded = open(twoPools());
        assertEquals(first.deploymentId(), expanded.deploymentId());
        assertEquals(8, expanded.online());
        // Two of pool 2's drives emptied: two formatted drives are a read quorum of EC 2+2.
        for (int i = 3; i <= 4; i++) {
            deleteTree(tmp.resolve("p2").resolve("d" + i));
            Files.createDirectories(tmp.resolve("p2").resolve("d" + i));
        }
        Bootstrap.Result third = open(twoPools());
        assertEquals(8, third.online());
        List<Drive> set = third.pools().get(1).get(0);
        assertTrue(hasFreshNote(set.get(2)), "the re-formatted drive carries the note for healing");
        assertTrue(hasFreshNote(set.get(3)));
    }

    @Test
    void aSetWhoseOtherDrivesHoldNoObjectFormatsItsEmptyDrives() throws Exception {
        // A first start interrupted after formatting one drive: the set has nothing to lose.
        Bootstrap.Result first = open(twoPools());
        for (int i = 2; i <= 4; i++) {
            deleteTree(tmp.resolve("p2").resolve("d" + i));
            Files.createDirectories(tmp.resolve("p2").resolve("d" + i));
        }
        Bootstrap.Result second = open(twoPools());
        assertEquals(first.deploymentId(), second.deploymentId());
        assertEquals(8, second.online());
    }

    @Test
    void aSetWhoseOnlyFormattedDriveCannotBeReadLeavesItsEmptyDrivesUnformatted() throws Exception {
        open(twoPools());
        for (int i = 2; i <= 4; i++) {
            deleteTree(tmp.resolve("p2").resolve("d" + i));
            Files.createDirectories(tmp.resolve("p2").resolve("d" + i));
        }
        // Pool 2's one formatted drive does not answer: the pool may hold objects, so its empty drives wait.
        String unreadable = tmp.resolve("p2").resolve("d1").toString();
        DriveFactory factory = new DriveFactory() {
            private final LocalDriveFactory local = new LocalDriveFactory();

            @Override
            public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
                if (endpoint.equals(unreadable)) {
                    throw new DriveException(DriveException.Reason.OFFLINE, "I/O error");
                }
                return local.readFormat(endpoint);
            }

            @Override
            public Drive open(String endpoint, FormatInfo expected) throws DriveException {
                if (endpoint.equals(unreadable)) {
                    throw new DriveException(DriveException.Reason.OFFLINE, "I/O error");
                }
                return local.open(endpoint, expected);
            }
        };
        Bootstrap.Result r = Bootstrap.open(twoPools(), factory, n -> FormatQuorum.readQuorum(-1, n));
        assertEquals(4, r.online());
        for (int i = 2; i <= 4; i++) {
            assertEmpty(tmp.resolve("p2").resolve("d" + i));
        }
    }

    /** Leaves an object's directory on the first drive of a pool, in a bucket. */
    private void holdAnObject(int pool) throws Exception {
        Files.createDirectories(tmp.resolve("p" + (pool + 1)).resolve("d1").resolve("bucket").resolve("key"));
    }

    private Topology twoPools() {
        return Topology.parse(List.of(tmp.resolve("p1").resolve("d{1...4}").toString(),
                tmp.resolve("p2").resolve("d{1...4}").toString()));
    }

    private static Bootstrap.Result open(Topology t) {
        return Bootstrap.open(t, new LocalDriveFactory(), n -> FormatQuorum.readQuorum(-1, n));
    }

    private static ObjectLayer layer(Bootstrap.Result r) {
        ExecutorService io = Executors.newCachedThreadPool();
        PortableReedSolomon codec = new PortableReedSolomon();
        Xxh3Checksum checksum = new Xxh3Checksum();
        DamageCounter damage = new DamageCounter(() -> null);
        Engine engine = new Engine(io, () -> codec, () -> checksum, new LocalLockService(), EngineConfig.DEFAULT,
                damage, new Placement(r.deploymentId()), BufferPool.forHeap(), MemoryBudget.forHeap());
        return new ObjectLayer(r.deploymentId(), r.pools(), engine, damage);
    }

    private static void assertEmpty(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "nothing is written to " + dir);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean hasFreshNote(Drive d) {
        try {
            d.readAll(Drive.SYSTEM_VOLUME, ClusterHealer.STATE_DIR + DriveInventory.FRESH_DRIVE_STATE);
            return true;
        } catch (io.cairn.api.storage.DriveException e) {
            return false;
        }
    }
}
