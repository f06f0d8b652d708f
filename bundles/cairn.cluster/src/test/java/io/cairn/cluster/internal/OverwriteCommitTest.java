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
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.api.heal.HealOptions;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FileInfo;

/**
 * Overwrites whose commit fails below write quorum on one 4-drive set (EC 2+2: read quorum 2, write quorum 3): the
 * previous, acknowledged version must stay whole, also on the drives where the new version was committed, so that
 * it survives losing the drives where the commit failed.
 */
class OverwriteCommitTest extends OneSetFixture {

    /** Sizes with a data directory and inline in the metadata. */
    @ParameterizedTest
    @ValueSource(ints = {300_000, 3_000})
    void failedOverwriteKeepsThePreviousVersionOnTheDrivesThatCommitted(int size) throws Exception {
        byte[] old = ObjectLayerTest.random(1, size);
        c.put("bkt", "obj", old);
        putFailingCommitOnDrives2And3("obj", ObjectLayerTest.random(2, size));

        // Only the drives where the commit succeeded (and was undone) are left.
        c.drives.get(2).offline = true;
        c.drives.get(3).offline = true;
        assertArrayEquals(old, c.get("bkt", "obj"));
        c.drives.forEach(FaultyDrive::heal);
        assertArrayEquals(old, c.get("bkt", "obj"));
        long expected = size > 4 << 10 ? 1 : 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(expected, dataDirs(i, "obj"), "one data directory, or none when inline, on drive " + i);
        }
        assertEquals(0, keptFiles());
    }

    @Test
    void failedCompleteMultipartUploadKeepsThePreviousVersion() throws Exception {
        byte[] old = ObjectLayerTest.random(3, 200_000);
        c.put("bkt", "mp", old);
        String id = c.layer.newMultipartUpload("bkt", "mp", PutOptions.DEFAULT);
        byte[] part = ObjectLayerTest.random(4, 150_000);
        String etag = c.layer.putObjectPart("bkt", "mp", id, 1, new ByteArrayInputStream(part), part.length,
                PartOptions.DEFAULT).etag();
        c.drives.get(0).failCommit = true;
        c.drives.get(1).failCommit = true;
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.layer.completeMultipartUpload("bkt", "mp", id, List.of(new CompletePart(1, etag)),
                        PutOptions.DEFAULT)).kind());
        c.drives.forEach(FaultyDrive::heal);
        c.drives.get(0).offline = true;
        c.drives.get(1).offline = true;
        assertArrayEquals(old, c.get("bkt", "mp"));
    }

    @Test
    void commitsWhoseAnswerWasLostAreUndoneToo() throws Exception {
        byte[] old = ObjectLayerTest.random(5, 250_000);
        c.put("bkt", "obj", old);
        c.drives.get(0).failAfterCommit = true;
        putFailingCommitOnDrives2And3("obj", ObjectLayerTest.random(6, 250_000));
        c.drives.get(2).offline = true;
        c.drives.get(3).offline = true;
        assertArrayEquals(old, c.get("bkt", "obj"));
    }

    @Test
    void failedFirstWriteLeavesNoObject() throws Exception {
        putFailingCommitOnDrives2And3("new/obj", ObjectLayerTest.random(7, 200_000));
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> c.get("bkt", "new/obj")).kind());
        for (Path dir : c.dirs) {
            assertFalse(Files.exists(dir.resolve("bkt").resolve("new")), "nothing left on " + dir);
        }
    }

    @Test
    void aPreviousVersionLeftByALostFinishIsDroppedByTheNextCommitAndByDelete() throws Exception {
        c.put("bkt", "obj", ObjectLayerTest.random(8, 200_000));
        c.drives.get(1).failFinishCommit = true;
        byte[] second = ObjectLayerTest.random(9, 200_000);
        c.put("bkt", "obj", second);
        assertEquals(2, dataDirs(1, "obj"), "the lost finish left the previous version on drive 1");
        assertEquals(1, keptFiles());
        assertArrayEquals(second, c.get("bkt", "obj"));
        assertEquals(1, c.layer.listObjects("bkt", new ListRequest("", "", "", 100)).objects().size());

        byte[] third = ObjectLayerTest.random(10, 200_000);
        c.put("bkt", "obj", third);
        assertEquals(2, dataDirs(1, "obj"), "the stale one is dropped, the one just replaced kept");
        c.drives.forEach(FaultyDrive::heal);
        c.put("bkt", "obj", second);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, dataDirs(i, "obj"), "drive " + i);
        }
        assertEquals(0, keptFiles());

        c.drives.get(2).failFinishCommit = true;
        c.put("bkt", "obj", third);
        c.layer.deleteObject("bkt", "obj");
        for (Path dir : c.dirs) {
            assertFalse(Files.exists(dir.resolve("bkt").resolve("obj")), "nothing left on " + dir);
        }
    }

    /** Sizes with a data directory and inline in the metadata. */
    @ParameterizedTest
    @ValueSource(ints = {300_000, 3_000})
    void aNewKeyIsCommittedWithoutAFinishAndAnOverwriteIsFinished(int size) throws Exception {
        c.put("bkt", "fresh", ObjectLayerTest.random(11, size));
        for (FaultyDrive d : c.drives) {
            assertEquals(1, d.commitCalls.get(), "one commit on " + d.endpoint());
            assertEquals(0, d.finishCalls.get(), "nothing kept, nothing to finish on " + d.endpoint());
        }
        byte[] second = ObjectLayerTest.random(12, size);
        c.put("bkt", "fresh", second);
        for (FaultyDrive d : c.drives) {
            assertEquals(1, d.finishCalls.get(), "the overwrite is finished on " + d.endpoint());
        }
        assertEquals(0, keptFiles());
        for (int i = 0; i < 4; i++) {
            assertEquals(size > 4 << 10 ? 1 : 0, dataDirs(i, "fresh"), "drive " + i);
        }
        assertArrayEquals(second, c.get("bkt", "fresh"));
    }

    @Test
    void aNewKeyBelowWriteQuorumIsStillUndoneEverywhere() throws Exception {
        c.drives.get(0).failAfterCommit = true;
        putFailingCommitOnDrives2And3("lost/new", ObjectLayerTest.random(13, 200_000));
        for (FaultyDrive d : c.drives) {
            assertEquals(0, d.finishCalls.get(), d.endpoint());
        }
        for (Path dir : c.dirs) {
            assertFalse(Files.exists(dir.resolve("bkt").resolve("lost")), "nothing left on " + dir);
        }
    }

    /**
     * A commit cut by a crash after some drives committed (the previous version kept beside the new one) and before
     * the others did. Both versions have read quorum when two of four drives committed; the newer one is read, as
     * when three did. The version a read returned must be returned by every later read without a new write of the
     * key: after a restart, after writes of other keys, and, once healed, with any one drive offline.
     *
     * @param committed how many drives committed before the crash
     * @param size the body size (with a data directory, or inline)
     */
    @ParameterizedTest
    @CsvSource({"1, 300000", "2, 300000", "3, 300000", "1, 3000", "2, 3000", "3, 3000"})
    void aCommitCutByACrashReadsTheSameVersionUntilTheNextWrite(int committed, int size) throws Exception {
        byte[] old = ObjectLayerTest.random(11, size);
        byte[] cut = ObjectLayerTest.random(12, size);
        c.put("bkt", "obj", old);
        crashDuringCommit("obj", cut, committed);
        byte[] first = c.get("bkt", "obj");
        assertArrayEquals(committed >= 2 ? cut : old, first);
        assertArrayEquals(first, c.get("bkt", "obj"));

        c.close();
        c = new TestCluster(tmp, 1, 4, TestCluster.small(), UnaryOperator.identity(), c.deploymentId);
        assertArrayEquals(first, c.get("bkt", "obj"), "after a restart");
        c.put("bkt", "other", ObjectLayerTest.random(13, size));
        assertArrayEquals(first, c.get("bkt", "obj"), "after a write of another key");

        new ClusterHealer(c.layer).healObject("bkt", "obj", HealOptions.NORMAL);
        FileInfo healed = c.drives.get(0).readMetadata("bkt", "obj", false);
        for (int i = 1; i < 4; i++) {
            assertTrue(healed.sameVersion(c.drives.get(i).readMetadata("bkt", "obj", false)),
                    "the heal gave drive " + i + " the version read");
        }
        for (int i = 0; i < 4; i++) {
            c.drives.get(i).offline = true;
            assertArrayEquals(first, c.get("bkt", "obj"), "healed, drive " + i + " offline");
            c.drives.get(i).offline = false;
        }
    }

    /**
     * Leaves the state a crash in the middle of an overwrite's commit leaves: the first drives hold the new version
     * with the previous one kept beside it (no finish arrived), the others still the previous version alone.
     */
    private void crashDuringCommit(String key, byte[] body, int committed) throws Exception {
        c.drives.forEach(d -> d.failFinishCommit = true);
        c.put("bkt", key, body);
        c.drives.forEach(FaultyDrive::heal);
        for (int i = committed; i < 4; i++) {
            Drive d = c.drives.get(i).inner;
            d.undoCommit("bkt", key, d.readMetadata("bkt", key, false));
        }
        assertEquals(committed, keptFiles());
    }

    private long dataDirs(int drive, String key) throws Exception {
        try (Stream<Path> s = Files.list(c.dirs.get(drive).resolve("bkt").resolve(key))) {
            return s.filter(p -> p.getFileName().toString().startsWith("__cairn.d.")).count();
        }
    }

    private long keptFiles() throws Exception {
        long count = 0;
        for (Path dir : c.dirs) {
            try (Stream<Path> s = Files.walk(dir.resolve("bkt"))) {
                count += s.filter(p -> p.getFileName().toString().endsWith(".prev")).count();
            }
        }
        return count;
    }

    /** A PUT whose commit fails on drives 2 and 3, below write quorum; the drives work again afterwards. */
    private void putFailingCommitOnDrives2And3(String key, byte[] body) {
        c.drives.get(2).failCommit = true;
        c.drives.get(3).failCommit = true;
        assertEquals(ErrorKind.WRITE_QUORUM, assertThrows(ObjectStoreException.class,
                () -> c.put("bkt", key, body)).kind());
        c.drives.forEach(FaultyDrive::heal);
    }
}
