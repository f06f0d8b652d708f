/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;

/**
 * A heal of every object in a scope: one set (a drive heal, which resumes from its {@link Progress}) or every set
 * (a manual heal), every bucket or one bucket and prefix. First counts what there is to do, then heals the buckets,
 * then every object in key order. An object that fails is counted and skipped. Progress is handed to a saver at
 * most once a second and at the end.
 */
final class WalkTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WalkTask.class);
    private static final int PAGE = 500;
    private static final long SAVE_INTERVAL_NANOS = 1_000_000_000L;

    /** A set to walk. */
    record SetRef(int pool, int set) {
    }

    private final HealEngine engine;
    private final DriveInventory inventory;
    private final Progress progress;
    private final List<SetRef> sets;
    private final String bucket;
    private final String prefix;
    private final boolean deep;
    private final Consumer<Progress> saver;
    private final Runnable onEnd;
    private volatile boolean stopped;
    private long lastSave = System.nanoTime();

    /**
     * Creates a task.
     *
     * @param engine the heal engine
     * @param inventory the drives
     * @param progress where the task is and its counters
     * @param sets the sets to walk; with one set the progress position is used to resume
     * @param bucket the bucket, empty for every bucket (and the bucket metadata in the system volume)
     * @param prefix the key prefix
     * @param deep whether every shard block is verified
     * @param saver persists progress, called from the task's thread
     * @param onEnd runs when the task ends, however it ends
     */
    WalkTask(HealEngine engine, DriveInventory inventory, Progress progress, List<SetRef> sets, String bucket,
            String prefix, boolean deep, Consumer<Progress> saver, Runnable onEnd) {
        this.engine = engine;
        this.inventory = inventory;
        this.progress = progress;
        this.sets = List.copyOf(sets);
        this.bucket = bucket;
        this.prefix = prefix;
        this.deep = deep;
        this.saver = saver;
        this.onEnd = onEnd;
    }

    Progress progress() {
        return progress;
    }

    /** Asks the task to stop after the object it is healing. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            List<String> volumes = volumes();
            if (!progress.counted()) {
                count(volumes);
                saver.accept(progress);
            }
            healBuckets(volumes);
            boolean complete = walk(volumes);
            progress.end(complete ? "done" : "stopped");
            LOG.info("Heal {} of {} {}: {} objects examined, {} healed, {} failed", progress.id, progress.scope,
                    complete ? "done" : "stopped", progress.snapshot().objectsDone(), progress.snapshot().healed(),
                    progress.snapshot().failed());
        } catch (InterruptedException e) {
            progress.end("stopped");
            Thread.currentThread().interrupt();
        } catch (ObjectStoreException | RuntimeException e) {
            progress.end("failed");
            LOG.error("Heal {} of {} failed: {}", progress.id, progress.scope, e.getMessage(), e);
        } finally {
            saver.accept(progress);
            onEnd.run();
        }
    }

    private List<String> volumes() throws ObjectStoreException {
        if (!bucket.isEmpty()) {
            return List.of(bucket);
        }
        List<String> volumes = new ArrayList<>();
        volumes.add(Drive.SYSTEM_VOLUME);
        volumes.addAll(inventory.buckets());
        return volumes;
    }

    private String prefixOf(String volume) {
        return Drive.SYSTEM_VOLUME.equals(volume) ? "buckets/" : prefix;
    }

    private void count(List<String> volumes) throws ObjectStoreException {
        long objects = 0;
        long total = 0;
        for (String volume : volumes) {
            for (SetRef s : sets) {
                String after = "";
                while (!stopped) {
                    List<ScanEntry> page = inventory.scan(s.pool(), s.set(), volume, prefixOf(volume), after, PAGE);
                    for (ScanEntry e : page) {
                        objects++;
                        total += e.size();
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    after = page.get(page.size() - 1).key();
                }
            }
        }
        progress.counted(objects, total);
    }

    private void healBuckets(List<String> volumes) {
        for (String volume : volumes) {
            if (!Drive.SYSTEM_VOLUME.equals(volume)) {
                try {
                    engine.healBucket(volume);
                } catch (ObjectStoreException e) {
                    LOG.warn("Cannot heal bucket {}: {}", volume, e.getMessage());
                }
            }
        }
    }

    private boolean walk(List<String> volumes) throws ObjectStoreException, InterruptedException {
        boolean resume = sets.size() == 1 && !progress.volume().isEmpty();
        for (String volume : volumes) {
            if (resume && volume.compareTo(progress.volume()) < 0) {
                continue;
            }
            for (SetRef s : sets) {
                String after = resume && volume.equals(progress.volume()) ? progress.lastKey() : "";
                if (!walkSet(s, volume, after)) {
                    return false;
                }
            }
            progress.volumeDone(volume);
        }
        return true;
    }

    private boolean walkSet(SetRef s, String volume, String start) throws ObjectStoreException,
            InterruptedException {
        String after = start;
        while (true) {
            List<ScanEntry> page = inventory.scan(s.pool(), s.set(), volume, prefixOf(volume), after, PAGE);
            for (ScanEntry e : page) {
                if (stopped || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                healOne(volume, e);
            }
            if (page.size() < PAGE) {
                return true;
            }
            after = page.get(page.size() - 1).key();
        }
    }

    private void healOne(String volume, ScanEntry e) throws InterruptedException {
        boolean healed = false;
        boolean failed = false;
        boolean gap = false;
        try {
            HealResult r = engine.heal(volume, e.key(), deep);
            healed = r.outcome() == HealResult.Outcome.HEALED || r.outcome() == HealResult.Outcome.DELETED
                    || r.outcome() == HealResult.Outcome.DANGLING_REMOVED;
            failed = r.outcome() == HealResult.Outcome.SKIPPED;
            gap = failed || r.outcome() == HealResult.Outcome.DANGLING;
            if (failed) {
                LOG.warn("Heal {} skipped {}/{}: {}", progress.id, volume, e.key(), r.detail());
            }
        } catch (ObjectStoreException ex) {
            failed = true;
            gap = true;
            LOG.warn("Heal {} could not heal {}/{}: {}", progress.id, volume, e.key(), ex.getMessage());
        }
        progress.done(volume, e.key(), e.size(), healed, failed, gap);
        long now = System.nanoTime();
        if (now - lastSave >= SAVE_INTERVAL_NANOS) {
            lastSave = now;
            saver.accept(progress);
        }
    }
}
