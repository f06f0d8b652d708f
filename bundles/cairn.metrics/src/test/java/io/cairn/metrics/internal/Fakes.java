/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealService;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.object.DriveStatus;
import io.cairn.api.object.StorageStatus;

/** Small stand-ins for the services the meters read, whose answers a test sets. */
final class Fakes {

    private Fakes() {
    }

    /** A {@link StorageStatus} with settable drives and bitrot count. */
    static final class Storage implements StorageStatus {
        volatile List<DriveStatus> drives = List.of();
        volatile long bitrot;
        volatile int reads;

        @Override
        public List<DriveStatus> drives() {
            reads++;
            return drives;
        }

        @Override
        public String deploymentId() {
            return "00000000-0000-0000-0000-000000000000";
        }

        @Override
        public long bitrotErrors() {
            return bitrot;
        }
    }

    /** A {@link HealService} reporting a settable status. */
    static final class Heal implements HealService {
        volatile HealStatus status = Fakes.status(List.of(), 0, totals(0, 0));

        @Override
        public HealStatus.Task start(String bucket, String prefix, boolean deep, boolean replace) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean stop() {
            return false;
        }

        @Override
        public HealStatus status() {
            return status;
        }
    }

    /** A {@link DriveInventory} that only lists drive slots. */
    static final class Inventory implements DriveInventory {
        volatile List<SetDrive> drives = List.of();

        @Override
        public List<SetDrive> drives() {
            return drives;
        }

        @Override
        public List<String> buckets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean formatFresh(int pool, int set, int position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> readState(int pool, int set, int position, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean writeState(int pool, int set, int position, String name, byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteState(int pool, int set, int position, String name) {
            throw new UnsupportedOperationException();
        }
    }

    static DriveStatus online(String endpoint, int position, long total, long free) {
        return new DriveStatus(endpoint, 0, 0, position, true, total, free, "");
    }

    static DriveStatus offline(String endpoint, int position) {
        return new DriveStatus(endpoint, 0, 0, position, false, 0, 0, "drive not found");
    }

    static HealStatus.Totals totals(long healed, long failures) {
        return new HealStatus.Totals(healed, 2 * healed, 3, 4, 5, 6, 7, 8, failures, 1_000 * healed);
    }

    static HealStatus status(List<HealStatus.Task> tasks, long queued, HealStatus.Totals totals) {
        return new HealStatus(tasks, queued, new HealStatus.Scanner(true, 9, 900,
                Instant.parse("2030-01-01T00:00:00Z"), 12), totals);
    }

    static HealStatus.Task task(String id, String kind, String scope, boolean running, long remaining) {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        return new HealStatus.Task(id, kind, scope, running ? "healing" : "done", start,
                running ? null : start.plusSeconds(60), 100, running ? 40 : 100, 10_000, running ? 4_000 : 10_000,
                running ? 30 : 90, 1, 512.5, remaining);
    }

    /**
     * A configuration annotation instance: the given values, the declared defaults for the rest.
     *
     * @param values attribute values by method name
     * @return the configuration
     */
    static MetricsConfig config(Map<String, Object> values) {
        return (MetricsConfig) Proxy.newProxyInstance(MetricsConfig.class.getClassLoader(),
                new Class<?>[] {MetricsConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return MetricsConfig.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
