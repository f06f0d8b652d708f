/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.heal.SetDrive;

/** Manual heals through {@link HealComponent}: one runs at a time unless replaced on purpose. */
class ManualHealTest {

    @Test
    void aSecondManualHealIsRefusedWhileOneRunsUnlessItReplacesIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Object> settings = Map.of("scannerEnabled", false, "healFreshDrives", false);
        HealComponent heal = new HealComponent(blockingHealer(release), inventory(), new HealHistory(),
                config(settings), settings);
        try {
            HealStatus.Task first = heal.start("bucket", "", false);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> heal.start("bucket", "other/", true));
            assertTrue(refused.getMessage().contains("manual heal " + first.id() + " of bucket is still running"),
                    refused.getMessage());
            assertEquals(List.of(first.id()), manualIds(heal), "the refused start left no trace");

            HealStatus.Task second = heal.start("bucket", "other/", true, true);
            release.countDown();
            assertEquals(Set.of(first.id(), second.id()), Set.copyOf(manualIds(heal)),
                    "the replaced heal stays listed");
        } finally {
            release.countDown();
            heal.deactivate();
        }
    }

    @Test
    void aComponentReplacedForNewSettingsStillListsTheManualHealsAndScannerCycles() throws Exception {
        HealHistory history = new HealHistory();
        history.cycleEnded(java.time.Instant.EPOCH);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Object> settings = Map.of("scannerEnabled", false, "healFreshDrives", false);
        HealComponent before = new HealComponent(blockingHealer(release), inventory(), history, config(settings),
                settings);
        HealStatus.Task task = before.start("bucket", "", false);
        release.countDown();
        before.deactivate();

        Map<String, Object> edited = Map.of("scannerEnabled", false, "healFreshDrives", false, "healWorkers", 4);
        HealComponent after = new HealComponent(blockingHealer(release), inventory(), history, config(edited),
                edited);
        try {
            assertEquals(List.of(task.id()), manualIds(after));
            assertEquals(1, after.status().scanner().cycles());
        } finally {
            after.deactivate();
        }
    }

    private static List<String> manualIds(HealComponent heal) {
        return heal.status().tasks().stream().filter(t -> t.kind().startsWith("manual")).map(HealStatus.Task::id)
                .toList();
    }

    /** Heals buckets only once released, so that a manual heal stays running until the test says so. */
    static ObjectHealer blockingHealer(CountDownLatch release) {
        return new ObjectHealer() {
            @Override
            public HealResult healObject(String volume, String key, HealOptions options) {
                return new HealResult(volume, key, HealResult.Outcome.HEALTHY, List.of(), 0, 0, 0, "");
            }

            @Override
            public HealResult healBucket(String bucket) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new HealResult(bucket, "", HealResult.Outcome.HEALTHY, List.of(), 0, 0, 0, "");
            }
        };
    }

    static DriveInventory inventory() {
        return new FixedInventory(List.of(new SetDrive("/d1", 0, 0, 0, true, SetDrive.State.ONLINE)), "bucket",
                List.of());
    }

    /** The settings' defaults with some overridden, as SCR would hand them over. */
    static HealComponent.Config config(Map<String, Object> overrides) {
        return (HealComponent.Config) Proxy.newProxyInstance(HealComponent.Config.class.getClassLoader(),
                new Class<?>[] {HealComponent.Config.class}, (proxy, method, args) ->
                        overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                                : method.getDefaultValue());
    }
}
