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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.StorageClass;
import io.cairn.api.storage.FileInfo;

/**
 * Faults on real directories of one 4-drive set (EC 2+2: read quorum 2, write quorum 3).
 */
class FaultTest extends OneSetFixture {

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void deletedDriveDirectoriesCountAsOffline() throws Exception {
        byte[] big = ObjectLayerTest.random(1, 500_000);
        byte[] small = ObjectLayerTest.random(2, 1000);
        c.put("bkt", "big", big);
        c.put("bkt", "small", small);
        deleteTree(c.dirs.get(1));
        assertArrayEquals(big, c.get("bkt", "big"));
        assertArrayEquals(small, c.get("bkt", "small"));
        byte[] during = ObjectLayerTest.random(3, 300_000);
        c.put("bkt", "during", during);
        assertEquals(3, c.layer.listObjects("bkt", new ListRequest("", "", "", 100)).objects().size());

        // Replace a second drive by a plain file: reads still have quorum, writes do not.
        deleteTree(c.dirs.get(2));
        Files.writeString(c.dirs.get(2), "not a directory");
        assertArrayEquals(big, c.get("bkt", "big"));
        assertArrayEquals(during, c.get("bkt", "during"));
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.put("bkt", "after", ObjectLayerTest.random(4, 300_000))).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bkt", "after")).kind());
        assertEquals(0, c.tempFiles());
        assertFalse(c.layer.drives().get(2).online());
        assertTrue(c.layer.drives().get(0).online());

        c.drives.get(0).offline = true;
        assertEquals(ErrorKind.READ_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.get("bkt", "big")).kind());
        assertEquals(ErrorKind.READ_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.layer.listObjects("bkt", new ListRequest("", "", "", 100))).kind());
    }

    @Test
    void flippedShardBytesAreRebuiltAndCounted() throws Exception {
        byte[] data = ObjectLayerTest.random(5, 400_000);
        c.put("bkt", "obj", data);
        int flipped = 0;
        List<Path> dataShardDrives = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (c.drives.get(i).readMetadata("bkt", "obj", false).erasure().index() < 2) {
                dataShardDrives.add(c.dirs.get(i));
            }
        }
        for (Path dir : dataShardDrives) {
            try (Stream<Path> s = Files.walk(dir.resolve("bkt"))) {
                for (Path part : s.filter(p -> p.getFileName().toString().equals("part.1")).toList()) {
                    byte[] bytes = Files.readAllBytes(part);
                    bytes[bytes.length / 3] ^= 0x55;
                    bytes[bytes.length - 5] ^= 0x01;
                    Files.write(part, bytes);
                    flipped++;
                }
            }
        }
        assertEquals(2, flipped);
        long before = c.layer.bitrotErrors();
        assertArrayEquals(data, c.get("bkt", "obj"));
        assertTrue(c.layer.bitrotErrors() >= before + 2, "bitrot counted: " + c.layer.bitrotErrors());
    }

    @Test
    void flippedInlineMetadataIsRebuiltAndCounted() throws Exception {
        byte[] data = ObjectLayerTest.random(6, 3000);
        c.put("bkt", "inline", data);
        for (Path dir : c.dirs.subList(1, 3)) {
            Path meta = dir.resolve("bkt").resolve("inline").resolve("__cairn.meta");
            byte[] bytes = Files.readAllBytes(meta);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(meta, bytes);
        }
        long before = c.layer.bitrotErrors();
        assertArrayEquals(data, c.get("bkt", "inline"));
        assertTrue(c.layer.bitrotErrors() >= before + 2);
    }

    @Test
    void bitFlipsInReadsAreNeverReturned() throws Exception {
        byte[] data = ObjectLayerTest.random(7, 700_000);
        c.put("bkt", "obj", data);
        c.drives.get(0).flipShardReads = true;
        c.drives.get(3).flipShardReads = true;
        long before = c.layer.bitrotErrors();
        assertArrayEquals(data, c.get("bkt", "obj"));
        assertTrue(c.layer.bitrotErrors() > before);
        c.drives.get(1).flipShardReads = true;
        try (var r = c.layer.getObject("bkt", "obj", GetOptions.DEFAULT)) {
            assertThrows(java.io.IOException.class, () -> r.stream().readAllBytes(),
                    "three corrupt shards of four leave no quorum");
        }
    }

    @Test
    void writeFailuresBelowQuorumLeaveNothingVisibleAndNoGarbage() throws Exception {
        byte[] old = ObjectLayerTest.random(8, 200_000);
        c.put("bkt", "obj", old);
        c.drives.get(0).failWritesAfterBytes = 100_000;
        c.drives.get(1).failWritesAfterBytes = 150_000;
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.put("bkt", "obj", ObjectLayerTest.random(9, 900_000))).kind());
        assertEquals(0, c.tempFiles());
        assertArrayEquals(old, c.get("bkt", "obj"));
        c.drives.forEach(FaultyDrive::heal);

        c.drives.get(2).failCommit = true;
        c.drives.get(3).failCommit = true;
        byte[] fresh = ObjectLayerTest.random(10, 300_000);
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.put("bkt", "obj", fresh)).kind());
        assertEquals(0, c.tempFiles());
        byte[] now = c.get("bkt", "obj");
        assertArrayEquals(old, now, "the failed commit was rolled back; the old version remains");
        c.drives.forEach(FaultyDrive::heal);

        c.drives.get(1).full = true;
        c.drives.get(2).full = true;
        assertEquals(ErrorKind.DRIVE_FULL, assertThrows(ObjectStoreException.class,
                () -> c.put("bkt", "obj2", fresh)).kind());
        assertEquals(0, c.tempFiles());
    }

    @Test
    void parityIsRaisedWhenDrivesAreOfflineAtWriteStart() throws Exception {
        c.drives.get(3).offline = true;
        byte[] data = ObjectLayerTest.random(11, 100_000);
        c.layer.putObject("bkt", "rrs", new ByteArrayInputStream(data), data.length,
                PutOptions.builder().storageClass(StorageClass.REDUCED_REDUNDANCY).build());
        FileInfo fi = c.drives.get(0).readMetadata("bkt", "rrs", false);
        assertEquals(2, fi.erasure().parityShards(), "EC:1 raised by one offline drive");
        c.drives.get(0).offline = true;
        assertArrayEquals(data, c.get("bkt", "rrs"), "with EC:1 (k=3) two missing drives would be fatal");
    }

    @Test
    void writeQuorumNeedsOneMoreWhenDataEqualsParity() throws Exception {
        c.drives.get(0).offline = true;
        c.drives.get(1).offline = true;
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.put("bkt", "x", new byte[10])).kind());
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.layer.makeBucket("other", BucketOptions.DEFAULT)).kind());
        assertEquals(List.of(), c.layer.listObjects("bkt", new ListRequest("", "", "", 10)).objects());
    }
}
