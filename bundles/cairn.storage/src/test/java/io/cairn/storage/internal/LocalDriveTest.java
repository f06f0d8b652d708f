/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.PartMeta;
import io.cairn.api.storage.WalkEntry;

class LocalDriveTest {

    static final FormatInfo FORMAT = new FormatInfo(1, "dep-1", "drive-1", 0, 0, 0, 1, 4);

    @TempDir
    Path tmp;

    private final LocalDriveFactory factory = new LocalDriveFactory();

    static FileInfo info(String dataDir, long size, byte[] inline) {
        return new FileInfo("null", dataDir, Instant.ofEpochSecond(1700000000, 123456789), size, "etag-" + size,
                "STANDARD", Map.of("content-type", "text/plain", "x-amz-meta-Foo", "Bar"),
                new ErasureLayout("rs-v1", "xxh-v1", 2, 2, 1 << 20, 1, List.of(0, 1, 2, 3)),
                List.of(new PartMeta(1, size, "etag-" + size, Instant.ofEpochMilli(1700000000123L))), inline);
    }

    @Test
    void formatsEmptyDirectoryAndReopensIt() throws Exception {
        Path root = tmp.resolve("d1");
        assertEquals(Optional.empty(), factory.readFormat(root.toString()));
        Drive d = factory.open(root.toString(), FORMAT);
        assertEquals(FORMAT, d.format());
        assertTrue(d.diskInfo().online());
        assertEquals(Optional.of(FORMAT), factory.readFormat(root.toString()));
        Drive again = factory.open(root.toString(), FORMAT);
        assertEquals(FORMAT, again.format());
    }

    @Test
    void refusesForeignDeploymentPositionAndNonCairnDirectories() throws Exception {
        Path root = tmp.resolve("d1");
        factory.open(root.toString(), FORMAT);
        DriveException other = assertThrows(DriveException.class, () -> factory.open(root.toString(),
                new FormatInfo(1, "dep-2", "x", 0, 0, 0, 1, 4)));
        assertEquals(Reason.FOREIGN_FORMAT, other.reason());
        assertTrue(other.getMessage().contains("dep-1"), other.getMessage());
        DriveException moved = assertThrows(DriveException.class, () -> factory.open(root.toString(),
                new FormatInfo(1, "dep-1", "x", 0, 0, 2, 1, 4)));
        assertEquals(Reason.FOREIGN_FORMAT, moved.reason());
        assertTrue(moved.getMessage().contains("formatted as pool 1 set 1 drive 1 but is configured as pool 1 set 1"
                + " drive 3"), "numbered from 1, as cairn:info: " + moved.getMessage());

        Path used = tmp.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("photo.jpg"), "not ours");
        DriveException foreign = assertThrows(DriveException.class, () -> factory.open(used.toString(), FORMAT));
        assertEquals(Reason.FOREIGN_FORMAT, foreign.reason());
        assertTrue(foreign.getMessage().contains("not a Cairn drive"), foreign.getMessage());
        assertTrue(Files.exists(used.resolve("photo.jpg")));
    }

    @Test
    void writtenFilesHoldExactlyTheirBytesAtEveryAlignment() throws Exception {
        Drive direct = factory.open(tmp.resolve("d1").toString(), FORMAT);
        Drive buffered = new LocalDrive(tmp.resolve("d1"), "d1", FORMAT, null);
        int block = AlignedBuffers.ALIGNMENT;
        int stage = AlignedBuffers.SIZE;
        int[] sizes = {0, 1, block - 1, block, block + 1, stage - 1, stage, stage + 1, 2 * stage + block,
            (1 << 20) + 17, 3 * stage - 5};
        java.util.Random random = new java.util.Random(42);
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            for (Drive d : List.of(direct, buffered)) {
                String path = "w-" + size + "-" + (d == direct ? "direct" : "buffered") + "/part.1";
                try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, path)) {
                    int pos = 0;
                    while (pos < size) {
                        // Odd chunk sizes, as frames of a checksum and a shard block are.
                        int n = Math.min(size - pos, 1 + random.nextInt(3 * block + 100));
                        out.write(data, pos, n);
                        pos += n;
                    }
                }
                assertArrayEquals(data, Files.readAllBytes(tmp.resolve("d1").resolve(Drive.TEMP_VOLUME).resolve(
                        path)), path);
            }
        }
        // Overwriting a longer file leaves only the new bytes.
        try (OutputStream out = direct.createFile(Drive.TEMP_VOLUME, "w-" + (3 * stage - 5) + "-direct/part.1")) {
            out.write(new byte[] {1, 2, 3});
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(tmp.resolve("d1").resolve(Drive.TEMP_VOLUME)
                .resolve("w-" + (3 * stage - 5) + "-direct/part.1")));
        OutputStream closed = direct.createFile(Drive.TEMP_VOLUME, "w-closed/part.1");
        closed.close();
        closed.close();
        assertThrows(java.io.IOException.class, () -> closed.write(new byte[1], 0, 1));
    }

    @Test
    void cleansTempAreaAtTheFirstOpenOnly() throws Exception {
        Path root = tmp.resolve("d1");
        Drive d = factory.open(root.toString(), FORMAT);
        try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, "upload-1/data/part.1")) {
            out.write(new byte[100]);
        }
        // Opened again by the same node (a peer reopening it, the reconnect loop): a write in progress stays.
        Drive again = factory.open(root.toString(), FORMAT);
        assertTrue(Files.exists(root.resolve(Drive.TEMP_VOLUME).resolve("upload-1/data/part.1")));
        try (OutputStream out = again.createFile(Drive.TEMP_VOLUME, "upload-2/data/part.1")) {
            out.write(new byte[10]);
        }
        // A new run of the node (a new factory) clears what the previous one left.
        new LocalDriveFactory().open(root.toString(), FORMAT);
        try (var entries = Files.list(root.resolve(Drive.TEMP_VOLUME))) {
            assertEquals(0, entries.count());
        }
        assertTrue(Files.isDirectory(root.resolve(Drive.SYSTEM_VOLUME)));
    }

    @Test
    void refusesUnsafeNames() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("bucket");
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\0b", "",
                "x".repeat(1025), "a/__cairn.meta", "__cairn.d.x/y", "a/" + "x".repeat(256),
                "\u00e9".repeat(128) + "/b")) {
            DriveException e = assertThrows(DriveException.class, () -> d.readMetadata("bucket", bad, false),
                    bad);
            assertEquals(Reason.INVALID_NAME, e.reason(), bad);
        }
        for (String bad : List.of("../x", "a/../../x", "/abs", "a//b", "")) {
            assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                    () -> d.createFile(Drive.TEMP_VOLUME, bad)).reason(), bad);
        }
        for (String badVolume : List.of("..", "../x", "A", ".hidden", "a/b", "")) {
            assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                    () -> d.makeVolume(badVolume)).reason(), badVolume);
        }
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void segmentsUpToTheFileNameLimitAreKeys() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("bucket");
        String longest = "p/" + "x".repeat(Drive.MAX_SEGMENT_BYTES) + "/" + "\u00e9".repeat(127);
        d.commitObject(Drive.TEMP_VOLUME, null, "bucket", longest, info(null, 1, new byte[] {7}));
        assertArrayEquals(new byte[] {7}, d.readMetadata("bucket", longest, true).inlineData());
        assertEquals(List.of(longest), names(d.walk("bucket", "p/", "", true, 10)));
    }

    @Test
    void walksAreInUtf8BinaryOrder() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("b");
        List<String> keys = List.of("k~", "k\ue000", "k\uff01", "k\ud83d\ude00", "k\ud83d\ude00/x", "k\uff01/y");
        for (String key : keys) {
            d.commitObject(Drive.TEMP_VOLUME, null, "b", key, info(null, 1, new byte[] {1}));
        }
        List<String> expected = List.of("k~", "k\ue000", "k\uff01", "k\uff01/y", "k\ud83d\ude00",
                "k\ud83d\ude00/x");
        assertEquals(expected, names(d.walk("b", "", "", true, 100)));
        assertEquals(expected.subList(3, 6), names(d.walk("b", "", "k\uff01", true, 100)));
        assertEquals(List.of("k~", "k\ue000", "k\uff01", "k\uff01/", "k\ud83d\ude00", "k\ud83d\ude00/"),
                names(d.walk("b", "", "", false, 100)));
    }

    @Test
    void walksWithPrefixesNoKeyCanHaveSeeNothing() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("mine");
        d.makeVolume("other");
        d.commitObject(Drive.TEMP_VOLUME, null, "mine", "a/b", info(null, 1, new byte[] {1}));
        d.commitObject(Drive.TEMP_VOLUME, null, "other", "secret/key", info(null, 1, new byte[] {2}));
        for (String prefix : List.of("../", "../other/", "../other/secret/", "../../", "a/../", "a/../../other/",
                "./", "a/./", "/", "/a/", "a//", "x".repeat(256) + "/", "a\0/", "a/b\0")) {
            for (boolean recursive : new boolean[] {true, false}) {
                assertEquals(List.of(), d.walk("mine", prefix, "", recursive, 100),
                        prefix + (recursive ? " recursive" : " with delimiter"));
            }
        }
        // A prefix's last, partial segment only filters names: dot-names are keys like any other.
        d.commitObject(Drive.TEMP_VOLUME, null, "mine", "a/..c", info(null, 1, new byte[] {3}));
        assertEquals(List.of("a/..c"), names(d.walk("mine", "a/..", "", true, 100)));
        assertEquals(List.of("a/..c", "a/b"), names(d.walk("mine", "a/", "", false, 100)));
    }

    @Test
    void systemVolumeNamesMayBeLongerThanKeys() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("bucket");
        String segment = "y".repeat(200) + "/";
        String longName = segment.repeat(7);
        assertTrue(longName.length() > Drive.MAX_NAME_BYTES && longName.length() < Drive.MAX_SYSTEM_NAME_BYTES);
        d.writeAll(Drive.SYSTEM_VOLUME, longName + "f", new byte[] {1});
        assertArrayEquals(new byte[] {1}, d.readAll(Drive.SYSTEM_VOLUME, longName + "f"));
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> d.writeAll("bucket", longName + "f", new byte[] {1})).reason());
        String tooLong = segment.repeat(11);
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> d.writeAll(Drive.SYSTEM_VOLUME, tooLong, new byte[] {1})).reason());
        assertEquals(Reason.INVALID_NAME, assertThrows(DriveException.class,
                () -> d.readMetadata(Drive.SYSTEM_VOLUME, tooLong + "k", false)).reason());
    }

    @Test
    void volumesLifecycle() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("b2");
        d.makeVolume("b1");
        assertEquals(Reason.VOLUME_EXISTS, assertThrows(DriveException.class, () -> d.makeVolume("b1")).reason());
        assertEquals(List.of("b1", "b2"), d.listVolumes().stream().map(v -> v.name()).toList());
        assertTrue(d.statVolume("b1").created().isAfter(Instant.EPOCH));
        d.commitObject(Drive.TEMP_VOLUME, null, "b1", "k", info(null, 0, new byte[0]));
        assertEquals(Reason.VOLUME_NOT_EMPTY,
                assertThrows(DriveException.class, () -> d.deleteVolume("b1", false)).reason());
        // deleteVolume checks the renamed volume again (a commit may land between its check and its rename):
        // that walk finds objects under the trash name.
        java.nio.file.Files.move(tmp.resolve("d1").resolve("b1"), tmp.resolve("d1").resolve(Drive.TEMP_VOLUME)
                .resolve("trash-test"));
        assertEquals(List.of("trash-test/k"), d.walk(Drive.TEMP_VOLUME, "trash-test/", "", true, 1).stream()
                .map(e -> e.name()).toList());
        java.nio.file.Files.move(tmp.resolve("d1").resolve(Drive.TEMP_VOLUME).resolve("trash-test"),
                tmp.resolve("d1").resolve("b1"));
        d.deleteObject("b1", "k");
        d.deleteVolume("b1", false);
        assertEquals(Reason.VOLUME_NOT_FOUND, assertThrows(DriveException.class, () -> d.statVolume("b1")).reason());
        d.deleteVolume("b2", true);
        assertEquals(List.of(), d.listVolumes());
    }

    @Test
    void commitReadOverwriteAndDelete() throws Exception {
        Path root = tmp.resolve("d1");
        Drive d = factory.open(root.toString(), FORMAT);
        d.makeVolume("b");
        byte[] shard = "shard-bytes".getBytes(StandardCharsets.UTF_8);
        String dir1 = UUID.randomUUID().toString();
        try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, "t1/" + dir1 + "/part.1")) {
            out.write(shard);
        }
        d.commitObject(Drive.TEMP_VOLUME, "t1/" + dir1, "b", "photos/2024/a.jpg", info(dir1, 11, null));
        FileInfo read = d.readMetadata("b", "photos/2024/a.jpg", true);
        assertEquals(info(dir1, 11, null).withoutData(), read);
        try (InputStream in = d.readShard("b", "photos/2024/a.jpg", dir1, 1, 6, 5)) {
            assertArrayEquals("bytes".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        assertEquals(Reason.CORRUPT, assertThrows(DriveException.class,
                () -> d.readShard("b", "photos/2024/a.jpg", dir1, 1, 6, 50)).reason());

        // Overwrite with inline data: the old data directory disappears when the commit is finished.
        d.commitObject(Drive.TEMP_VOLUME, null, "b", "photos/2024/a.jpg", info(null, 3, new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, d.readMetadata("b", "photos/2024/a.jpg", true).inlineData());
        assertNull(d.readMetadata("b", "photos/2024/a.jpg", false).inlineData());
        Path oldData = ((LocalDrive) d).objectDir("b", "photos/2024/a.jpg").resolve(Names.DATA_PREFIX + dir1);
        assertTrue(Files.exists(oldData));
        d.finishCommit("b", "photos/2024/a.jpg");
        assertFalse(Files.exists(oldData));

        d.deleteObject("b", "photos/2024/a.jpg");
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> d.readMetadata("b", "photos/2024/a.jpg", false)).reason());
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> d.deleteObject("b", "photos/2024/a.jpg")).reason());
        try (var entries = Files.list(root.resolve("b"))) {
            assertEquals(List.of(Names.VOLUME_MARKER),
                    entries.map(p -> p.getFileName().toString()).toList(), "empty parents are pruned");
        }
    }

    @Test
    void folderObjectsAndNestedKeysCoexist() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("b");
        for (String key : List.of("a", "a/", "a/b", "a-c", "a/b/c")) {
            d.commitObject(Drive.TEMP_VOLUME, null, "b", key, info(null, key.length(), new byte[0]));
        }
        assertEquals(List.of("a", "a-c", "a/", "a/b", "a/b/c"), names(d.walk("b", "", "", true, 100)));
        assertEquals(List.of("a", "a-c", "a/"), names(d.walk("b", "", "", false, 100)));
        assertTrue(d.walk("b", "", "", false, 100).get(2).isPrefix());
        assertEquals(List.of("a/", "a/b", "a/b/"), names(d.walk("b", "a/", "", false, 100)));
        assertEquals(List.of("a/b", "a/b/c"), names(d.walk("b", "a/b", "", true, 100)));
        assertEquals(List.of("a/b/c"), names(d.walk("b", "", "a/b", true, 100)));
        assertEquals(List.of("a-c"), names(d.walk("b", "", "a", true, 1)));
        assertEquals(3, d.readMetadata("b", "a-c", false).size());
        assertEquals(2, d.readMetadata("b", "a/", false).size());
    }

    @Test
    void offlineWhenDirectoryDeletedOrReplacedByFile() throws Exception {
        Path root = tmp.resolve("d1");
        Drive d = factory.open(root.toString(), FORMAT);
        d.makeVolume("b");
        d.commitObject(Drive.TEMP_VOLUME, null, "b", "k", info(null, 1, new byte[] {1}));
        Fs.deleteTree(root);
        assertEquals(Reason.OFFLINE, assertThrows(DriveException.class,
                () -> d.readMetadata("b", "k", false)).reason());
        assertFalse(d.diskInfo().online());
        Files.writeString(root, "a file");
        assertEquals(Reason.OFFLINE, assertThrows(DriveException.class,
                () -> d.readMetadata("b", "k", false)).reason());
        assertEquals(Reason.OFFLINE, assertThrows(DriveException.class,
                () -> d.createFile(Drive.TEMP_VOLUME, "x/y")).reason());
        assertEquals(Reason.OFFLINE, assertThrows(DriveException.class, () -> factory.readFormat(root.toString()))
                .reason());
    }

    @Test
    void flippedMetadataByteIsCorrupt() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.makeVolume("b");
        d.commitObject(Drive.TEMP_VOLUME, null, "b", "k", info(null, 5, new byte[] {1, 2, 3, 4, 5}));
        Path meta = ((LocalDrive) d).objectDir("b", "k").resolve(Names.META);
        byte[] bytes = Files.readAllBytes(meta);
        bytes[bytes.length - 10] ^= 0x40;
        Files.write(meta, bytes);
        assertEquals(Reason.CORRUPT, assertThrows(DriveException.class,
                () -> d.readMetadata("b", "k", true)).reason());
        assertEquals(List.of(), d.walk("b", "", "", true, 10), "a corrupt copy is left out of walks");
    }

    @Test
    void smallFilesAndRenames() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        d.writeAll(Drive.SYSTEM_VOLUME, "multipart/b/u1/upload.meta", new byte[] {9});
        assertArrayEquals(new byte[] {9}, d.readAll(Drive.SYSTEM_VOLUME, "multipart/b/u1/upload.meta"));
        try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, "t/part.1")) {
            out.write(7);
        }
        d.renameFile(Drive.TEMP_VOLUME, "t/part.1", Drive.SYSTEM_VOLUME, "multipart/b/u1/data/part.1");
        assertEquals(List.of("data/", "upload.meta"), d.listDir(Drive.SYSTEM_VOLUME, "multipart/b/u1", 10));
        try (InputStream in = d.readFile(Drive.SYSTEM_VOLUME, "multipart/b/u1/data/part.1", 0, -1)) {
            assertArrayEquals(new byte[] {7}, in.readAllBytes());
        }
        d.delete(Drive.SYSTEM_VOLUME, "multipart/b/u1", true);
        assertEquals(List.of(), d.listDir(Drive.SYSTEM_VOLUME, "multipart", 10));
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> d.readAll(Drive.SYSTEM_VOLUME, "multipart/b/u1/upload.meta")).reason());
    }

    private static List<String> names(List<WalkEntry> entries) {
        return entries.stream().map(WalkEntry::name).toList();
    }

    /**
     * Files written below directories that a concurrent delete prunes when they fall empty: the writes must
     * land, whichever way the two interleave (the multipart staging area works like this: one upload completes
     * and prunes its bucket's directory while another creates its first part under the same directory).
     */
    @Test
    void writesRacingWithPruningOfTheirParentsLand() throws Exception {
        Drive d = factory.open(tmp.resolve("d1").toString(), FORMAT);
        byte[] body = "part".getBytes(StandardCharsets.UTF_8);
        int rounds = 400;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        String dir = "multipart/bucket/w" + worker + "/u" + i;
                        String written = worker == 1 ? dir + "/parts/1" : dir + "/data/part.1";
                        switch (worker) {
                            case 0 -> {
                                try (OutputStream out = d.createFile(Drive.SYSTEM_VOLUME, dir + "/data/part.1")) {
                                    out.write(body);
                                }
                            }
                            case 1 -> d.writeAll(Drive.SYSTEM_VOLUME, dir + "/parts/1", body);
                            default -> {
                                String staged = "stage-" + i + "/part.1";
                                try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, staged)) {
                                    out.write(body);
                                }
                                d.renameFile(Drive.TEMP_VOLUME, staged, Drive.SYSTEM_VOLUME, dir + "/data/part.1");
                            }
                        }
                        assertArrayEquals(body, d.readAll(Drive.SYSTEM_VOLUME, written), written);
                        // Each worker deletes what it wrote: the delete prunes every parent that falls empty,
                        // up to the volume, while the other workers create theirs below the same parents.
                        d.delete(Drive.SYSTEM_VOLUME, dir, true);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), d.listDir(Drive.SYSTEM_VOLUME, "", 10).stream()
                .filter(n -> n.startsWith("multipart")).toList());
    }
}
