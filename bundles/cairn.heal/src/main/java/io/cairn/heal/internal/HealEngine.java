/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
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
 * dangling objects and removes one only when it has stayed dangling for the grace period. Counts into a
 * {@link HealHistory}.
 */
final class HealEngine {

    private static final Logger LOG = LoggerFactory.getLogger(HealEngine.class);
    private static final int MAX_DANGLING_TRACKED = 10_000;

    private final ObjectHealer healer;
    private final Semaphore workers;
    private final RateLimiter bytes;
    private final Duration danglingGrace;
    private final Supplier<Instant> clock;
    private final HealHistory history;

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
        this(healer, workers, bytesPerSecond, danglingGrace, clock, new HealHistory());
    }

    /**
     * Creates the engine, counting into a history that outlives it.
     *
     * @param healer the object layer's healer
     * @param workers the most objects healed at once
     * @param bytesPerSecond the most bytes written per second, 0 for unlimited
     * @param danglingGrace how long an object must stay dangling before it is removed
     * @param clock the wall clock
     * @param history where the counters and the dangling objects watched are kept
     */
    HealEngine(ObjectHealer healer, int workers, long bytesPerSecond, Duration danglingGrace,
            Supplier<Instant> clock, HealHistory history) {
        this.history = history;
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
            history.failed();
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
        Instant since = history.dangling(volume + "/" + key, now);
        if (since == null) {
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
        history.forget(volume + "/" + key);
    }

    private void account(HealResult r) {
        history.account(r);
        if (r.outcome() == HealResult.Outcome.HEALED) {
            if (r.count(DriveHealState.CORRUPT) > 0) {
                LOG.info("Healed bitrot in {}/{}: {} corrupt copies rebuilt", r.volume(), r.key(),
                        r.count(DriveHealState.CORRUPT));
            } else {
                LOG.debug("Healed {}/{} on {} drives: {}", r.volume(), r.key(), r.drivesHealed(), r.before());
            }
        } else if (r.outcome() == HealResult.Outcome.DELETED) {
            LOG.debug("Applied a missed delete of {}/{}", r.volume(), r.key());
        }
    }

    /**
     * Counts a failure a caller handled itself.
     */
    void failed() {
        history.failed();
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
        return history.totals();
    }
}
