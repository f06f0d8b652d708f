/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.PartMeta;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;
import io.cairn.storage.internal.LocalDriveFactory;

/** Every {@link Drive} method through a remote drive, checked against the local drive underneath. */
class RemoteDriveTest {

    static final FormatInfo FORMAT = new FormatInfo(1, "dep-1", "drive-0", 0, 0, 0, 1, 2);

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private Drive remote;
    private Drive local;
    private String endpoint;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(2, 1, tmp, Map.of("callTimeoutMs", 5_000L));
        endpoint = cluster.endpoint(0, 0, tmp);
        HttpPeerTransport client = cluster.transports.get(1);
        assertEquals(Optional.empty(), client.readFormat(endpoint));
        remote = client.open(endpoint, FORMAT);
        local = new LocalDriveFactory().open(tmp.resolve("n0").resolve("d0").toString(), FORMAT);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    static FileInfo info(String dataDir, long size, byte[] inline) {
        return new FileInfo("null", dataDir, Instant.ofEpochSecond(1700000000, 123456789), size, "etag-" + size,
                "STANDARD", Map.of("content-type", "text/plain", "x-amz-meta-Foo", "Bär"),
                new ErasureLayout("rs-v1", "xxh-v1", 1, 1, 1 << 20, 1, List.of(0, 1)),
                List.of(new PartMeta(1, size, "etag-" + size, Instant.ofEpochMilli(1700000000123L))), inline);
    }

    @Test
    void formatDiskInfoAndReadFormat() throws Exception {
        assertEquals(FORMAT, remote.format());
        assertEquals(endpoint, remote.endpoint());
        DiskInfo disk = remote.diskInfo();
        assertTrue(disk.online(), disk.error());
        assertEquals(endpoint, disk.endpoint());
        assertTrue(disk.totalBytes() > 0);
        assertEquals(Optional.of(FORMAT), cluster.transports.get(1).readFormat(endpoint));
        DriveException foreign = assertThrows(DriveException.class, () -> cluster.transports.get(1).open(endpoint,
                new FormatInfo(1, "dep-2", "x", 0, 0, 0, 1, 2)));
        assertEquals(Reason.FOREIGN_FORMAT, foreign.reason());
    }

    @Test
    void aStreamReadsAheadByItsWindowALocalDriveNot() {
        // What a GET reserves per open shard stream: a remote transfer receives up to its window unread.
        assertEquals((long) TestConfig.rpc(Map.of()).streamWindowBytes(), remote.readAheadBytes());
        assertEquals(0, local.readAheadBytes());
    }

    @Test
    void volumes() throws Exception {
        remote.makeVolume("b1");
        remote.makeVolume("b0");
        assertEquals(Reason.VOLUME_EXISTS, assertThrows(DriveException.class, () -> remote.makeVolume("b1")).reason());
        assertEquals(List.of("b0", "b1"), remote.listVolumes().stream().map(VolumeInfo::name).toList());
        assertEquals(local.statVolume("b1"), remote.statVolume("b1"));
        assertEquals(Reason.VOLUME_NOT_FOUND, assertThrows(DriveException.class,
                () -> remote.statVolume("nope")).reason());
        remote.commitObject(Drive.TEMP_VOLUME, null, "b1", "k", info(null, 1, new byte[] {7}));
        assertEquals(Reason.VOLUME_NOT_EMPTY, assertThrows(DriveException.class,
                () -> remote.deleteVolume("b1", false)).reason());
        remote.deleteVolume("b1", true);
        remote.deleteVolume("b0", false);
        assertEquals(List.of(), local.listVolumes());
    }

    @Test
    void filesStreamedBothWaysWithRanges() throws Exception {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "up/part.1")) {
            out.write(data, 0, 1000);
            out.write(data[1000]);
            out.write(data, 1001, data.length - 1001);
        }
        try (InputStream in = local.readFile(Drive.TEMP_VOLUME, "up/part.1", 0, -1)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "up/part.1", 0, -1)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "up/part.1", 70_000, 100_000)) {
            byte[] expected = new byte[100_000];
            System.arraycopy(data, 70_000, expected, 0, expected.length);
            assertArrayEquals(expected, in.readAllBytes());
        }
        assertEquals(Reason.CORRUPT, assertThrows(DriveException.class,
                () -> remote.readFile(Drive.TEMP_VOLUME, "up/part.1", 10, data.length)).reason());
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> remote.readFile(Drive.TEMP_VOLUME, "up/none", 0, -1)).reason());
        try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "up/empty")) {
            assertTrue(out != null);
        }
        try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "up/empty", 0, -1)) {
            assertEquals(0, in.readAllBytes().length);
        }
    }

    @Test
    void invalidNamesAreRefusedByThePeer() throws Exception {
        DriveException e = assertThrows(DriveException.class, () -> {
            try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "../escape")) {
                out.write(new byte[10]);
            }
        });
        assertEquals(Reason.INVALID_NAME, e.reason(), e.getMessage());
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> remote.writeAll("b", "a/../../x", new byte[1])).reason());
        assertFalse(Files.exists(tmp.resolve("n0").resolve("escape")));
    }

    @Test
    void smallFilesRenameDeleteAndListDir() throws Exception {
        remote.makeVolume("b");
        remote.writeAll("b", "cfg/a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), local.readAll("b", "cfg/a.json"));
        assertArrayEquals(local.readAll("b", "cfg/a.json"), remote.readAll("b", "cfg/a.json"));
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> remote.readAll("b", "cfg/none")).reason());
        remote.renameFile("b", "cfg/a.json", "b", "cfg/sub/b.json");
        assertEquals(List.of("sub/"), remote.listDir("b", "cfg", 10));
        assertEquals(local.listDir("b", "cfg/sub", 10), remote.listDir("b", "cfg/sub", 10));
        assertEquals(List.of(), remote.listDir("b", "nothing", 10));
        remote.delete("b", "cfg", true);
        assertEquals(List.of(), local.listDir("b", "", 10));
    }

    @Test
    void objectsCommitReadUpdateWalkAndDelete() throws Exception {
        remote.makeVolume("b");
        String dataDir = "0b9c7a4e-6d7c-4f59-9d0a-2d8c7f1e0a11";
        byte[] shard = "shard-bytes".getBytes(StandardCharsets.UTF_8);
        writeShard(dataDir, shard);
        remote.commitObject(Drive.TEMP_VOLUME, "t1/" + dataDir, "b", "photos/a.jpg", info(dataDir, 11, null));
        assertEquals(info(dataDir, 11, null), remote.readMetadata("b", "photos/a.jpg", true));
        assertEquals(local.readMetadata("b", "photos/a.jpg", false), remote.readMetadata("b", "photos/a.jpg", false));
        try (InputStream in = remote.readShard("b", "photos/a.jpg", dataDir, 1, 6, 5)) {
            assertArrayEquals("bytes".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        assertEquals(Reason.CORRUPT, assertThrows(DriveException.class,
                () -> remote.readShard("b", "photos/a.jpg", dataDir, 1, 6, 50)).reason());
        FileInfo updated = info(dataDir, 11, null).withMetadata(Map.of("x-amz-meta-new", "1"),
                Instant.ofEpochSecond(1800000000));
        remote.writeMetadata("b", "photos/a.jpg", updated);
        assertEquals(updated, local.readMetadata("b", "photos/a.jpg", false));

        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "photos/b.txt", info(null, 3, new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, remote.readMetadata("b", "photos/b.txt", true).inlineData());
        assertNull(remote.readMetadata("b", "photos/b.txt", false).inlineData());
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "top.txt", info(null, 0, new byte[0]));

        List<WalkEntry> all = remote.walk("b", "", "", true, 100);
        assertEquals(List.of("photos/a.jpg", "photos/b.txt", "top.txt"), all.stream().map(WalkEntry::name).toList());
        assertEquals(local.walk("b", "", "", true, 100).get(0), all.get(0));
        List<WalkEntry> level = remote.walk("b", "", "", false, 100);
        assertEquals(List.of("photos/", "top.txt"), level.stream().map(WalkEntry::name).toList());
        assertTrue(level.get(0).isPrefix());
        assertEquals(List.of("photos/b.txt"), remote.walk("b", "photos/", "photos/a.jpg", true, 100).stream()
                .map(WalkEntry::name).toList());
        assertEquals(1, remote.walk("b", "", "", true, 1).size());

        remote.deleteObject("b", "photos/a.jpg");
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> local.readMetadata("b", "photos/a.jpg", false)).reason());
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> remote.deleteObject("b", "photos/a.jpg")).reason());
        assertEquals(Reason.VOLUME_NOT_FOUND, assertThrows(DriveException.class,
                () -> remote.walk("nope", "", "", true, 10)).reason());
    }

    @Test
    void drivesAreOpenedAgainAfterThePeerForgotThem() throws Exception {
        remote.makeVolume("b");
        // The peer's local drive factory was replaced (or the peer restarted): its open drives are gone.
        cluster.handlers.get(0).setLocalDrives(new LocalDriveFactory());
        assertEquals(List.of("b"), remote.listVolumes().stream().map(VolumeInfo::name).toList());
        cluster.handlers.get(0).setLocalDrives(new LocalDriveFactory());
        try (InputStream in = remote.readFile(".cairn.sys", "nothing", 0, -1)) {
            in.readAllBytes();
        } catch (DriveException e) {
            assertEquals(Reason.FILE_NOT_FOUND, e.reason(), e.getMessage());
        }
    }

    /** Declarative Services may bind a replacement factory before it unbinds the one it replaces. */
    @Test
    void unbindingAFactoryAfterItsReplacementWasBoundKeepsTheDrivesServed() throws Exception {
        remote.makeVolume("b");
        LocalDriveFactory replaced = new LocalDriveFactory();
        cluster.handlers.get(0).setLocalDrives(replaced);
        cluster.handlers.get(0).setLocalDrives(new LocalDriveFactory());
        cluster.handlers.get(0).unsetLocalDrives(replaced);
        assertEquals(List.of("b"), remote.listVolumes().stream().map(VolumeInfo::name).toList());
    }

    @Test
    void aDriveWipedWhileThePeerWasDownIsNotFormattedAgainFromHere() throws Exception {
        remote.makeVolume("b");
        Path root = tmp.resolve("n0").resolve("d0");
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        // The peer restarted with its disk replaced: it has not opened the drive, which holds no format.
        cluster.handlers.get(0).setLocalDrives(new LocalDriveFactory());
        assertEquals(Reason.OFFLINE, assertThrows(DriveException.class, remote::listVolumes).reason());
        assertFalse(remote.diskInfo().online());
        assertEquals(Reason.OFFLINE, assertThrows(DriveException.class,
                () -> remote.readFile(".cairn.sys", "nothing", 0, -1)).reason());
        assertFalse(Files.exists(root.resolve(".cairn.format.json")), "only the drive's own node formats it");

        // Once its node formatted it (with a new drive id), the drive is used again.
        new LocalDriveFactory().open(root.toString(), new FormatInfo(1, "dep-1", "drive-new", 0, 0, 0, 1, 2));
        assertTrue(remote.diskInfo().online());
        assertEquals(List.of(), remote.listVolumes().stream().map(VolumeInfo::name).toList());
    }

    @Test
    void onlyTheNodesOwnDrivesAreServed() throws Exception {
        String other = "http://" + cluster.nodes.get(0).node() + tmp.resolve("elsewhere");
        DriveException e = assertThrows(DriveException.class, () -> cluster.transports.get(1).open(other, FORMAT));
        assertEquals(Reason.INVALID_NAME, e.reason());
        assertFalse(Files.exists(tmp.resolve("elsewhere")));
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> cluster.transports.get(1).open("/local/path", FORMAT)).reason());
    }

    /**
     * Readers that close a stream right after the last byte they asked for (the heal scanner reads one byte of
     * each shard, a ranged GET exactly its range) must not cancel the transfer: the peer's listener closes a
     * connection on which too many streams are cancelled within a second (HTTP/2 rapid-reset protection), which
     * fails every call on it and marks the peer offline.
     */
    @Test
    void shortReadsClosedAtTheirLastByteKeepTheConnection() throws Exception {
        remote.makeVolume("b");
        String dataDir = "5f0e8d1c-3b2a-4c6d-8e9f-0a1b2c3d4e5f";
        writeShard(dataDir, "shard-bytes".getBytes(StandardCharsets.UTF_8));
        remote.commitObject(Drive.TEMP_VOLUME, "t1/" + dataDir, "b", "k", info(dataDir, 11, null));
        for (int i = 0; i < 1_000; i++) {
            try (InputStream in = remote.readShard("b", "k", dataDir, 1, 10, 1)) {
                assertEquals('s', in.read());
            }
        }
        assertTrue(cluster.transports.get(1).isOnline(cluster.nodes.get(0).node()));
    }

    @Test
    void twoPhaseCommitCalls() throws Exception {
        remote.makeVolume("b");
        String dataDir = "6a1e8d1c-3b2a-4c6d-8e9f-0a1b2c3d4e5f";
        writeShard(dataDir, "shard-bytes".getBytes(StandardCharsets.UTF_8));
        FileInfo v1 = info(dataDir, 11, null);
        remote.commitObject(Drive.TEMP_VOLUME, "t1/" + dataDir, "b", "k", v1);
        remote.finishCommit("b", "k");
        FileInfo v2 = info(null, 3, new byte[] {1, 2, 3});
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "k", v2);
        assertEquals(v2.withoutData(), local.readMetadata("b", "k", false));
        remote.undoCommit("b", "k", v2);
        assertEquals(v1.withoutData(), local.readMetadata("b", "k", false));
        try (InputStream in = remote.readShard("b", "k", dataDir, 1, 0, -1)) {
            assertArrayEquals("shard-bytes".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "k", v2);
        remote.finishCommit("b", "k");
        assertArrayEquals(new byte[] {1, 2, 3}, remote.readMetadata("b", "k", true).inlineData());
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> remote.finishCommit("b", "../k")).reason());
    }

    @Test
    void commitsReportWhetherTheyLeftAnythingToFinish() throws Exception {
        remote.makeVolume("b");
        String dataDir = "7b2f9e2d-4c3b-4d7e-9fa0-1b2c3d4e5f60";
        writeShard(dataDir, "shard-bytes".getBytes(StandardCharsets.UTF_8));
        FileInfo v1 = info(dataDir, 11, null);
        assertFalse(remote.commitObjectReporting(Drive.TEMP_VOLUME, "t1/" + dataDir, "b", "k", v1), "a new key");
        assertEquals(v1.withoutData(), local.readMetadata("b", "k", false));
        FileInfo v2 = info(null, 3, new byte[] {1, 2, 3});
        assertTrue(remote.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", "k", v2), "an overwrite");
        remote.undoCommit("b", "k", v2);
        assertEquals(v1.withoutData(), local.readMetadata("b", "k", false));
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> remote.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", "../k", v2)).reason());
    }

    /**
     * A peer of storage API 1.5 refuses the commit with a report without committing: the commit is sent as a plain
     * one, which may have kept a previous version, so it is reported as leaving something to finish.
     */
    @Test
    void commitsWithAPeerThatPredatesTheReport() throws Exception {
        cluster.handlers.get(0).serveCommitReport(false);
        remote.makeVolume("b");
        FileInfo v1 = info(null, 1, new byte[] {1});
        assertTrue(remote.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", "k", v1));
        assertEquals(v1.withoutData(), local.readMetadata("b", "k", false));
        FileInfo v2 = info(null, 2, new byte[] {2, 2});
        assertTrue(remote.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", "k", v2));
        remote.undoCommit("b", "k", v2);
        assertEquals(v1.withoutData(), local.readMetadata("b", "k", false), "the kept version comes back");
        assertTrue(remote.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", "k", v2));
        remote.finishCommit("b", "k");
        assertEquals(List.of("__cairn.meta"), names(tmp.resolve("n0").resolve("d0").resolve("b").resolve("k")));
    }

    /**
     * A peer that predates the calls ending a two-phase commit dropped the previous version when it committed:
     * finishing has nothing to do there, and undoing deletes the object, but only when it holds the committed one.
     */
    @Test
    void twoPhaseCommitWithAPeerThatPredatesIt() throws Exception {
        cluster.handlers.get(0).serveTwoPhaseCommit(false);
        remote.makeVolume("b");
        FileInfo v1 = info(null, 1, new byte[] {1});
        assertTrue(remote.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", "k", v1));
        remote.finishCommit("b", "k");
        remote.undoCommit("b", "k", info(null, 2, null));
        assertEquals(v1.withoutData(), local.readMetadata("b", "k", false), "another version is left alone");
        remote.undoCommit("b", "k", v1);
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> local.readMetadata("b", "k", false)).reason());
        remote.undoCommit("b", "k", v1);
    }

    @Test
    void walksReportWhatAFinishWouldDrop() throws Exception {
        remote.makeVolume("b");
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "k", info(null, 1, new byte[] {1}));
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "m", info(null, 1, new byte[] {1}));
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "k", info(null, 2, new byte[] {2, 2}));
        List<WalkEntry> walked = remote.walk("b", "", "", true, 10);
        assertEquals(List.of("k", "m"), walked.stream().map(WalkEntry::name).toList());
        assertEquals(List.of(true, false), walked.stream().map(WalkEntry::finishPending).toList(),
                "only k kept a version");
        assertEquals(local.walk("b", "", "", true, 10), walked);
        remote.finishCommit("b", "k");
        assertEquals(List.of(false, false), remote.walk("b", "", "", true, 10).stream()
                .map(WalkEntry::finishPending).toList());
    }

    /** A peer of storage API 1.6 refuses the walk with a report: the plain walk reports nothing to finish. */
    @Test
    void walksWithAPeerThatPredatesTheReport() throws Exception {
        cluster.handlers.get(0).serveWalkReport(false);
        remote.makeVolume("b");
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "k", info(null, 1, new byte[] {1}));
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "k", info(null, 2, new byte[] {2, 2}));
        for (int i = 0; i < 2; i++) {
            List<WalkEntry> walked = remote.walk("b", "", "", true, 10);
            assertEquals(List.of(new WalkEntry("k", local.readMetadata("b", "k", false), false)), walked);
        }
    }

    @Test
    void walksWithOrphansReportDataAFirstCommitLeftBesideNoMetadata() throws Exception {
        Path dir = startWithDrivesAheadByTenMinutes();
        remote.makeVolume("b");
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "m", info(null, 1, new byte[] {1}));
        WalkEntry m = local.walk("b", "", "", true, 10).get(0);
        // A first commit of "k" that moved its data into place and died before writing the metadata.
        Path orphan = dir.resolve("b").resolve("k").resolve("__cairn.d." + UUID.randomUUID());
        Files.createDirectories(orphan);
        List<WalkEntry> walked = remote.walkWithOrphans("b", "", "", true, 10);
        assertEquals(List.of(WalkEntry.orphan("k"), m), walked);
        assertTrue(walked.get(0).isOrphan());
        assertEquals(List.of(m), remote.walk("b", "", "", true, 10), "a plain walk reports no orphan");
        remote.finishCommit("b", "k");
        assertFalse(Files.exists(orphan.getParent()));
        assertEquals(List.of(m), remote.walkWithOrphans("b", "", "", true, 10));
    }

    /**
     * The kept version a delete of a folder marker left when a crash cut it short travels as the orphan {@code f/},
     * told from a prefix by what it reports, and the remote finish removes it.
     */
    @Test
    void walksWithOrphansReportTheKeptVersionOfAFolderMarkerWhoseDeleteACrashCutShort() throws Exception {
        Path dir = startWithDrivesAheadByTenMinutes();
        remote.makeVolume("b");
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "f/", info(null, 1, new byte[] {1}));
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "f/", info(null, 1, new byte[] {2}));
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "f/g", info(null, 1, new byte[] {3}));
        WalkEntry g = local.walk("b", "", "", true, 10).get(1);
        Files.delete(dir.resolve("b").resolve("f").resolve("__cairn.dirmeta"));
        List<WalkEntry> walked = remote.walkWithOrphans("b", "", "", true, 10);
        assertEquals(List.of(WalkEntry.orphan("f/"), g), walked);
        assertTrue(walked.get(0).isOrphan());
        assertFalse(walked.get(0).isPrefix());
        remote.finishCommit("b", "f/");
        assertFalse(Files.exists(dir.resolve("b").resolve("f").resolve("__cairn.dirmeta.prev")));
        assertEquals(List.of(g), remote.walkWithOrphans("b", "", "", true, 10));
    }

    /** A peer of storage API 1.7 refuses the walk with orphans: it walks as before, reporting none. */
    @Test
    void walksWithOrphansWithAPeerThatPredatesThem() throws Exception {
        Path dir = startWithDrivesAheadByTenMinutes();
        cluster.handlers.get(0).serveWalkOrphans(false);
        remote.makeVolume("b");
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "m", info(null, 1, new byte[] {1}));
        remote.commitObject(Drive.TEMP_VOLUME, null, "b", "m", info(null, 2, new byte[] {2, 2}));
        Files.createDirectories(dir.resolve("b").resolve("k").resolve("__cairn.d." + UUID.randomUUID()));
        for (int i = 0; i < 2; i++) {
            List<WalkEntry> walked = remote.walkWithOrphans("b", "", "", true, 10);
            assertEquals(List.of(new WalkEntry("m", local.readMetadata("b", "m", false), true)), walked,
                    "what a finish would drop is still reported");
        }
    }

    /**
     * Starts the two nodes again with drives whose clock runs 10 minutes ahead, so that data moved in now is as old
     * as a finish needs it to be to remove it.
     *
     * @return the directory of the remote drive
     */
    private Path startWithDrivesAheadByTenMinutes() throws Exception {
        cluster.close();
        Path base = tmp.resolve("ahead");
        cluster = TestCluster.start(2, 1, base, Map.of("callTimeoutMs", 5_000L),
                new LocalDriveFactory(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))));
        remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, base), FORMAT);
        Path dir = base.resolve("n0").resolve("d0");
        local = new LocalDriveFactory().open(dir.toString(), FORMAT);
        return dir;
    }

    @Test
    void driveStatusAndServerInfo() throws Exception {
        var peer = cluster.transports.get(1).peer(cluster.nodes.get(0).node());
        List<DiskInfo> status = peer.driveStatus();
        assertEquals(1, status.size());
        assertEquals(endpoint, status.get(0).endpoint());
        assertTrue(status.get(0).online(), status.get(0).error());
        var info = peer.serverInfo();
        assertEquals(cluster.nodes.get(0).node(), info.node());
        assertEquals("dep-1", info.deploymentId());
        assertEquals(List.of(cluster.volumes.split("\n")), info.arguments());
        assertEquals(Wire.VERSION, info.wireVersion());
        assertEquals(new Signer(TestCluster.USER, TestCluster.PASSWORD).fingerprint(), info.credentialsFingerprint());
        assertEquals(cluster.nodes.get(1).node(), cluster.transports.get(1).localNode());
        assertEquals(List.of(cluster.nodes.get(0).node()), cluster.transports.get(1).peers());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Writes one shard file of a data directory into the peer's temp volume, under {@code t1/}. */
    private void writeShard(String dataDir, byte[] shard) throws Exception {
        try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "t1/" + dataDir + "/part.1")) {
            out.write(shard);
        }
    }
}
