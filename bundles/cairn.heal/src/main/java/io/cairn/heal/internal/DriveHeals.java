/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.object.ObjectStoreException;

/**
 * Fresh-drive heals on this node. A check, run every few seconds, formats every local drive found empty (a
 * replaced disk) for its slot and heals its whole set onto it; it also starts a heal for a drive the object layer
 * formatted at start, and resumes a heal whose tracker ({@value #TRACKER}) is still on a drive, because the node
 * stopped or the heal failed before the end. A drive formatted empty carries {@link DriveInventory#FRESH_DRIVE_STATE}
 * until its tracker is written; the tracker lives on the drive being healed, is written at most once a second, and
 * is deleted when the heal completes having left no gap. A heal that could not rebuild some objects onto the drive
 * (skipped, failed or dangling: for example when most of the set's real drives are unmounted) leaves its tracker,
 * and the drive is healed again from the start a minute later, then after pauses doubling up to an hour while heals
 * keep leaving gaps. While either file is there, heals know the drive is
 * not filled yet, so what it lacks is no evidence of a delete.
 */
final class DriveHeals {

    /** The name of the tracker file on the drive being healed. */
    static final String TRACKER = DriveInventory.DRIVE_HEAL_STATE;

    private static final Logger LOG = LoggerFactory.getLogger(DriveHeals.class);
    private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Longest pause between two heals of a drive that keep leaving the same gaps (the pause doubles per pass). */
    private static final long MAX_RETRY_AFTER_GAPS_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int FINISHED_KEPT = 16;

    private final HealEngine engine;
    private final DriveInventory inventory;
    private final boolean formatFresh;
    private final LongSupplier nanoClock;
    private final Map<String, WalkTask> running = new LinkedHashMap<>();
    /** When each drive whose last heal failed or left gaps may be healed again (nano clock). */
    private final Map<String, Long> retryAt = new LinkedHashMap<>();
    /** Heals in a row of each drive that left gaps. */
    private final Map<String, Integer> gapPasses = new LinkedHashMap<>();
    private final List<Progress> finished = new ArrayList<>();
    private boolean stopped;

    /**
     * Creates the drive heals.
     *
     * @param engine the heal engine
     * @param inventory the drives
     * @param formatFresh whether empty local drives are formatted and healed
     * @param nanoClock the clock in nanoseconds
     */
    DriveHeals(HealEngine engine, DriveInventory inventory, boolean formatFresh, LongSupplier nanoClock) {
        this.engine = engine;
        this.inventory = inventory;
        this.formatFresh = formatFresh;
        this.nanoClock = nanoClock;
    }

    /** Looks at every local drive once: formats fresh ones, starts and resumes heals. */
    void check() {
        for (SetDrive d : inventory.drives()) {
            if (!d.local() || isRunningOrBackingOff(d)) {
                continue;
            }
            if (d.state() == SetDrive.State.UNFORMATTED && formatFresh) {
                formatAndHeal(d);
            } else if (d.state() == SetDrive.State.ONLINE) {
                resumeOrStart(d);
            }
        }
    }

    private synchronized boolean isRunningOrBackingOff(SetDrive d) {
        if (stopped || running.containsKey(d.endpoint())) {
            return true;
        }
        Long at = retryAt.get(d.endpoint());
        return at != null && nanoClock.getAsLong() - at < 0;
    }

    private void formatAndHeal(SetDrive d) {
        try {
            if (inventory.formatFresh(d.pool(), d.set(), d.position())) {
                LOG.info("Drive {} is empty: formatted for pool {} set {} position {}; healing its set onto it",
                        d.endpoint(), d.pool() + 1, d.set() + 1, d.position() + 1);
                startMarked(d);
            }
        } catch (ObjectStoreException e) {
            LOG.warn("Cannot format the empty drive {}: {}", d.endpoint(), e.getMessage());
            backOff(d);
        }
    }

    private void resumeOrStart(SetDrive d) {
        Optional<byte[]> tracker = inventory.readState(d.pool(), d.set(), d.position(), TRACKER);
        if (tracker.isPresent()) {
            try {
                Progress p = Progress.decode(tracker.get());
                if ("done".equals(p.state())) {
                    LOG.info("Healing drive {} again: its last heal left {} objects without a copy on it",
                            d.endpoint(), p.gaps());
                    start(d, newProgress(d));
                    return;
                }
                p.resume();
                LOG.info("Resuming heal of drive {} ({} of {} objects done)", d.endpoint(), p.objectsDone(),
                        p.snapshot().objectsTotal());
                start(d, p);
            } catch (IOException e) {
                LOG.warn("Heal tracker on {} is unreadable ({}); healing the drive from the start", d.endpoint(),
                        e.getMessage());
                start(d, newProgress(d));
            }
            return;
        }
        if (inventory.readState(d.pool(), d.set(), d.position(), DriveInventory.FRESH_DRIVE_STATE).isPresent()) {
            LOG.info("Drive {} was formatted empty at start; healing its set onto it", d.endpoint());
            startMarked(d);
        }
    }

    /** Starts the heal of a drive marked fresh; the tracker replaces the mark once it is written. */
    private void startMarked(SetDrive d) {
        Progress p = newProgress(d);
        if (save(d, p)) {
            inventory.deleteState(d.pool(), d.set(), d.position(), DriveInventory.FRESH_DRIVE_STATE);
        }
        start(d, p);
    }

    private static Progress newProgress(SetDrive d) {
        return new Progress("drive-" + UUID.randomUUID().toString().substring(0, 8), "drive", d.endpoint(),
                Instant.now());
    }

    private void start(SetDrive d, Progress p) {
        WalkTask task = new WalkTask(engine, inventory, p, List.of(new WalkTask.SetRef(d.pool(), d.set())), "", "",
                false, progress -> save(d, progress), () -> ended(d, p));
        synchronized (this) {
            if (stopped) {
                return;
            }
            running.put(d.endpoint(), task);
        }
        save(d, p);
        Thread t = new Thread(task, "cairn-heal-drive-" + d.pool() + "-" + d.set() + "-" + d.position());
        t.setDaemon(true);
        t.start();
    }

    private boolean save(SetDrive d, Progress p) {
        if (!p.running() && "done".equals(p.snapshot().state())) {
            return true;
        }
        return inventory.writeState(d.pool(), d.set(), d.position(), TRACKER, p.encode());
    }

    private void ended(SetDrive d, Progress p) {
        String state = p.snapshot().state();
        boolean gaps = "done".equals(state) && p.gaps() > 0;
        if (gaps) {
            // Objects it could not rebuild are still missing on the drive: that is no evidence of their delete, so
            // the drive stays under heal (the tracker stays) and is healed again later.
            inventory.writeState(d.pool(), d.set(), d.position(), TRACKER, p.encode());
        } else if ("done".equals(state)) {
            inventory.deleteState(d.pool(), d.set(), d.position(), TRACKER);
        }
        synchronized (this) {
            running.remove(d.endpoint());
            if (gaps) {
                long pause = pauseAfterGaps(gapPasses.merge(d.endpoint(), 1, Integer::sum));
                retryAt.put(d.endpoint(), nanoClock.getAsLong() + pause);
                LOG.warn("Drive {} keeps its heal mark: {} objects could not be rebuilt onto it; it is healed again in"
                        + " {} min", d.endpoint(), p.gaps(), TimeUnit.NANOSECONDS.toMinutes(pause));
            } else if ("failed".equals(state)) {
                retryAt.put(d.endpoint(), nanoClock.getAsLong() + RETRY_AFTER_FAILURE_NANOS);
            } else {
                retryAt.remove(d.endpoint());
                gapPasses.remove(d.endpoint());
            }
            finished.add(p);
            if (finished.size() > FINISHED_KEPT) {
                finished.remove(0);
            }
        }
    }

    /**
     * Tells whether a drive's heal is running; it stops running once its end is recorded (tracker, next attempt).
     *
     * @param endpoint the drive
     * @return {@code true} while its heal runs
     */
    synchronized boolean healing(String endpoint) {
        return running.containsKey(endpoint);
    }

    private synchronized void backOff(SetDrive d) {
        retryAt.put(d.endpoint(), nanoClock.getAsLong() + RETRY_AFTER_FAILURE_NANOS);
    }

    /**
     * Returns the pause before the next heal of a drive whose heals left gaps so many times in a row: a minute,
     * doubling per pass up to an hour, so that objects that stay unrebuildable (dangling until their grace period
     * ends) do not make the node walk the whole set every minute.
     *
     * @param passes heals in a row that left gaps, from 1
     * @return the pause in nanoseconds
     */
    static long pauseAfterGaps(int passes) {
        int doublings = Math.min(passes - 1, 6);
        return Math.min(RETRY_AFTER_FAILURE_NANOS << doublings, MAX_RETRY_AFTER_GAPS_NANOS);
    }

    /**
     * Returns every running drive heal and the last finished ones.
     *
     * @return the tasks, finished first
     */
    synchronized List<HealStatus.Task> tasks() {
        List<HealStatus.Task> out = new ArrayList<>();
        finished.forEach(p -> out.add(p.snapshot()));
        running.values().forEach(t -> out.add(t.progress().snapshot()));
        return out;
    }

    /** Stops every running drive heal; their trackers stay so that they resume at the next start. */
    void stop() {
        List<WalkTask> tasks;
        synchronized (this) {
            stopped = true;
            tasks = new ArrayList<>(running.values());
        }
        tasks.forEach(WalkTask::stop);
    }
}
