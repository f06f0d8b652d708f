/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of healing on one node.
 *
 * @param tasks drive heals and manual heals, running ones first, then the most recent finished ones
 * @param queued objects waiting in the missed-write queue (writes and reads that found damage)
 * @param scanner the background scanner
 * @param totals counters since the node started
 */
public record HealStatus(List<Task> tasks, long queued, Scanner scanner, Totals totals) {

    /**
     * Validates the components.
     *
     * @param tasks the tasks
     * @param queued the queue length
     * @param scanner the scanner state
     * @param totals the counters
     */
    public HealStatus {
        tasks = List.copyOf(tasks);
    }

    /**
     * A drive heal or a manual heal and its progress.
     *
     * @param id the task id
     * @param kind {@code drive} or {@code manual}
     * @param scope what is healed: the drive endpoint, or {@code bucket/prefix}
     * @param state {@code scanning} (counting), {@code healing}, {@code done}, {@code stopped} or {@code failed}
     * @param started when it started (first started, for a resumed drive heal)
     * @param finished when it ended, {@code null} while running
     * @param objectsTotal objects to heal (known once counting is done, else 0)
     * @param objectsDone objects examined so far
     * @param bytesTotal bytes of object data to heal
     * @param bytesDone bytes of object data examined so far
     * @param healed objects that needed repair and were repaired
     * @param failed objects that could not be healed (recorded and skipped)
     * @param bytesPerSecond the rate over the task's running time
     * @param secondsRemaining the estimated time to finish, -1 when unknown
     */
    public record Task(String id, String kind, String scope, String state, Instant started, Instant finished,
            long objectsTotal, long objectsDone, long bytesTotal, long bytesDone, long healed, long failed,
            double bytesPerSecond, long secondsRemaining) {
    }

    /**
     * The background scanner.
     *
     * @param enabled whether it runs
     * @param cycles completed cycles over every set this node scans
     * @param objectsScanned objects examined in all cycles
     * @param lastCycleEnd when the last cycle completed, {@code null} before the first
     * @param commitsFinished drive copies on which the scanner finished a commit whose finish was lost or which a
     *     crash interrupted (it dropped a kept previous version or leftover data directories there); since 1.4
     */
    public record Scanner(boolean enabled, long cycles, long objectsScanned, Instant lastCycleEnd,
            long commitsFinished) {

        /**
         * Creates a scanner state without finished commits.
         *
         * @param enabled whether it runs
         * @param cycles completed cycles
         * @param objectsScanned objects examined
         * @param lastCycleEnd when the last cycle completed, or {@code null}
         */
        public Scanner(boolean enabled, long cycles, long objectsScanned, Instant lastCycleEnd) {
            this(enabled, cycles, objectsScanned, lastCycleEnd, 0);
        }
    }

    /**
     * Counters since the node started.
     *
     * @param objectsHealed objects repaired
     * @param drivesWritten drive copies written (one object healed onto two drives counts two)
     * @param corruptFound drive copies found corrupt (bitrot in metadata or shards)
     * @param missingFound drive copies found missing
     * @param staleFound drive copies found holding an older version
     * @param deletesApplied missed deletes applied
     * @param danglingFound dangling objects reported
     * @param danglingRemoved dangling objects removed after the grace period
     * @param failures heals that failed
     * @param bytesWritten bytes written by healing
     */
    public record Totals(long objectsHealed, long drivesWritten, long corruptFound, long missingFound,
            long staleFound, long deletesApplied, long danglingFound, long danglingRemoved, long failures,
            long bytesWritten) {
    }
}
