/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.cairn.api.heal.HealService;
import io.cairn.api.heal.HealStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The meters read from {@link HealService#status()}: MinIO's {@code minio_heal_objects_*} counters and Cairn's
 * own counters of the missed-write queue, the scanner and what healing found, plus the progress of each drive and
 * manual heal task. Healing is per node, so they all go to the node registry. The status is read once per scrape
 * by {@link #refresh}; tasks that finished or started since the last scrape come and go with their series. Not
 * thread-safe: the owner serialises calls.
 */
final class HealMeters {

    private static final HealStatus NONE = new HealStatus(List.of(), 0, new HealStatus.Scanner(false, 0, 0, null),
            new HealStatus.Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

    private final HealService heal;
    private final MeterSet meters = new MeterSet();
    private final List<TaskGauge> taskGauges = new ArrayList<>();
    private HealStatus status = NONE;

    /** One per-task gauge and how a task's value is read; a {@code NaN} value leaves the task out. */
    private record TaskGauge(MultiGauge gauge, ToDoubleFunction<HealStatus.Task> value) {
    }

    /**
     * Registers the meters.
     *
     * @param heal where they are read from
     * @param registry the registry of {@code /minio/v2/metrics/node}
     */
    HealMeters(HealService heal, MeterRegistry registry) {
        this.heal = heal;
        counter(registry, "minio_heal_objects_heal", Tags.empty(), "Objects healed on this node since it started.",
                t -> t.objectsHealed());
        counter(registry, "minio_heal_objects_errors", Tags.empty(),
                "Objects whose healing failed on this node since it started.", t -> t.failures());
        meters.gauge(registry, "cairn_heal_queued_objects", "Objects waiting in the missed-write queue.",
                this, m -> m.status.queued());
        meters.counter(registry, "cairn_heal_scanner_cycles", null, Tags.empty(),
                "Completed scanner cycles over every erasure set this node scans.", this,
                m -> m.status.scanner().cycles());
        meters.counter(registry, "cairn_heal_scanner_objects", null, Tags.empty(),
                "Objects the scanner examined.", this, m -> m.status.scanner().objectsScanned());
        meters.counter(registry, "cairn_heal_scanner_commits_finished", null, Tags.empty(),
                "Drive copies on which the scanner finished a commit whose finish was lost or that a crash"
                        + " interrupted.", this, m -> m.status.scanner().commitsFinished());
        String found = "Drive copies healing found damaged, by state.";
        counter(registry, "cairn_heal_copies_found", Tags.of("state", "corrupt"), found, t -> t.corruptFound());
        counter(registry, "cairn_heal_copies_found", Tags.of("state", "missing"), found, t -> t.missingFound());
        counter(registry, "cairn_heal_copies_found", Tags.of("state", "stale"), found, t -> t.staleFound());
        counter(registry, "cairn_heal_drive_copies_written", Tags.empty(),
                "Drive copies healing wrote (an object healed onto two drives counts two).", t -> t.drivesWritten());
        counter(registry, "cairn_heal_deletes_applied", Tags.empty(), "Missed deletes healing applied.",
                t -> t.deletesApplied());
        counter(registry, "cairn_heal_dangling_found", Tags.empty(),
                "Dangling objects found (on fewer drives than their read quorum, not rebuildable).",
                t -> t.danglingFound());
        counter(registry, "cairn_heal_dangling_removed", Tags.empty(), "Dangling objects removed.",
                t -> t.danglingRemoved());
        meters.counter(registry, "cairn_heal_written", "bytes", Tags.empty(), "Bytes healing wrote to drives.",
                this, m -> m.status.totals().bytesWritten());
        task(registry, "cairn_heal_task_running", "Whether a heal task is running (1) or has ended (0).",
                t -> t.finished() == null ? 1 : 0);
        task(registry, "cairn_heal_task_objects", "Objects a heal task examines; 0 while it is still counting.",
                t -> t.objectsTotal());
        task(registry, "cairn_heal_task_objects_done", "Objects a heal task has examined.", t -> t.objectsDone());
        task(registry, "cairn_heal_task_objects_failed", "Objects a heal task could not heal.", t -> t.failed());
        task(registry, "cairn_heal_task_bytes", "Bytes of object data a heal task examines.", t -> t.bytesTotal());
        task(registry, "cairn_heal_task_bytes_done", "Bytes of object data a heal task has examined.",
                t -> t.bytesDone());
        task(registry, "cairn_heal_task_bytes_per_second", "A heal task's rate over its running time.",
                t -> t.bytesPerSecond());
        task(registry, "cairn_heal_task_seconds_remaining",
                "Estimated seconds until a running heal task ends; absent while unknown.",
                t -> t.finished() == null && t.secondsRemaining() >= 0 ? t.secondsRemaining() : Double.NaN);
    }

    /** @return the service the meters read */
    HealService source() {
        return heal;
    }

    /** Reads the healing status once and updates every meter. */
    void refresh() {
        status = heal.status();
        for (TaskGauge g : taskGauges) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (HealStatus.Task task : status.tasks()) {
                double value = g.value().applyAsDouble(task);
                if (!Double.isNaN(value)) {
                    rows.add(MultiGauge.Row.of(Tags.of("task", task.id(), "kind", task.kind(), "scope",
                            task.scope()), value));
                }
            }
            g.gauge().register(rows, true);
        }
    }

    /** Removes every meter from the registry. */
    void remove() {
        meters.removeAll();
        taskGauges.clear();
    }

    private void counter(MeterRegistry registry, String name, Tags tags, String description,
            ToDoubleFunction<HealStatus.Totals> total) {
        meters.counter(registry, name, null, tags, description, this, m -> total.applyAsDouble(m.status.totals()));
    }

    private void task(MeterRegistry registry, String name, String description,
            ToDoubleFunction<HealStatus.Task> value) {
        taskGauges.add(new TaskGauge(meters.multiGauge(registry, name, description), value));
    }
}
