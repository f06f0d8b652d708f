/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
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

    private static DriveInventory inventory(String bucket, List<ScanEntry> objects) {
        return new FixedInventory(List.of(d(0, 0, true, State.ONLINE)), bucket, objects);
    }

    @Test
    void aSetWithoutOnlineDrivesIsScannedByNoOne() {
        assertEquals(List.of(), Scanner.responsibleSets(List.of(d(0, 0, true, State.OFFLINE))));
    }
}
