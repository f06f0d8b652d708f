/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.object.ObjectStoreException;

/**
 * Heals objects for every trigger (queue, scanner, drive and manual heals) within the node's healing budget: at
 * most {@code workers} objects at a time and at most a configured number of bytes written per second. Tracks
 * dangling objects and removes one only when it has stayed dangling for the grace period. Keeps the counters.
 */
final class HealEngine {

    private static final Logger LOG = LoggerFactory.getLogger(HealEngine.class);
    private static final int MAX_DANGLING_TRACKED = 10_000;

    private final ObjectHealer healer;
    private final Semaphore workers;
    private final RateLimiter bytes;
    private final Duration danglingGrace;
    private final Supplier<Instant> clock;
    private final Map<String, Instant> danglingSince = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_DANGLING_TRACKED;
        }
    };

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

    /**
     * Creates the engine.
     *
     * @param healer the object layer's healer
     * @param workers the most objects healed at once
     * @param bytesPerSecond the most bytes written per second, 0 for unlimited
     * @param danglingGrace how long an object must stay dangling before it is removed
     * @param clock the wall clock
     */
    HealEngine(ObjectHealer healer, int workers, long bytesPerSecond, Duration danglingGrace,
            Supplier<Instant> clock) {
        this.healer = healer;
        this.workers = new Semaphore(Math.max(1, workers), true);
        this.bytes = new RateLimiter(bytesPerSecond, System::nanoTime);
        this.danglingGrace = danglingGrace;
        this.clock = clock;
    }

    /**
     * Heals one object.
     *
     * @param volume the volume
     * @param key the key
     * @param deep whether every shard block is verified
     * @return the result
     * @throws ObjectStoreException when the object layer failed (counted as a failure)
     * @throws InterruptedException when interrupted while waiting for the budget
     */
    HealResult heal(String volume, String key, boolean deep) throws ObjectStoreException, InterruptedException {
        try {
            return attempt(volume, key, deep);
        } catch (ObjectStoreException | RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        }
    }

    /**
     * Heals one object without counting a failure: for a caller that tries again later and counts with
     * {@link #failed()} only when it gives up.
     *
     * @param volume the volume
     * @param key the key
     * @param deep whether every shard block is verified
     * @return the result
     * @throws ObjectStoreException when the object layer failed (not counted)
     * @throws InterruptedException when interrupted while waiting for the budget
     */
    HealResult attempt(String volume, String key, boolean deep) throws ObjectStoreException, InterruptedException {
        HealResult r;
        workers.acquire();
        try {
            r = healer.healObject(volume, key, new HealOptions(deep, false));
            if (r.outcome() == HealResult.Outcome.DANGLING) {
                r = dangling(volume, key, deep, r);
            } else if (r.outcome() != HealResult.Outcome.SKIPPED) {
                // A skipped heal (a drive offline) did not judge the object: a dangling one stays tracked, so that
                // it is counted once and its grace period is not started again.
                forget(volume, key);
            }
        } finally {
            workers.release();
        }
        account(r);
        bytes.acquire(r.bytesWritten());
        return r;
    }

    private HealResult dangling(String volume, String key, boolean deep, HealResult r) throws ObjectStoreException {
        Instant now = clock.get();
        Instant since;
        synchronized (danglingSince) {
            since = danglingSince.putIfAbsent(volume + "/" + key, now);
        }
        if (since == null) {
            danglingFound.incrementAndGet();
            LOG.warn("Object {}/{} is dangling ({}); it is removed if it stays so for {}", volume, key, r.detail(),
                    danglingGrace);
            return r;
        }
        if (Duration.between(since, now).compareTo(danglingGrace) < 0) {
            return r;
        }
        HealResult removed = healer.healObject(volume, key, new HealOptions(deep, true));
        if (removed.outcome() == HealResult.Outcome.DANGLING_REMOVED) {
            LOG.warn("Removed dangling object {}/{} ({})", volume, key, removed.detail());
            forget(volume, key);
        }
        return removed;
    }

    private void forget(String volume, String key) {
        synchronized (danglingSince) {
            danglingSince.remove(volume + "/" + key);
        }
    }

    private void account(HealResult r) {
        bytesWritten.addAndGet(r.bytesWritten());
        switch (r.outcome()) {
            case HEALED -> {
                objectsHealed.incrementAndGet();
                drivesWritten.addAndGet(r.drivesHealed());
                corrupt.addAndGet(r.count(DriveHealState.CORRUPT));
                missing.addAndGet(r.count(DriveHealState.MISSING));
                stale.addAndGet(r.count(DriveHealState.STALE));
                if (r.count(DriveHealState.CORRUPT) > 0) {
                    LOG.info("Healed bitrot in {}/{}: {} corrupt copies rebuilt", r.volume(), r.key(),
                            r.count(DriveHealState.CORRUPT));
                } else {
                    LOG.debug("Healed {}/{} on {} drives: {}", r.volume(), r.key(), r.drivesHealed(), r.before());
                }
            }
            case DELETED -> {
                deletes.incrementAndGet();
                LOG.debug("Applied a missed delete of {}/{}", r.volume(), r.key());
            }
            case DANGLING_REMOVED -> danglingRemoved.incrementAndGet();
            default -> {
                // HEALTHY, NOT_FOUND, DANGLING (counted when first seen), SKIPPED (retried by the caller).
            }
        }
    }

    /**
     * Counts a failure a caller handled itself.
     */
    void failed() {
        failures.incrementAndGet();
    }

    /**
     * Heals a bucket.
     *
     * @param bucket the bucket
     * @return the result
     * @throws ObjectStoreException when the object layer failed
     */
    HealResult healBucket(String bucket) throws ObjectStoreException {
        HealResult r = healer.healBucket(bucket);
        if (r.outcome() == HealResult.Outcome.HEALED || r.outcome() == HealResult.Outcome.DELETED) {
            LOG.info("Healed bucket {}: {} drives {}", bucket, r.drivesHealed(),
                    r.outcome() == HealResult.Outcome.HEALED ? "created" : "removed");
        }
        return r;
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
