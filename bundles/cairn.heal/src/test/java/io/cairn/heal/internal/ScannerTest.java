/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.heal.SetDrive.State;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

class ScannerTest {

    private static SetDrive d(int set, int pos, boolean local, State state) {
        return new SetDrive("http://n" + pos + "/d" + set, 0, set, pos, local, state);
    }

    @Test
    void theFirstOnlineDriveOfASetDecidesWhichNodeScansIt() {
        List<SetDrive> drives = List.of(
                d(0, 0, true, State.ONLINE), d(0, 1, false, State.ONLINE),
                d(1, 0, false, State.ONLINE), d(1, 1, true, State.ONLINE),
                d(2, 0, false, State.OFFLINE), d(2, 1, true, State.ONLINE),
                d(3, 0, true, State.UNFORMATTED), d(3, 1, false, State.ONLINE));
        assertEquals(List.of(new WalkTask.SetRef(0, 0), new WalkTask.SetRef(0, 2)),
                Scanner.responsibleSets(drives));
    }

    @Test
    void objectsTheScannerCannotHealWhileQuorumIsLostAreNotCountedAsFailures() {
        List<ScanEntry> objects = List.of(new ScanEntry("a", 1), new ScanEntry("b", 1), new ScanEntry("c", 1));
        AtomicReference<Scanner> scanner = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        ObjectHealer healer = new ObjectHealer() {
            @Override
            public HealResult healObject(String volume, String key, HealOptions options)
                    throws ObjectStoreException {
                if (attempts.incrementAndGet() == objects.size()) {
                    scanner.get().stop();
                }
                throw new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, "only 2 of 4 lock servers are reachable");
            }

            @Override
            public HealResult healBucket(String bucket) {
                return new HealResult(bucket, "", HealResult.Outcome.HEALTHY, List.of(), 0, 0, 0, "");
            }
        };
        HealEngine engine = new HealEngine(healer, 1, 0, Duration.ofHours(1), Instant::now);
        scanner.set(new Scanner(engine, inventory("bucket", objects), 0, 0, 60_000, 1));

        scanner.get().run();

        assertEquals(objects.size(), attempts.get());
        assertEquals(objects.size(), scanner.get().status().objectsScanned());
        assertEquals(0, engine.totals().failures(), "the next cycle tries them again");
    }

    /**
     * Objects whose walk reported something to finish are finished on exactly those drives, after their heal; one
     * whose lock is busy is finished by the next cycle, and only finishes that happened are counted.
     */
    @Test
    void theScannerFinishesCommitsWhoseFinishWasLostOnTheDrivesThatReportThem() {
        List<ScanEntry> objects = List.of(new ScanEntry("a", 1), new ScanEntry("b", 1, List.of(0, 2)),
                new ScanEntry("c", 1, List.of(1)));
        List<String> calls = new ArrayList<>();
        AtomicReference<Scanner> scanner = new AtomicReference<>();
        FixedInventory fixed = new FixedInventory(List.of(d(0, 0, true, State.ONLINE)), "bucket", objects);
        DriveInventory inventory = new DelegatingInventory(fixed) {
            private boolean lockBusy = true;

            @Override
            public int finishCommits(int pool, int set, String volume, String key, List<Integer> positions)
                    throws ObjectStoreException {
                calls.add(volume + "/" + key + " " + positions);
                if (key.equals("c") && lockBusy) {
                    lockBusy = false;
                    throw new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, "a write of c holds its lock");
                }
                return positions.size();
            }
        };
        // Stopped after the last object's finish: two cycles in all.
        RecordingHealer healer = new RecordingHealer(scanner, 2 * objects.size(), null);
        HealEngine engine = new HealEngine(healer, 1, 0, Duration.ofHours(1), Instant::now);
        scanner.set(new Scanner(engine, inventory, 0, 0, 0, 1));

        scanner.get().run();

        assertEquals(List.of("bucket/b [0, 2]", "bucket/c [1]", "bucket/b [0, 2]", "bucket/c [1]"), calls);
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), healer.healed);
        assertEquals(2 + 2 + 1, scanner.get().status().commitsFinished());
        assertEquals(2, scanner.get().status().cycles());
    }

    /**
     * An orphan (no drive holds metadata for the key, some hold data its crashed first commit left) is not healed:
     * the scanner only finishes it on the drives holding the data, which removes the data. The finishes count as
     * commits finished; the orphan counts as no object examined.
     */
    @Test
    void theScannerRemovesTheDataOfAnOrphanWithoutHealingIt() {
        List<ScanEntry> objects = List.of(new ScanEntry("a", 1), new ScanEntry("c", 1));
        List<ScanEntry> withOrphans = List.of(objects.get(0), ScanEntry.orphan("b", List.of(0, 1, 2, 3)),
                objects.get(1));
        List<String> calls = new ArrayList<>();
        AtomicReference<Scanner> scanner = new AtomicReference<>();
        FixedInventory fixed = new FixedInventory(List.of(d(0, 0, true, State.ONLINE)), "bucket", objects);
        DriveInventory inventory = new DelegatingInventory(fixed) {
            @Override
            public List<ScanEntry> scanWithOrphans(int pool, int set, String volume, String prefix,
                    String afterKey, int max) throws ObjectStoreException {
                return volume.equals("bucket") && afterKey.isEmpty() ? withOrphans : List.of();
            }

            @Override
            public int finishCommits(int pool, int set, String volume, String key, List<Integer> positions) {
                calls.add(volume + "/" + key + " " + positions);
                return positions.size();
            }
        };
        RecordingHealer healer = new RecordingHealer(scanner, objects.size(), null);
        HealEngine engine = new HealEngine(healer, 1, 0, Duration.ofHours(1), Instant::now);
        scanner.set(new Scanner(engine, inventory, 0, 0, 0, 1));

        scanner.get().run();

        assertEquals(List.of("a", "c"), healer.healed);
        assertEquals(List.of("bucket/b [0, 1, 2, 3]"), calls);
        assertEquals(4, scanner.get().status().commitsFinished());
        assertEquals(2, scanner.get().status().objectsScanned());
    }

    /**
     * An unchecked exception while healing one object, or while walking, does not end the scanner: it goes on with
     * the next object, and a cycle cut short is followed by the next one.
     */
    @Test
    void anUncheckedExceptionEndsNeitherTheCycleNorTheScanner() {
        List<ScanEntry> objects = List.of(new ScanEntry("a", 1), new ScanEntry("b", 1), new ScanEntry("c", 1));
        AtomicReference<Scanner> scanner = new AtomicReference<>();
        RecordingHealer healer = new RecordingHealer(scanner, 2 * objects.size(), "b");
        FixedInventory fixed = new FixedInventory(List.of(d(0, 0, true, State.ONLINE)), "bucket", objects);
        AtomicInteger walks = new AtomicInteger();
        DriveInventory inventory = new DelegatingInventory(fixed) {
            @Override
            public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max)
                    throws ObjectStoreException {
                if (walks.incrementAndGet() == 1) {
                    throw new IllegalStateException("a bug in the first walk");
                }
                return super.scan(pool, set, volume, prefix, afterKey, max);
            }
        };
        HealEngine engine = new HealEngine(healer, 1, 0, Duration.ofHours(1), Instant::now);
        scanner.set(new Scanner(engine, inventory, 0, 0, 0, 1));

        scanner.get().run();

        assertEquals(List.of("a", "b", "c", "a", "b", "c"), healer.healed);
        assertEquals(3, scanner.get().status().cycles(), "the cycle cut by the walk's exception, then two whole ones");
    }

    /** Heals every object as healthy, recording the keys, and stops the scanner after a number of heals. */
    private static final class RecordingHealer implements ObjectHealer {
        final List<String> healed = new ArrayList<>();
        private final AtomicReference<Scanner> scanner;
        private final int stopAfter;
        private final String failing;

        /**
         * @param scanner the scanner to stop
         * @param stopAfter the heals after which it stops
         * @param failing a key whose heal throws an unchecked exception, or {@code null}
         */
        RecordingHealer(AtomicReference<Scanner> scanner, int stopAfter, String failing) {
            this.scanner = scanner;
            this.stopAfter = stopAfter;
            this.failing = failing;
        }

        @Override
        public HealResult healObject(String volume, String key, HealOptions options) {
            healed.add(key);
            if (healed.size() == stopAfter) {
                scanner.get().stop();
            }
            if (key.equals(failing)) {
                throw new IllegalStateException("a bug while healing " + key);
            }
            return new HealResult(volume, key, HealResult.Outcome.HEALTHY, List.of(), 0, 0, 1, "");
        }

        @Override
        public HealResult healBucket(String bucket) {
            return new HealResult(bucket, "", HealResult.Outcome.HEALTHY, List.of(), 0, 0, 0, "");
        }
    }

    private static DriveInventory inventory(String bucket, List<ScanEntry> objects) {
        return new FixedInventory(List.of(d(0, 0, true, State.ONLINE)), bucket, objects);
    }

    @Test
    void aSetWithoutOnlineDrivesIsScannedByNoOne() {
        assertEquals(List.of(), Scanner.responsibleSets(List.of(d(0, 0, true, State.OFFLINE))));
    }
}
