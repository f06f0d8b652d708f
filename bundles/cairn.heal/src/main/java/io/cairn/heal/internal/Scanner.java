/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;

/**
 * The background scanner: walks every set this node is responsible for, object by object at a bounded rate, and
 * heals each one (which checks its metadata and shard files on every drive); a configurable fraction of objects
 * is verified deeply, every shard block against its checksum. A node is responsible for a set when the first
 * online drive of the set (in position order) is one of its own, so each set is scanned by one node while the
 * nodes agree on which drives are online. After a cycle it waits for the configured interval.
 *
 * <p>It also finishes commits whose finish was lost: where the walk of a drive reports that a finish of an object's
 * commit would drop something (a previous version kept by a commit, data directories a crash left), the scanner
 * has the inventory finish the commit on those drives under the object's write lock. An orphan (a key no drive
 * holds metadata for, only what its crashed first commit or delete left) is not healed, only finished that way,
 * which removes it; it counts as no object examined. An object whose lock is busy is reported again by the next
 * cycle's walk.
 */
final class Scanner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Scanner.class);
    private static final int PAGE = 500;

    private final HealEngine engine;
    private final DriveInventory inventory;
    private final RateLimiter objects;
    private final double deepFraction;
    private final long intervalMillis;
    private final SplittableRandom random;
    private final HealHistory history;
    private volatile boolean stopped;

    /**
     * Creates the scanner.
     *
     * @param engine the heal engine
     * @param inventory the drives
     * @param objectsPerSecond the most objects examined per second, 0 for unlimited
     * @param deepFraction the fraction of objects verified deeply, 0 to 1
     * @param intervalMillis the pause between two cycles
     * @param seed the seed choosing the deeply verified objects
     */
    Scanner(HealEngine engine, DriveInventory inventory, double objectsPerSecond, double deepFraction,
            long intervalMillis, long seed) {
        this(engine, inventory, objectsPerSecond, deepFraction, intervalMillis, seed, new HealHistory());
    }

    /**
     * Creates the scanner, counting its cycles into a history that outlives it.
     *
     * @param engine the heal engine
     * @param inventory the drives
     * @param objectsPerSecond the most objects examined per second, 0 for unlimited
     * @param deepFraction the fraction of objects verified deeply, 0 to 1
     * @param intervalMillis the pause between two cycles
     * @param seed the seed choosing the deeply verified objects
     * @param history where the cycles and objects examined are counted
     */
    Scanner(HealEngine engine, DriveInventory inventory, double objectsPerSecond, double deepFraction,
            long intervalMillis, long seed, HealHistory history) {
        this.history = history;
        this.engine = engine;
        this.inventory = inventory;
        this.objects = new RateLimiter(objectsPerSecond, System::nanoTime);
        this.deepFraction = deepFraction;
        this.intervalMillis = intervalMillis;
        this.random = new SplittableRandom(seed);
    }

    /** Stops the scanner after the object it is examining. */
    void stop() {
        stopped = true;
    }

    /**
     * Returns the scanner's state.
     *
     * @return a snapshot
     */
    HealStatus.Scanner status() {
        return history.scanner(true);
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    cycle();
                } catch (RuntimeException e) {
                    // A bug or an unexpected failure below must not end the scanner for the node's lifetime.
                    LOG.warn("Scanner cycle ended early; the next one starts after the interval", e);
                }
                long cycles = history.cycleEnded(Instant.now());
                LOG.debug("Scanner cycle {} done, {} objects examined in all", cycles,
                        history.scanner(true).objectsScanned());
                synchronized (this) {
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
                    for (long left = intervalMillis; left > 0 && !stopped;
                            left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                        wait(left);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the scanner up for its stop. */
    synchronized void wake() {
        notifyAll();
    }

    private void cycle() throws InterruptedException {
        List<WalkTask.SetRef> mine = responsibleSets(inventory.drives());
        if (mine.isEmpty()) {
            return;
        }
        List<String> volumes = new ArrayList<>();
        volumes.add(Drive.SYSTEM_VOLUME);
        try {
            volumes.addAll(inventory.buckets());
        } catch (ObjectStoreException e) {
            LOG.debug("Scanner cannot list buckets: {}", e.getMessage());
            return;
        }
        for (String volume : volumes) {
            if (!Drive.SYSTEM_VOLUME.equals(volume)) {
                try {
                    engine.healBucket(volume);
                } catch (ObjectStoreException e) {
                    LOG.debug("Scanner cannot heal bucket {}: {}", volume, e.getMessage());
                }
            }
            for (WalkTask.SetRef s : mine) {
                if (stopped) {
                    return;
                }
                scanSet(s, volume);
            }
        }
    }

    private void scanSet(WalkTask.SetRef s, String volume) throws InterruptedException {
        String prefix = Drive.SYSTEM_VOLUME.equals(volume) ? "buckets/" : "";
        String after = "";
        while (!stopped) {
            List<ScanEntry> page;
            try {
                page = inventory.scanWithOrphans(s.pool(), s.set(), volume, prefix, after, PAGE);
            } catch (ObjectStoreException e) {
                LOG.debug("Scanner cannot walk {} on set {}/{}: {}", volume, s.pool(), s.set(), e.getMessage());
                return;
            }
            for (ScanEntry e : page) {
                if (stopped) {
                    return;
                }
                objects.acquire(1);
                if (e.orphan()) {
                    // No object: only what a crashed first commit or delete left, which the finish removes.
                    finish(s, volume, e);
                    continue;
                }
                examine(s, volume, e);
                history.scanned();
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).key();
        }
    }

    /** Heals one object, then finishes its last commit on the drives whose walk reported something to drop. */
    private void examine(WalkTask.SetRef s, String volume, ScanEntry e) throws InterruptedException {
        boolean deep = deepFraction >= 1 || (deepFraction > 0 && random.nextDouble() < deepFraction);
        try {
            // The next cycle examines the object again: an attempt that fails (a quorum lost) is no failure.
            engine.attempt(volume, e.key(), deep);
        } catch (ObjectStoreException ex) {
            LOG.debug("Scanner could not heal {}/{}: {}", volume, e.key(), ex.getMessage());
            if (ex.kind() == ErrorKind.LOCK_TIMEOUT) {
                return; // the finish would wait for the same lock; the next cycle's walk reports it again
            }
        } catch (RuntimeException ex) {
            LOG.warn("Scanner could not heal {}/{}; it goes on with the next object", volume, e.key(), ex);
            return;
        }
        if (!e.finishPending().isEmpty()) {
            finish(s, volume, e);
        }
    }

    /** Finishes the last commit of an object, or removes an orphan's leftovers, on the drives the scan names. */
    private void finish(WalkTask.SetRef s, String volume, ScanEntry e) {
        try {
            int finished = inventory.finishCommits(s.pool(), s.set(), volume, e.key(), e.finishPending());
            history.commitsFinished(finished);
            LOG.debug("Scanner finished the last commit of {}/{} on {} of drives {}", volume, e.key(), finished,
                    e.finishPending());
        } catch (ObjectStoreException ex) {
            LOG.debug("Scanner could not finish the last commit of {}/{}: {}", volume, e.key(), ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.warn("Scanner could not finish the last commit of {}/{}", volume, e.key(), ex);
        }
    }

    /**
     * Returns the sets whose first online drive belongs to this node.
     *
     * @param drives every drive of the deployment
     * @return the sets this node scans
     */
    static List<WalkTask.SetRef> responsibleSets(List<SetDrive> drives) {
        List<WalkTask.SetRef> mine = new ArrayList<>();
        WalkTask.SetRef current = null;
        boolean decided = false;
        for (SetDrive d : drives) {
            WalkTask.SetRef s = new WalkTask.SetRef(d.pool(), d.set());
            if (!s.equals(current)) {
                current = s;
                decided = false;
            }
            if (!decided && d.state() == SetDrive.State.ONLINE) {
                decided = true;
                if (d.local()) {
                    mine.add(s);
                }
            }
        }
        return mine;
    }
}
