/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * The two phases of a commit on one drive: {@code commitObject} keeps the previous version, {@code finishCommit}
 * drops it, {@code undoCommit} restores it; leftovers of commits that were never finished are dropped later.
 */
class TwoPhaseCommitTest {

    private static final String KEY = "photos/a.jpg";

    @TempDir
    Path tmp;

    private final MovableClock clock = new MovableClock();
    private LocalDrive d;

    @BeforeEach
    void setUp() throws Exception {
        d = (LocalDrive) new LocalDriveFactory(clock).open(tmp.resolve("d1").toString(), LocalDriveTest.FORMAT);
        d.makeVolume("b");
    }

    @Test
    void undoRestoresThePreviousVersionWithItsData() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        FileInfo v1 = commitData(dir1, new byte[] {1, 2, 3, 4, 5});
        d.finishCommit("b", KEY);
        String dir2 = UUID.randomUUID().toString();
        FileInfo v2 = commitData(dir2, new byte[] {9, 9});
        assertEquals(v2.withoutData(), d.readMetadata("b", KEY, false));
        assertEquals(1, d.walk("b", "", "", true, 10).size(), "the kept version is never walked");

        d.undoCommit("b", KEY, v2);
        assertEquals(v1.withoutData(), d.readMetadata("b", KEY, false));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, shard(dir1));
        assertEquals(List.of(Names.DATA_PREFIX + dir1, Names.META), names());

        // Undone once already, or holding another version: nothing happens.
        d.undoCommit("b", KEY, v2);
        assertEquals(v1.withoutData(), d.readMetadata("b", KEY, false));
    }

    @Test
    void undoRestoresAnInlineVersion() throws Exception {
        FileInfo v1 = LocalDriveTest.info(null, 3, new byte[] {1, 2, 3});
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY, v1);
        String dir2 = UUID.randomUUID().toString();
        FileInfo v2 = commitData(dir2, new byte[] {7, 7, 7, 7});
        d.undoCommit("b", KEY, v2);
        assertArrayEquals(new byte[] {1, 2, 3}, d.readMetadata("b", KEY, true).inlineData());
        assertEquals(List.of(Names.META), names());
    }

    @Test
    void undoOfACreatingCommitDeletesTheObject() throws Exception {
        FileInfo v1 = commitData(UUID.randomUUID().toString(), new byte[] {1});
        d.undoCommit("b", KEY, v1);
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> d.readMetadata("b", KEY, false)).reason());
        assertEquals(List.of(Names.VOLUME_MARKER), list(tmp.resolve("d1").resolve("b")));
    }

    @Test
    void finishDropsThePreviousVersionAndCanBeRepeated() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1, 2});
        String dir2 = UUID.randomUUID().toString();
        FileInfo v2 = commitData(dir2, new byte[] {3, 4, 5});
        assertEquals(List.of(Names.DATA_PREFIX + dir1, Names.DATA_PREFIX + dir2, Names.META,
                Names.META + Names.PREVIOUS_SUFFIX).stream().sorted().toList(), names());
        d.finishCommit("b", KEY);
        d.finishCommit("b", KEY);
        assertEquals(List.of(Names.DATA_PREFIX + dir2, Names.META), names());
        assertEquals(v2.withoutData(), d.readMetadata("b", KEY, false));
        d.finishCommit("b", "never/written");
    }

    @Test
    void leftoversOfUnfinishedCommitsAreDroppedByTheNextCommitAndByDelete() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1});
        String dir2 = UUID.randomUUID().toString();
        commitData(dir2, new byte[] {2, 2});
        // The node died before the finish: the next commit drops the stale version and keeps the one it replaces.
        String dir3 = UUID.randomUUID().toString();
        FileInfo v3 = commitData(dir3, new byte[] {3, 3, 3});
        assertEquals(List.of(Names.DATA_PREFIX + dir2, Names.DATA_PREFIX + dir3, Names.META,
                Names.META + Names.PREVIOUS_SUFFIX).stream().sorted().toList(), names());
        d.undoCommit("b", KEY, v3);
        assertArrayEquals(new byte[] {2, 2}, shard(dir2));

        commitData(UUID.randomUUID().toString(), new byte[] {4, 4, 4, 4});
        d.deleteObject("b", KEY);
        assertEquals(List.of(Names.VOLUME_MARKER), list(tmp.resolve("d1").resolve("b")));
    }

    @Test
    void aCrashBetweenKeepingAndReplacingTheMetadataLosesNothing() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        FileInfo v1 = commitData(dir1, new byte[] {1, 2, 3});
        d.finishCommit("b", KEY);
        // What a crash after writing the kept copy but before replacing the metadata leaves: the same version twice.
        Path objectDir = d.objectDir("b", KEY);
        Files.copy(objectDir.resolve(Names.META), objectDir.resolve(Names.META + Names.PREVIOUS_SUFFIX),
                StandardCopyOption.REPLACE_EXISTING);
        d.finishCommit("b", KEY);
        assertEquals(v1.withoutData(), d.readMetadata("b", KEY, false));
        assertArrayEquals(new byte[] {1, 2, 3}, shard(dir1));

        Files.copy(objectDir.resolve(Names.META), objectDir.resolve(Names.META + Names.PREVIOUS_SUFFIX),
                StandardCopyOption.REPLACE_EXISTING);
        FileInfo v2 = commitData(UUID.randomUUID().toString(), new byte[] {5});
        d.undoCommit("b", KEY, v2);
        assertEquals(v1.withoutData(), d.readMetadata("b", KEY, false));
        assertArrayEquals(new byte[] {1, 2, 3}, shard(dir1));
        List<WalkEntry> walked = d.walk("b", "photos/", "", false, 10);
        assertEquals(1, walked.size());
    }

    @Test
    void theKeptVersionIsTheReplacedFileUnderASecondName() throws Exception {
        FileInfo v1 = LocalDriveTest.info(null, 3, new byte[] {1, 2, 3});
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY, v1);
        Path objectDir = d.objectDir("b", KEY);
        Object before = Files.readAttributes(objectDir.resolve(Names.META), BasicFileAttributes.class).fileKey();
        FileInfo v2 = LocalDriveTest.info(null, 2, new byte[] {4, 5});
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY, v2);
        Path kept = objectDir.resolve(Names.META + Names.PREVIOUS_SUFFIX);
        assertEquals(before, Files.readAttributes(kept, BasicFileAttributes.class).fileKey(),
                "no copy of the old metadata is written");
        assertEquals(1, Files.getAttribute(kept, "unix:nlink"), "the old file has only the kept name left");
        assertArrayEquals(new byte[] {4, 5}, d.readMetadata("b", KEY, true).inlineData());

        // A crash between the link and the rename leaves two names of one file: the finish keeps the object.
        Files.delete(objectDir.resolve(Names.META));
        Files.createLink(objectDir.resolve(Names.META), kept);
        d.undoCommit("b", KEY, v2);
        d.finishCommit("b", KEY);
        assertArrayEquals(new byte[] {1, 2, 3}, d.readMetadata("b", KEY, true).inlineData());
        assertEquals(List.of(Names.META), names());
        assertEquals(1, Files.getAttribute(objectDir.resolve(Names.META), "unix:nlink"));
    }

    @Test
    void theNextFinishRemovesDataACrashLeftBetweenMoveAndMetadata() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1, 2});
        d.finishCommit("b", KEY);
        // A commit that moved its data into place and died before writing the metadata.
        Path orphan = d.objectDir("b", KEY).resolve(Names.DATA_PREFIX + UUID.randomUUID());
        Files.createDirectories(orphan);
        Files.write(orphan.resolve("part.1"), new byte[] {6, 6});
        d.finishCommit("b", KEY);
        assertTrue(Files.exists(orphan), "a young one may be data of the object sharing the directory");
        clock.advance(LocalDrive.ORPHAN_AGE);
        d.finishCommit("b", KEY);
        assertFalse(Files.exists(orphan), "a finish with nothing kept removes it too");
        assertArrayEquals(new byte[] {1, 2}, shard(dir1));

        Files.createDirectories(orphan);
        String dir2 = UUID.randomUUID().toString();
        FileInfo v2 = commitData(dir2, new byte[] {3});
        d.finishCommit("b", KEY);
        assertEquals(List.of(Names.DATA_PREFIX + dir2, Names.META), names());
        assertEquals(v2.withoutData(), d.readMetadata("b", KEY, false));

        // An inline version uses no data directory; unreadable metadata protects every one.
        Files.createDirectories(orphan);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY, LocalDriveTest.info(null, 1, new byte[] {9}));
        d.finishCommit("b", KEY);
        assertEquals(List.of(Names.META), names());
        Files.createDirectories(orphan);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY, LocalDriveTest.info(null, 1, new byte[] {8}));
        Files.write(d.objectDir("b", KEY).resolve(Names.META), new byte[] {0x7f, 1, 2});
        d.finishCommit("b", KEY);
        assertTrue(Files.exists(orphan));
    }

    @Test
    void aCommitReportsWhetherItLeftAnythingToFinish() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        assertFalse(commitReporting(dir1, new byte[] {1}), "a new key keeps nothing");
        assertTrue(commitReporting(UUID.randomUUID().toString(), new byte[] {2}), "an overwrite keeps the version");
        d.finishCommit("b", KEY);
        d.deleteObject("b", KEY);

        FileInfo inline = LocalDriveTest.info(null, 1, new byte[] {3});
        assertFalse(d.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", KEY, inline), "a new inline key");
        assertTrue(d.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", KEY, inline), "an inline overwrite");
        d.undoCommit("b", KEY, inline);
        assertEquals(List.of(Names.META), names());

        // The data directory of the object "photos/a.jpg" is not the new marker "photos/a.jpg/"'s to finish.
        d.deleteObject("b", KEY);
        commitData(UUID.randomUUID().toString(), new byte[] {4});
        FileInfo marker = LocalDriveTest.info(null, 0, new byte[0]);
        assertFalse(d.commitObjectReporting(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker));
    }

    @Test
    void aNewKeyBesideDataACrashLeftReportsItAndItsFinishRemovesIt() throws Exception {
        // A first commit of the key that moved its data into place and died before writing the metadata.
        Path orphan = d.objectDir("b", KEY).resolve(Names.DATA_PREFIX + UUID.randomUUID());
        Files.createDirectories(orphan);
        clock.advance(LocalDrive.ORPHAN_AGE);
        String dir1 = UUID.randomUUID().toString();
        assertTrue(commitReporting(dir1, new byte[] {1, 2}));
        d.finishCommit("b", KEY);
        assertEquals(List.of(Names.DATA_PREFIX + dir1, Names.META), names());
        assertArrayEquals(new byte[] {1, 2}, shard(dir1));
    }

    @Test
    void aFinishLeavesDataTheFirstCommitOfTheObjectSharingTheDirectoryJustMovedIn() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1});
        // "photos/a.jpg/" is being written for the first time, under its own lock: its data is in place, its
        // metadata not yet.
        String markerDir = UUID.randomUUID().toString();
        Path markerData = d.objectDir("b", KEY).resolve(Names.DATA_PREFIX + markerDir);
        Files.createDirectories(markerData);
        Files.write(markerData.resolve("part.1"), new byte[] {7, 7});
        assertTrue(commitReporting(UUID.randomUUID().toString(), new byte[] {2}), "an overwrite keeps the version");
        d.finishCommit("b", KEY);
        assertArrayEquals(new byte[] {7, 7}, Files.readAllBytes(markerData.resolve("part.1")));
        d.deleteObject("b", KEY);
        assertFalse(commitReporting(UUID.randomUUID().toString(), new byte[] {3}), "a new key beside young data");
        d.finishCommit("b", KEY);
        assertArrayEquals(new byte[] {7, 7}, Files.readAllBytes(markerData.resolve("part.1")));
    }

    @Test
    void finishingAFolderMarkerLeavesTheDataOfTheObjectOfTheSameName() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1, 2, 3});
        d.finishCommit("b", KEY);
        // The object "photos/a.jpg" and the marker "photos/a.jpg/" share one directory.
        FileInfo marker = LocalDriveTest.info(null, 0, new byte[0]);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        d.finishCommit("b", KEY + "/");
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        d.finishCommit("b", KEY + "/");
        assertArrayEquals(new byte[] {1, 2, 3}, shard(dir1));
        assertEquals(List.of(Names.DATA_PREFIX + dir1, Names.DIR_META, Names.META), names());
    }

    @Test
    void aFolderMarkerAndTheObjectOfTheSameNameKeepTheirOwnVersions() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1});
        FileInfo marker1 = LocalDriveTest.info(null, 0, new byte[0]);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker1);
        FileInfo marker2 = LocalDriveTest.info(null, 1, new byte[] {8});
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker2);
        d.undoCommit("b", KEY + "/", marker2);
        d.finishCommit("b", KEY);
        assertEquals(marker1.withoutData(), d.readMetadata("b", KEY + "/", false));
        assertArrayEquals(new byte[] {1}, shard(dir1));
        assertFalse(Files.exists(d.objectDir("b", KEY).resolve(Names.DIR_META + Names.PREVIOUS_SUFFIX)));
        assertTrue(Files.exists(d.objectDir("b", KEY).resolve(Names.META)));
    }

    @Test
    void aWalkReportsWhatAFinishWouldDrop() throws Exception {
        commitData(UUID.randomUUID().toString(), new byte[] {1});
        d.finishCommit("b", KEY);
        assertEquals(List.of(false), pending(""));
        commitData(UUID.randomUUID().toString(), new byte[] {2});
        assertEquals(List.of(true), pending(""), "a kept version whose finish was lost");
        d.finishCommit("b", KEY);
        assertEquals(List.of(false), pending(""));

        Path orphan = d.objectDir("b", KEY).resolve(Names.DATA_PREFIX + UUID.randomUUID());
        Files.createDirectories(orphan);
        assertEquals(List.of(false), pending(""), "a young one may be data a commit just moved in");
        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(true), pending(""), "data a crash left");
        d.finishCommit("b", KEY);
        assertEquals(List.of(false), pending(""));
        assertFalse(Files.exists(orphan));

        // Beside the folder marker of the same name no finish removes a data directory: none is reported.
        Files.createDirectories(orphan);
        clock.advance(LocalDrive.ORPHAN_AGE);
        FileInfo marker = LocalDriveTest.info(null, 0, new byte[0]);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        assertEquals(List.of(false, false), pending(""));
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        assertEquals(List.of(false, true), pending(""), "only the marker kept a version");
        assertEquals(List.of(true), pending(KEY + "/"));
        d.finishCommit("b", KEY + "/");
        assertEquals(List.of(false, false), pending(""));
        assertTrue(Files.exists(orphan));
    }

    @Test
    void aWalkWithOrphansReportsDataAFirstCommitLeftOnceOldEnoughAndItsFinishRemovesIt() throws Exception {
        // A first commit of the key that moved its data into place and died before writing the metadata.
        Path orphan = d.objectDir("b", KEY).resolve(Names.DATA_PREFIX + UUID.randomUUID());
        Files.createDirectories(orphan);
        Files.write(orphan.resolve("part.1"), new byte[] {6, 6});
        String other = "photos/b.jpg";
        d.commitObject(Drive.TEMP_VOLUME, null, "b", other, LocalDriveTest.info(null, 1, new byte[] {1}));
        WalkEntry otherEntry = d.walk("b", "", "", true, 10).get(0);
        assertEquals(List.of(otherEntry), d.walkWithOrphans("b", "", "", true, 10),
                "a young one may be the data of a commit in flight");
        d.finishCommit("b", KEY);
        assertTrue(Files.exists(orphan), "a young one stays");

        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(WalkEntry.orphan(KEY), otherEntry), d.walkWithOrphans("b", "", "", true, 10));
        assertEquals(List.of(WalkEntry.orphan(KEY), otherEntry), d.walkWithOrphans("b", "photos/", "", false, 10));
        assertEquals(List.of(WalkEntry.orphan(KEY)), d.walkWithOrphans("b", "", "", true, 1));
        assertEquals(List.of(otherEntry), d.walkWithOrphans("b", "", KEY, true, 10));
        assertEquals(List.of(otherEntry), d.walk("b", "", "", true, 10), "a plain walk reports no orphan");
        assertTrue(d.walkWithOrphans("b", "", "", true, 10).get(0).isOrphan());
        assertFalse(d.walkWithOrphans("b", "", "", true, 10).get(0).isPrefix());

        d.finishCommit("b", KEY);
        assertFalse(Files.exists(d.objectDir("b", KEY)), "the data and the directory it leaves empty are gone");
        assertEquals(List.of(otherEntry), d.walkWithOrphans("b", "", "", true, 10));
        d.finishCommit("b", KEY);
        assertEquals(otherEntry.info(), d.readMetadata("b", other, false));
    }

    @Test
    void aWalkWithOrphansReportsNoneWhereMetadataIsOrWhereTheObjectSharingTheDirectoryHasSome() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        FileInfo v1 = commitData(dir1, new byte[] {1});
        d.finishCommit("b", KEY);
        Path orphan = d.objectDir("b", KEY).resolve(Names.DATA_PREFIX + UUID.randomUUID());
        Files.createDirectories(orphan);
        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(new WalkEntry(KEY, v1.withoutData(), true)), d.walkWithOrphans("b", "", "", true, 10),
                "beside metadata it is the object's to finish");
        d.deleteObject("b", KEY);

        // The marker "photos/a.jpg/" has metadata in the directory the object "photos/a.jpg" would use: the data is
        // the marker's to finish, not an orphan of the object, whose finish cannot tell whose it is.
        assertTrue(Files.exists(orphan), "a delete leaves data no metadata names");
        FileInfo marker = LocalDriveTest.info(null, 0, new byte[0]);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        assertEquals(List.of(new WalkEntry(KEY + "/", marker.withoutData(), true)),
                d.walkWithOrphans("b", "", "", true, 10));
        d.finishCommit("b", KEY);
        assertTrue(Files.exists(orphan));
        // Only its kept version is there, as a crash while deleting it leaves: the marker is the orphan, the data
        // still not the object's to report or remove.
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        Files.delete(d.objectDir("b", KEY).resolve(Names.DIR_META));
        assertEquals(List.of(WalkEntry.orphan(KEY + "/")), d.walkWithOrphans("b", "", "", true, 10));
        d.finishCommit("b", KEY);
        assertTrue(Files.exists(orphan));
    }

    @Test
    void aDeleteACrashCutShortIsReportedOnceItsKeptVersionIsOldEnoughAndItsFinishRemovesIt() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        commitData(dir1, new byte[] {1});
        String dir2 = UUID.randomUUID().toString();
        commitData(dir2, new byte[] {2, 2});
        String other = "photos/b.jpg";
        d.commitObject(Drive.TEMP_VOLUME, null, "b", other, LocalDriveTest.info(null, 1, new byte[] {1}));
        WalkEntry otherEntry = d.walk("b", "", "", true, 10).get(1);
        // The finish was lost; a delete removed the metadata and died before the data and the kept version.
        Files.delete(d.objectDir("b", KEY).resolve(Names.META));
        assertEquals(List.of(otherEntry), d.walkWithOrphans("b", "", "", true, 10),
                "a young kept version may be a delete in flight");
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> d.readMetadata("b", KEY, false)).reason());

        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(WalkEntry.orphan(KEY), otherEntry), d.walkWithOrphans("b", "", "", true, 10));
        assertEquals(List.of(WalkEntry.orphan(KEY), otherEntry), d.walkWithOrphans("b", "photos/", "", false, 10));
        assertEquals(List.of(otherEntry), d.walkWithOrphans("b", "", KEY, true, 10));
        assertEquals(List.of(otherEntry), d.walk("b", "", "", true, 10), "a plain walk reports no orphan");
        assertEquals(Reason.FILE_NOT_FOUND, assertThrows(DriveException.class,
                () -> d.readMetadata("b", KEY, false)).reason());

        d.finishCommit("b", KEY);
        assertFalse(Files.exists(d.objectDir("b", KEY)), "the kept version, both data directories, the directory");
        assertEquals(List.of(otherEntry), d.walkWithOrphans("b", "", "", true, 10));
        d.finishCommit("b", KEY);

        // Written again, the key is an ordinary object.
        String dir3 = UUID.randomUUID().toString();
        FileInfo v3 = commitData(dir3, new byte[] {3, 3, 3});
        assertEquals(List.of(new WalkEntry(KEY, v3.withoutData()), otherEntry),
                d.walkWithOrphans("b", "", "", true, 10));
        assertArrayEquals(new byte[] {3, 3, 3}, shard(dir3));
        assertEquals(List.of(Names.DATA_PREFIX + dir3, Names.META), names());
    }

    @Test
    void aKeptVersionBesideTheMetadataOrRestoredByAnUndoIsNoOrphan() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        FileInfo v1 = commitData(dir1, new byte[] {1});
        String dir2 = UUID.randomUUID().toString();
        FileInfo v2 = commitData(dir2, new byte[] {2});
        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(new WalkEntry(KEY, v2.withoutData(), true)), d.walkWithOrphans("b", "", "", true, 10),
                "a commit's kept version is the object's to finish");
        d.undoCommit("b", KEY, v2);
        assertEquals(List.of(new WalkEntry(KEY, v1.withoutData())), d.walkWithOrphans("b", "", "", true, 10));
        d.deleteObject("b", KEY);
        assertEquals(List.of(), d.walkWithOrphans("b", "", "", true, 10));
    }

    @Test
    void aDeleteACrashCutShortBesideTheObjectSharingTheDirectoryIsOnlyThatKeysOrphan() throws Exception {
        String dir1 = UUID.randomUUID().toString();
        FileInfo v1 = commitData(dir1, new byte[] {1});
        d.finishCommit("b", KEY);
        FileInfo marker = LocalDriveTest.info(null, 0, new byte[0]);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        // The marker's delete removed its metadata and died before its kept version.
        Files.delete(d.objectDir("b", KEY).resolve(Names.DIR_META));
        WalkEntry object = new WalkEntry(KEY, v1.withoutData());
        assertEquals(List.of(object), d.walkWithOrphans("b", "", "", true, 10), "a young one is not reported");

        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(object, WalkEntry.orphan(KEY + "/")), d.walkWithOrphans("b", "", "", true, 10));
        assertEquals(List.of(WalkEntry.orphan(KEY + "/")), d.walkWithOrphans("b", KEY + "/", "", false, 10));
        assertEquals(List.of(object), d.walkWithOrphans("b", "", "", true, 1));
        assertEquals(List.of(WalkEntry.orphan(KEY + "/")), d.walkWithOrphans("b", "", KEY, true, 10));
        assertEquals(List.of(), d.walkWithOrphans("b", "", KEY + "/", true, 10));
        assertEquals(List.of(object), d.walk("b", "", "", true, 10));
        d.finishCommit("b", KEY + "/");
        assertEquals(List.of(Names.DATA_PREFIX + dir1, Names.META), names(), "the object is left whole");
        assertEquals(List.of(object), d.walkWithOrphans("b", "", "", true, 10));

        // The object's delete was cut short beside a live marker: its kept version is its own to drop, while the
        // marker holds the directory; the data directory of the deleted version stays, for the object's finish
        // cannot tell whose it is.
        String dir2 = UUID.randomUUID().toString();
        commitData(dir2, new byte[] {2});
        d.commitObject(Drive.TEMP_VOLUME, null, "b", KEY + "/", marker);
        Files.delete(d.objectDir("b", KEY).resolve(Names.META));
        clock.advance(LocalDrive.ORPHAN_AGE);
        assertEquals(List.of(WalkEntry.orphan(KEY), new WalkEntry(KEY + "/", marker.withoutData())),
                d.walkWithOrphans("b", "", "", true, 10), "the object's kept version keeps the marker from the data");
        d.finishCommit("b", KEY);
        assertEquals(List.of(Names.DATA_PREFIX + dir2, Names.DIR_META), names());
        assertEquals(marker.withoutData(), d.readMetadata("b", KEY + "/", false));

        // Now nothing of the object is there, and the data is the marker's to finish like any it does not use.
        assertEquals(List.of(new WalkEntry(KEY + "/", marker.withoutData(), true)),
                d.walkWithOrphans("b", "", "", true, 10));
        d.finishCommit("b", KEY + "/");
        assertEquals(List.of(Names.DIR_META), names());
        assertEquals(List.of(new WalkEntry(KEY + "/", marker.withoutData())), d.walkWithOrphans("b", "", "", true, 10));
    }

    /** What a recursive walk from {@code prefix} reports as pending for a finish, entry by entry. */
    private List<Boolean> pending(String prefix) throws Exception {
        return d.walk("b", prefix, "", true, 10).stream().map(WalkEntry::finishPending).toList();
    }

    private FileInfo commitData(String dataDir, byte[] shard) throws Exception {
        String tmpDir = "t-" + UUID.randomUUID() + "/" + dataDir;
        try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, tmpDir + "/part.1")) {
            out.write(shard);
        }
        FileInfo info = LocalDriveTest.info(dataDir, shard.length, null);
        d.commitObject(Drive.TEMP_VOLUME, tmpDir, "b", KEY, info);
        return info;
    }

    private boolean commitReporting(String dataDir, byte[] shard) throws Exception {
        String tmpDir = "t-" + UUID.randomUUID() + "/" + dataDir;
        try (OutputStream out = d.createFile(Drive.TEMP_VOLUME, tmpDir + "/part.1")) {
            out.write(shard);
        }
        return d.commitObjectReporting(Drive.TEMP_VOLUME, tmpDir, "b", KEY,
                LocalDriveTest.info(dataDir, shard.length, null));
    }

    private byte[] shard(String dataDir) throws Exception {
        try (InputStream in = d.readShard("b", KEY, dataDir, 1, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private List<String> names() throws Exception {
        return list(d.objectDir("b", KEY));
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
