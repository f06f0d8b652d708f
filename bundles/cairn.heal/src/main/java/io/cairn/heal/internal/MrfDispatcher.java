/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.HealResult;
import io.cairn.api.object.ObjectStoreException;

/**
 * Works off the missed-write queue: threads take the entry due first and heal it. An entry whose heal could not
 * reach every drive (a drive or node is offline, or the object's lock was busy) is put back with a growing delay,
 * so that the missed write or delete reaches the drive when it returns; after a number of attempts it is left to
 * the scanner. An entry counts as a failed heal only then, once, not at every attempt that could not finish.
 */
final class MrfDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(MrfDispatcher.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** When and how often an entry is retried. */
    record Retry(long firstDelayMillis, long maxDelayMillis, int maxAttempts) {
    }

    private final MrfQueue queue;
    private final HealEngine engine;
    private final Retry retry;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /**
     * Creates a dispatcher.
     *
     * @param queue the queue
     * @param engine the heal engine
     * @param retry the retry policy
     */
    MrfDispatcher(MrfQueue queue, HealEngine engine, Retry retry) {
        this.queue = queue;
        this.engine = engine;
        this.retry = retry;
    }

    /**
     * Starts the working threads.
     *
     * @param count how many
     */
    void start(int count) {
        for (int i = 0; i < Math.max(1, count); i++) {
            Thread t = new Thread(this::loop, "cairn-heal-mrf-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the threads and waits for them to finish the object they are healing. */
    void stop() {
        stopped = true;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop() {
        while (!stopped) {
            try {
                MrfQueue.Entry e = queue.take(POLL_NANOS);
                if (e != null) {
                    process(e);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Missed-write queue worker failed; it goes on with the next object", e);
            }
        }
    }

    /**
     * Heals one entry and puts it back when the heal could not reach every drive.
     *
     * @param e the entry
     * @throws InterruptedException when interrupted
     */
    void process(MrfQueue.Entry e) throws InterruptedException {
        String reason;
        try {
            HealResult r = engine.attempt(e.volume(), e.key(), e.deep());
            if (!needsRetry(r)) {
                return;
            }
            reason = r.outcome() == HealResult.Outcome.SKIPPED ? r.detail() : "a drive is offline";
        } catch (ObjectStoreException ex) {
            reason = ex.getMessage();
        }
        if (e.attempts() + 1 >= retry.maxAttempts()) {
            engine.failed();
            LOG.info("Giving up healing {}/{} after {} attempts ({}); the scanner will find it", e.volume(), e.key(),
                    e.attempts() + 1, reason);
            return;
        }
        queue.retry(e, TimeUnit.MILLISECONDS.toNanos(delayMillis(e.attempts())));
    }

    /**
     * Tells whether a heal left a drive behind: a drive did not answer, or the heal was skipped.
     *
     * @param r the result
     * @return {@code true} when the object must be healed again later
     */
    static boolean needsRetry(HealResult r) {
        return r.outcome() == HealResult.Outcome.SKIPPED || r.count(DriveHealState.OFFLINE) > 0;
    }

    /**
     * Returns the delay before the next attempt: doubling from the first delay, capped.
     *
     * @param attempts the attempts made so far before this one failed
     * @return the delay in milliseconds
     */
    long delayMillis(int attempts) {
        long delay = retry.firstDelayMillis() << Math.min(attempts, 20);
        return Math.max(0, Math.min(delay, retry.maxDelayMillis()));
    }
}
