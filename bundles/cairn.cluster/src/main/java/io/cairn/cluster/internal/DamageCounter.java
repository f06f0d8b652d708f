/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.HealQueue;
import io.cairn.api.heal.HealRequest;

/**
 * Counts, logs and queues for healing the damage the data path finds.
 */
public final class DamageCounter implements DamageReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DamageCounter.class);

    private final AtomicLong bitrot = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final Supplier<HealQueue> healQueue;

    /**
     * Creates the counter.
     *
     * @param healQueue the current heal queue, returning {@code null} while there is none
     */
    public DamageCounter(Supplier<HealQueue> healQueue) {
        this.healQueue = healQueue;
    }

    @Override
    public void report(String volume, String key, HealRequest.Reason reason, String detail) {
        if (reason == HealRequest.Reason.BITROT) {
            bitrot.incrementAndGet();
            // Logged when found: whether the other shards suffice to rebuild the data is decided later, by the read.
            LOG.warn("Bitrot detected in {}/{}: {}; the object is queued for healing", volume, key, detail);
        } else {
            other.incrementAndGet();
            // Every read of an object a drive lacks reports it until healing has repaired it; keep it out of INFO.
            LOG.debug("Object {}/{} needs healing ({}): {}", volume, key, reason, detail);
        }
        HealQueue queue = healQueue.get();
        if (queue != null) {
            queue.queue(new HealRequest(volume, key, reason, detail));
        }
    }

    /**
     * Returns the number of checksum failures seen.
     *
     * @return the counter
     */
    public long bitrotErrors() {
        return bitrot.get();
    }

    /**
     * Returns the number of other damage reports (missing shards, partial writes).
     *
     * @return the counter
     */
    public long otherDamage() {
        return other.get();
    }
}
