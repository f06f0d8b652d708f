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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.lock.Lease;
import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.storage.internal.MovableClock;

/**
 * The scan finishes commits whose finish was lost, and removes what commits a crash interrupted left, on a real
 * four-drive set (EC 2+2): the walk reports it, and the inventory finishes the commit under the object's write
 * lock on the drives that reported it, touching nothing else. Each test runs what a scan cycle does for the bucket
 * ({@link #scan}).
 */
class ScannerFinishTest {

    private static final long SEED = 4242L;
    private static final String KEPT = "__cairn.meta.prev";
    /** Same as the drives' {@code LocalDrive.ORPHAN_AGE}. */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    private final MovableClock clock = new MovableClock();
    private TestCluster cluster;
    private ClusterHealer healer;

    @BeforeEach
    void open() throws Exception {
        cluster = TestCluster.withClock(tmp, 4, TestCluster.small().withLockTimeout(Duration.ofMillis(200)), clock);
        healer = new ClusterHealer(cluster.layer);
        cluster.layer.makeBucket("bkt", null);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aKeptVersionWhoseFinishWasLostIsDroppedByOneScan() throws Exception {
        cluster.put("bkt", "dir/obj", data(40_000, SEED));
        cluster.put("bkt", "other", data(30_000, SEED + 1));
        cluster.drives.get(1).failFinishCommit = true;
        byte[] v2 = data(50_000, SEED + 2);
        cluster.put("bkt", "dir/obj", v2);
        cluster.drives.get(1).failFinishCommit = false;
        assertTrue(Files.exists(objectDir(1, "dir/obj").resolve(KEPT)));
        Map<String, String> before = snapshot();

        assertEquals(1, scan(), "one drive finished");

        String current = cluster.drives.get(1).readMetadata("bkt", "dir/obj", false).dataDir();
        String dropped = "d0-1/bkt/dir/obj/";
        Predicate<String> kept = p -> !p.startsWith(dropped) || p.startsWith(dropped + "__cairn.d." + current + "/")
                || p.equals(dropped + "__cairn.meta");
        assertEquals(filter(before, kept), snapshot(), "only the kept version and its data went");
        assertTrue(before.keySet().stream().anyMatch(kept.negate()), "something was kept before");
        assertArrayEquals(v2, readWith("dir/obj", 1, 2));
        assertEquals(0, scan(), "nothing is reported any more");
    }

    @Test
    void dataACrashLeftIsRemovedByTheScanOnceOldEnough() throws Exception {
        byte[] body = data(40_000, SEED + 3);
        cluster.put("bkt", "obj", body);
        // A commit that moved its data into place on drive 2 and died before writing the metadata.
        Path orphan = objectDir(2, "obj").resolve("__cairn.d." + UUID.randomUUID());
        Files.createDirectories(orphan);
        Files.write(orphan.resolve("part.1"), data(1000, SEED + 4));
        Map<String, String> before = snapshot();

        assertEquals(0, scan(), "a young one may be the data of a commit in flight");
        assertEquals(before, snapshot());

        clock.advance(ORPHAN_AGE);
        assertEquals(List.of(2), entry("obj").finishPending());
        assertEquals(1, scan());
        String gone = tmp.relativize(orphan).toString() + "/";
        assertEquals(filter(before, p -> !p.startsWith(gone)), snapshot());
        assertArrayEquals(body, readWith("obj", 2, 3));
    }

    @Test
    void anObjectWhoseWriteLockIsHeldIsSkippedAndFinishedByTheNextScan() throws Exception {
        cluster.put("bkt", "obj", data(40_000, SEED + 5));
        cluster.drives.get(0).failFinishCommit = true;
        cluster.put("bkt", "obj", data(40_000, SEED + 6));
        cluster.drives.get(0).failFinishCommit = false;
        ScanEntry e = entry("obj");
        assertEquals(List.of(0), e.finishPending());
        Map<String, String> before = snapshot();

        Lease held = cluster.locks.writeLock("bkt/obj", Duration.ofSeconds(5));
        try {
            ObjectStoreException busy = assertThrows(ObjectStoreException.class,
                    () -> healer.finishCommits(0, 0, "bkt", "obj", e.finishPending()));
            assertEquals(ErrorKind.LOCK_TIMEOUT, busy.kind());
        } finally {
            held.close();
        }
        assertEquals(before, snapshot(), "nothing was touched without the lock");

        assertEquals(1, scan());
        assertFalse(Files.exists(objectDir(0, "obj").resolve(KEPT)));
    }

    @Test
    void aStaleCopyAHealReplacedWithoutItsFinishIsDroppedByTheNextScan() throws Exception {
        cluster.put("bkt", "obj", data(40_000, SEED + 7));
        cluster.drives.get(3).offline = true;
        byte[] v2 = data(40_000, SEED + 8);
        cluster.put("bkt", "obj", v2);
        cluster.drives.get(3).offline = false;
        cluster.drives.get(3).failFinishCommit = true;
        assertEquals(HealResult.Outcome.HEALED, healer.healObject("bkt", "obj", HealOptions.NORMAL).outcome());
        cluster.drives.get(3).failFinishCommit = false;
        assertTrue(Files.exists(objectDir(3, "obj").resolve(KEPT)));

        assertEquals(1, scan(), "the scan drops the stale copy the heal replaced");
        assertFalse(Files.exists(objectDir(3, "obj").resolve(KEPT)));
        assertArrayEquals(v2, readWith("obj", 3, 0));
    }

    @Test
    void dataAFirstCommitLeftOnEveryDriveIsRemovedByTheScanOnceOldEnough() throws Exception {
        byte[] body = data(40_000, SEED + 9);
        cluster.put("bkt", "obj", body);
        // A first commit of "new/key" that moved its data into place on every drive and died before writing the
        // metadata anywhere.
        String dataDir = "__cairn.d." + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            Path orphan = objectDir(i, "new/key").resolve(dataDir);
            Files.createDirectories(orphan);
            Files.write(orphan.resolve("part.1"), data(20_000, SEED + 10 + i));
        }
        Map<String, String> before = snapshot();
        assertEquals(HealResult.Outcome.NOT_FOUND, healer.healObject("bkt", "new/key", HealOptions.NORMAL).outcome());
        assertEquals(List.of("obj"), listed(""));

        assertEquals(0, scan(), "a young one may be the data of a commit in flight");
        assertEquals(before, snapshot());

        clock.advance(ORPHAN_AGE);
        assertEquals(List.of("obj"), listed(""), "no listing shows the key");
        assertEquals(List.of(), listed("new/"));
        assertEquals(List.of(), delimited("new/"));
        List<ScanEntry> entries = healer.scanWithOrphans(0, 0, "bkt", "", "", 1000);
        assertEquals(ScanEntry.orphan("new/key", List.of(0, 1, 2, 3)), entries.get(0));
        assertEquals(List.of("new/key", "obj"), entries.stream().map(ScanEntry::key).toList());
        assertEquals(List.of("obj"), healer.scan(0, 0, "bkt", "", "", 1000).stream().map(ScanEntry::key).toList(),
                "heals that walk without orphans never see it");
        assertEquals(4, scan(), "one finish on every drive");

        assertEquals(filter(before, p -> !p.contains("/bkt/new/")), snapshot(), "only the orphan's data went");
        for (int i = 0; i < 4; i++) {
            assertFalse(Files.exists(cluster.dirs.get(i).resolve("bkt").resolve("new")), "the emptied directories");
        }
        assertEquals(List.of("obj"), listed(""));
        assertEquals(List.of("obj"), delimited(""), "no directory it sat in is left to show as a common prefix");
        assertArrayEquals(body, readWith("obj", 0, 1));
        assertEquals(0, scan(), "nothing is reported any more");
    }

    @Test
    void whatADeleteACrashCutShortLeftOnEveryDriveIsRemovedByTheScanOnceItsKeptVersionIsOldEnough() throws Exception {
        byte[] body = data(40_000, SEED + 14);
        cluster.put("bkt", "obj", body);
        cluster.put("bkt", "dir/obj", data(40_000, SEED + 15));
        // The finish of an overwrite was lost on every drive: each keeps the first version.
        cluster.drives.forEach(d -> d.failFinishCommit = true);
        cluster.put("bkt", "dir/obj", data(50_000, SEED + 16));
        cluster.drives.forEach(d -> d.failFinishCommit = false);
        // A delete removed the metadata on every drive and the node died before the rest: on drives 0 and 1 after
        // it removed the current version's data directory, on 2 and 3 before.
        for (int i = 0; i < 4; i++) {
            Path dir = objectDir(i, "dir/obj");
            String current = cluster.drives.get(i).readMetadata("bkt", "dir/obj", false).dataDir();
            Files.delete(dir.resolve("__cairn.meta"));
            if (i < 2) {
                deleteTree(dir.resolve("__cairn.d." + current));
            }
            assertTrue(Files.exists(dir.resolve(KEPT)));
        }
        Map<String, String> before = snapshot();
        assertGone("dir/obj");

        assertEquals(0, scan(), "a young kept version may be a delete in flight");
        assertEquals(before, snapshot());

        clock.advance(ORPHAN_AGE);
        assertGone("dir/obj");
        List<ScanEntry> entries = healer.scanWithOrphans(0, 0, "bkt", "", "", 1000);
        assertEquals(ScanEntry.orphan("dir/obj", List.of(0, 1, 2, 3)), entries.get(0));
        assertEquals(List.of("dir/obj", "obj"), entries.stream().map(ScanEntry::key).toList());
        assertEquals(List.of("obj"), healer.scan(0, 0, "bkt", "", "", 1000).stream().map(ScanEntry::key).toList(),
                "heals that walk without orphans never see it");
        assertEquals(4, scan(), "one finish on every drive");

        assertEquals(filter(before, p -> !p.contains("/bkt/dir/")), snapshot(), "only the key's leftovers went");
        for (int i = 0; i < 4; i++) {
            assertFalse(Files.exists(cluster.dirs.get(i).resolve("bkt").resolve("dir")), "the emptied directories");
        }
        assertEquals(List.of("obj"), delimited(""));
        assertEquals(0, scan(), "nothing is reported any more");

        byte[] again = data(30_000, SEED + 17);
        cluster.put("bkt", "dir/obj", again);
        assertArrayEquals(again, readWith("dir/obj", 2, 3));
        assertEquals(List.of("dir/obj", "obj"), listed(""));
        assertEquals(0, scan(), "written again, the key is an ordinary object");
    }

    @Test
    void theKeptVersionADeleteOfAFolderMarkerLeftIsRemovedByTheScanBesideTheObjectOfTheSameName() throws Exception {
        byte[] body = data(40_000, SEED + 18);
        cluster.put("bkt", "folder", body);
        cluster.put("bkt", "folder/", new byte[0]);
        cluster.drives.forEach(d -> d.failFinishCommit = true);
        cluster.put("bkt", "folder/", new byte[0]);
        cluster.drives.forEach(d -> d.failFinishCommit = false);
        // The marker's delete removed its metadata on every drive and the node died before its kept version.
        for (int i = 0; i < 4; i++) {
            Files.delete(objectDir(i, "folder").resolve("__cairn.dirmeta"));
        }
        clock.advance(ORPHAN_AGE);
        Map<String, String> before = snapshot();
        assertGone("folder/");
        assertEquals(List.of("folder"), listed(""));

        List<ScanEntry> entries = healer.scanWithOrphans(0, 0, "bkt", "", "", 1000);
        assertEquals(List.of(new ScanEntry("folder", body.length), ScanEntry.orphan("folder/", List.of(0, 1, 2, 3))),
                entries);
        assertEquals(4, scan());
        assertEquals(filter(before, p -> !p.endsWith("/bkt/folder/__cairn.dirmeta.prev")), snapshot(),
                "only the marker's kept versions went");
        assertArrayEquals(body, readWith("folder", 0, 3));
        assertEquals(0, scan(), "nothing is reported any more");
    }

    /** Checks that no read, listing or heal sees the key. */
    private void assertGone(String key) throws ObjectStoreException {
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> cluster.get("bkt", key)).kind());
        assertEquals(ErrorKind.NO_SUCH_KEY, assertThrows(ObjectStoreException.class,
                () -> cluster.layer.statObject("bkt", key, GetOptions.DEFAULT)).kind());
        assertEquals(HealResult.Outcome.NOT_FOUND, healer.healObject("bkt", key, HealOptions.NORMAL).outcome());
        assertFalse(listed("").contains(key));
        assertFalse(delimited("").contains(key));
        assertEquals(List.of(), listed(key));
    }

    /**
     * Does what a scan cycle does for the bucket: heals each object, then finishes where the walk says so; an orphan
     * is only finished.
     */
    private int scan() throws ObjectStoreException {
        int finished = 0;
        for (ScanEntry e : healer.scanWithOrphans(0, 0, "bkt", "", "", 1000)) {
            if (!e.orphan()) {
                healer.healObject("bkt", e.key(), HealOptions.NORMAL);
            }
            if (!e.finishPending().isEmpty()) {
                finished += healer.finishCommits(0, 0, "bkt", e.key(), e.finishPending());
            }
        }
        return finished;
    }

    /** The keys a listing of the bucket without delimiter shows. */
    private List<String> listed(String prefix) throws ObjectStoreException {
        return cluster.layer.listObjects("bkt", new ListRequest(prefix, "", "", 1000)).objects().stream()
                .map(o -> o.key()).toList();
    }

    /** The common prefixes and keys a listing of the bucket with the delimiter {@code /} shows. */
    private List<String> delimited(String prefix) throws ObjectStoreException {
        ListPage page = cluster.layer.listObjects("bkt", new ListRequest(prefix, "/", "", 1000));
        List<String> out = new ArrayList<>(page.commonPrefixes());
        page.objects().forEach(o -> out.add(o.key()));
        return out;
    }

    private ScanEntry entry(String key) throws ObjectStoreException {
        return healer.scan(0, 0, "bkt", key, "", 1).get(0);
    }

    /** Every file of every drive outside the temp volume, by path below the test folder, with its content. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = tmp.relativize(p).toString();
                if (Files.isRegularFile(p) && !rel.contains(Drive.TEMP_VOLUME)) {
                    files.put(rel, java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    private static Map<String, String> filter(Map<String, String> files, Predicate<String> keep) {
        Map<String, String> out = new TreeMap<>();
        files.forEach((k, v) -> {
            if (keep.test(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private Path objectDir(int drive, String key) {
        return cluster.dirs.get(drive).resolve("bkt").resolve(key);
    }

    /** Reads the object with only the given drives online. */
    private byte[] readWith(String key, int... online) throws Exception {
        return cluster.getWith("bkt", key, online);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
