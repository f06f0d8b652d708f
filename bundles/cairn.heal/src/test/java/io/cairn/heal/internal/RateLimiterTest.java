/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void burstOfOneSecondPassesThenWaitsInProportion() {
        RateLimiter r = new RateLimiter(100, now::get);
        assertEquals(0, r.reserve(100));
        assertEquals(500_000_000L, r.reserve(50));
        now.addAndGet(500_000_000L);
        assertEquals(0, r.reserve(0));
    }

    @Test
    void refillsOverTimeUpToOneSecond() {
        RateLimiter r = new RateLimiter(10, now::get);
        r.reserve(10);
        now.addAndGet(10_000_000_000L);
        assertEquals(0, r.reserve(10));
        assertEquals(100_000_000L, r.reserve(1));
    }

    @Test
    void zeroRateNeverWaits() {
        RateLimiter r = new RateLimiter(0, now::get);
        assertEquals(0, r.reserve(Long.MAX_VALUE / 2));
    }
}
