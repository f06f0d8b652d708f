/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces work to a rate of units per second (bytes, objects): each caller reports what it did and waits until the
 * rate allows it. A rate of zero or less never waits. Bursts up to one second's worth pass without waiting.
 */
final class RateLimiter {

    private final double perSecond;
    private final LongSupplier nanoClock;
    private double available;
    private long last;

    /**
     * Creates a limiter.
     *
     * @param perSecond the rate, 0 or less for unlimited
     * @param nanoClock the clock in nanoseconds
     */
    RateLimiter(double perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
        this.available = perSecond;
    }

    /**
     * Accounts for work done and returns how long the caller must wait before doing more.
     *
     * @param units the units just used
     * @return the nanoseconds to wait, 0 when none
     */
    synchronized long reserve(long units) {
        if (perSecond <= 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        available = Math.min(perSecond, available + (now - last) * perSecond / 1e9);
        last = now;
        available -= units;
        return available >= 0 ? 0 : (long) (-available / perSecond * 1e9);
    }

    /**
     * Accounts for work done and waits as long as the rate requires.
     *
     * @param units the units just used
     * @throws InterruptedException when interrupted while waiting
     */
    void acquire(long units) throws InterruptedException {
        long wait = reserve(units);
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
