/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;

/**
 * A drive heal replaces the fresh-drive mark with its tracker and leaves neither once it is done, so that heals stop
 * treating the drive as not filled yet and the drive is healed once.
 */
class DriveHealsTest {

    /** One local drive whose heal state files live in a map; formatting it leaves the fresh-drive mark. */
    private static final class OneDrive implements DriveInventory {
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

    private static void awaitDone(DriveHeals heals, int count) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<HealStatus.Task> tasks = heals.tasks();
            if (tasks.size() == count && tasks.stream().allMatch(t -> "done".equals(t.state()))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the drive heal did not finish: " + heals.tasks());
    }

    /** Waits for the heal's end to remove the drive's state files, which it does just after the task shows done. */
    private static void awaitNoStateFiles(OneDrive drive) throws InterruptedException {
        for (int i = 0; i < 500 && !drive.files.isEmpty(); i++) {
            Thread.sleep(10);
        }
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
