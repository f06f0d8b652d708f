/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealStatus;

/**
 * What healing has done since the node started: the counters, the scanner's cycles, the latest manual heals and
 * the dangling objects being watched. It is a component of its own, without configuration, so that it outlives
 * {@link HealComponent}, which an edit of {@code conf/io.cairn.heal.cfg} replaces with one running on the new
 * settings: the history goes on across the edit (counters are not reset, an object is not counted dangling twice
 * nor its grace period started again), and starts over when the node (or this bundle) restarts. It is immediate:
 * a delayed component would be discarded, history and all, when the replaced component releases it.
 */
@Component(service = HealHistory.class, configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true)
public final class HealHistory {

    /** Most finished or stopped manual heals {@code cairn:heal status} still lists, beside the running one. */
    static final int MANUAL_HEALS_LISTED = 4;
    private static final int MAX_DANGLING_TRACKED = 10_000;

    private final AtomicLong objectsHealed = new AtomicLong();
    private final AtomicLong drivesWritten = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong danglingFound = new AtomicLong();
    private final AtomicLong danglingRemoved = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong scannerCycles = new AtomicLong();
    private final AtomicLong scannerObjects = new AtomicLong();
    private final AtomicLong commitsFinished = new AtomicLong();
    private volatile Instant lastCycleEnd;
    /** The latest manual heals, newest last, at most {@value #MANUAL_HEALS_LISTED} + 1; guarded by itself. */
    private final Deque<Progress> manualHeals = new ArrayDeque<>();
    /** When each watched object was first found dangling, least recently used first; guarded by itself. */
    private final Map<String, Instant> danglingSince = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_DANGLING_TRACKED;
        }
    };

    /** Creates an empty history. */
    public HealHistory() {
    }

    /**
     * Counts the result of one object's heal.
     *
     * @param r the result
     */
    void account(HealResult r) {
        bytesWritten.addAndGet(r.bytesWritten());
        switch (r.outcome()) {
            case HEALED -> {
                objectsHealed.incrementAndGet();
                drivesWritten.addAndGet(r.drivesHealed());
                corrupt.addAndGet(r.count(DriveHealState.CORRUPT));
                missing.addAndGet(r.count(DriveHealState.MISSING));
                stale.addAndGet(r.count(DriveHealState.STALE));
            }
            case DELETED -> deletes.incrementAndGet();
            case DANGLING_REMOVED -> danglingRemoved.incrementAndGet();
            default -> {
                // HEALTHY, NOT_FOUND, DANGLING (counted when first seen), SKIPPED (retried by the caller).
            }
        }
    }

    /** Counts a heal that failed. */
    void failed() {
        failures.incrementAndGet();
    }

    /**
     * Starts watching a dangling object, or tells since when it has been watched.
     *
     * @param name the object, {@code volume/key}
     * @param now the time it is found dangling
     * @return when it was first found dangling, {@code null} when it is found now (and counted)
     */
    Instant dangling(String name, Instant now) {
        Instant since;
        synchronized (danglingSince) {
            since = danglingSince.putIfAbsent(name, now);
        }
        if (since == null) {
            danglingFound.incrementAndGet();
        }
        return since;
    }

    /**
     * Stops watching an object: it is no longer dangling.
     *
     * @param name the object, {@code volume/key}
     */
    void forget(String name) {
        synchronized (danglingSince) {
            danglingSince.remove(name);
        }
    }

    /**
     * Counts one object the scanner examined.
     */
    void scanned() {
        scannerObjects.incrementAndGet();
    }

    /**
     * Counts commits the scanner finished on drives where their finish was lost.
     *
     * @param count the drives finished for one object
     */
    void commitsFinished(int count) {
        commitsFinished.addAndGet(count);
    }

    /**
     * Counts a scanner cycle that ended.
     *
     * @param end when it ended
     * @return the cycles ended so far
     */
    long cycleEnded(Instant end) {
        lastCycleEnd = end;
        return scannerCycles.incrementAndGet();
    }

    /**
     * Returns the scanner's history.
     *
     * @param enabled whether the scanner runs now
     * @return a snapshot
     */
    HealStatus.Scanner scanner(boolean enabled) {
        return new HealStatus.Scanner(enabled, scannerCycles.get(), scannerObjects.get(), lastCycleEnd,
                commitsFinished.get());
    }

    /**
     * Remembers a manual heal that starts, forgetting the oldest beyond {@value #MANUAL_HEALS_LISTED} + 1.
     *
     * @param progress its progress
     */
    void started(Progress progress) {
        synchronized (manualHeals) {
            manualHeals.addLast(progress);
            if (manualHeals.size() > MANUAL_HEALS_LISTED + 1) {
                manualHeals.removeFirst();
            }
        }
    }

    /**
     * Returns the latest manual heals.
     *
     * @return snapshots, newest first
     */
    List<HealStatus.Task> manualHeals() {
        List<HealStatus.Task> tasks = new ArrayList<>();
        synchronized (manualHeals) {
            manualHeals.descendingIterator().forEachRemaining(p -> tasks.add(p.snapshot()));
        }
        return tasks;
    }

    /**
     * Returns the counters.
     *
     * @return a snapshot
     */
    HealStatus.Totals totals() {
        return new HealStatus.Totals(objectsHealed.get(), drivesWritten.get(), corrupt.get(), missing.get(),
                stale.get(), deletes.get(), danglingFound.get(), danglingRemoved.get(), failures.get(),
                bytesWritten.get());
    }
}
