/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;

/**
 * A drive heal replaces the fresh-drive mark with its tracker and leaves neither once it is done without gaps, so
 * that heals stop treating the drive as not filled yet and the drive is healed once; one that left an object without
 * a copy keeps its tracker and heals the drive again later.
 */
class DriveHealsTest {

    /** How long a heal may take to reach a state on a loaded machine. */
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(10);

    /** One local drive whose heal state files live in a map; formatting it leaves the fresh-drive mark. */
    private static class OneDrive implements DriveInventory {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        volatile boolean formatted;

        @Override
        public List<SetDrive> drives() {
            return List.of(new SetDrive("/d1", 0, 0, 0, true, formatted ? SetDrive.State.ONLINE
                    : SetDrive.State.UNFORMATTED));
        }

        @Override
        public List<String> buckets() {
            return List.of();
        }

        @Override
        public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max) {
            return List.of();
        }

        @Override
        public boolean formatFresh(int pool, int set, int position) {
            formatted = true;
            files.put(FRESH_DRIVE_STATE, new byte[0]);
            return true;
        }

        @Override
        public Optional<byte[]> readState(int pool, int set, int position, String name) {
            return Optional.ofNullable(files.get(name));
        }

        @Override
        public boolean writeState(int pool, int set, int position, String name, byte[] data) {
            files.put(name, data);
            return true;
        }

        @Override
        public void deleteState(int pool, int set, int position, String name) {
            files.remove(name);
        }
    }

    /** The drive of {@link OneDrive} in a set holding one object, {@code b/k}. */
    private static final class OneObject extends OneDrive {
        @Override
        public List<String> buckets() {
            return List.of("b");
        }

        @Override
        public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max) {
            return "b".equals(volume) && afterKey.isEmpty() ? List.of(new ScanEntry("k", 10)) : List.of();
        }
    }

    /** Answers that {@code b/k} cannot be rebuilt (dangling) until told it can. */
    private static final class Rebuildable implements ObjectHealer {
        final AtomicBoolean readable = new AtomicBoolean();

        @Override
        public HealResult healObject(String volume, String key, HealOptions options) {
            HealResult.Outcome outcome = readable.get() ? HealResult.Outcome.HEALED : HealResult.Outcome.DANGLING;
            return new HealResult(volume, key, outcome, List.of(), readable.get() ? 1 : 0, 0, 10, "");
        }

        @Override
        public HealResult healBucket(String bucket) {
            return new HealResult(bucket, "", HealResult.Outcome.HEALTHY, List.of(), 0, 0, 0, "");
        }
    }

    @Test
    void aDriveHealThatLeftAnObjectWithoutACopyKeepsItsTrackerAndHealsAgainLater() throws Exception {
        OneDrive drive = new OneObject();
        drive.formatFresh(0, 0, 0);
        Rebuildable healer = new Rebuildable();
        AtomicLong nanos = new AtomicLong();
        DriveHeals heals = new DriveHeals(new HealEngine(healer, 1, 0, Duration.ofHours(1), Instant::now), drive,
                true, nanos::get);
        heals.check();
        awaitDone(heals, 1);
        // The heal's end writes the tracker back as done (a running heal never saves it so).
        awaitEnded(heals, drive);
        heals.check();
        Thread.sleep(50);
        assertEquals(1, heals.tasks().size(), "not again at once");

        healer.readable.set(true);
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        awaitTrue(() -> {
            heals.check();
            return heals.tasks().size() >= 2;
        });
        awaitDone(heals, 2);
        awaitNoStateFiles(drive);
        assertEquals(Map.of(), drive.files, "filled: neither mark nor tracker is left");
        assertEquals(1, heals.tasks().get(1).healed());
        heals.stop();
    }

    @Test
    void healsThatKeepLeavingGapsPauseLongerEachTime() throws Exception {
        OneDrive drive = new OneObject();
        drive.formatFresh(0, 0, 0);
        AtomicLong nanos = new AtomicLong();
        DriveHeals heals = new DriveHeals(new HealEngine(new Rebuildable(), 1, 0, Duration.ofHours(1), Instant::now),
                drive, true, nanos::get);
        heals.check();
        awaitDone(heals, 1);
        awaitEnded(heals, drive);
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        heals.check();
        awaitDone(heals, 2);
        awaitEnded(heals, drive);
        // The second pass left the same gap: the next waits two minutes, not one.
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        heals.check();
        Thread.sleep(50);
        assertEquals(2, heals.tasks().size(), "not again after one minute");
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        heals.check();
        awaitDone(heals, 3);
        heals.stop();
        assertEquals(Duration.ofMinutes(1).toNanos(), DriveHeals.pauseAfterGaps(1));
        assertEquals(Duration.ofMinutes(32).toNanos(), DriveHeals.pauseAfterGaps(6));
        assertEquals(Duration.ofHours(1).toNanos(), DriveHeals.pauseAfterGaps(7));
        assertEquals(Duration.ofHours(1).toNanos(), DriveHeals.pauseAfterGaps(1_000));
    }

    /** Waits for a heal's end to be recorded (its tracker written back as done, its next attempt planned). */
    private static void awaitEnded(DriveHeals heals, OneDrive drive) throws Exception {
        awaitTrue(() -> !heals.healing("/d1"));
        assertFalse(heals.healing("/d1"), "the heal ended");
        assertTrue(trackerDone(drive), "still under heal: " + drive.files.keySet());
    }

    private static final ObjectHealer NO_OBJECTS = new ObjectHealer() {
        @Override
        public HealResult healObject(String volume, String key, HealOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HealResult healBucket(String bucket) {
            throw new UnsupportedOperationException();
        }
    };

    private static DriveHeals heals(DriveInventory inventory) {
        HealEngine engine = new HealEngine(NO_OBJECTS, 1, 0, Duration.ofHours(1), Instant::now);
        return new DriveHeals(engine, inventory, true, System::nanoTime);
    }

    private static void awaitDone(DriveHeals heals, int count) {
        boolean done = awaitTrue(() -> {
            List<HealStatus.Task> tasks = heals.tasks();
            return tasks.size() == count && tasks.stream().allMatch(t -> "done".equals(t.state()));
        });
        if (!done) {
            throw new AssertionError("the drive heal did not finish: " + heals.tasks());
        }
    }

    /**
     * Checks a condition every {@link #POLL} until it holds or {@link #LIMIT} passes.
     *
     * @return whether it held
     */
    private static boolean awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return true;
    }

    private static boolean trackerDone(OneDrive drive) throws IOException {
        byte[] tracker = drive.files.get(DriveHeals.TRACKER);
        return tracker != null && "done".equals(Progress.decode(tracker).state());
    }

    /** Waits for the heal's end to remove the drive's state files, which it does just after the task shows done. */
    private static void awaitNoStateFiles(OneDrive drive) {
        awaitTrue(drive.files::isEmpty);
    }

    @Test
    void aDriveFormattedEmptyKeepsAMarkUntilItsHealIsDone() throws Exception {
        OneDrive drive = new OneDrive();
        DriveHeals heals = heals(drive);
        heals.check();
        awaitDone(heals, 1);
        awaitNoStateFiles(drive);
        assertEquals(Map.of(), drive.files, "neither the fresh-drive mark nor the tracker is left");
        heals.check();
        Thread.sleep(50);
        assertEquals(1, heals.tasks().size(), "healed once");
        heals.stop();
    }

    @Test
    void aDriveMarkedAtStartIsHealedOnce() throws Exception {
        OneDrive drive = new OneDrive();
        drive.formatFresh(0, 0, 0);
        DriveHeals heals = heals(drive);
        heals.check();
        awaitDone(heals, 1);
        awaitNoStateFiles(drive);
        assertTrue(drive.files.isEmpty(), drive.files.keySet().toString());
        heals.check();
        Thread.sleep(50);
        assertEquals(1, heals.tasks().size(), "healed once");
        heals.stop();
    }
}
