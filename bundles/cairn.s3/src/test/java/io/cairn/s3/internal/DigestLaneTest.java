/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DigestLaneTest {

    @Test
    void stepsQueuedBehindARunningOneRunWhenThePoolStops() throws Exception {
        ThreadPoolExecutor pool = S3Handler.digestPool(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger bytes = new AtomicInteger();
        DigestLane lane = new DigestLane(pool, (buffer, offset, length) -> bytes.addAndGet(length));
        lane.then(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        running.await();
        lane.update(new byte[10], 0, 10);
        lane.then(() -> { });
        pool.shutdown();
        release.countDown();
        lane.join();
        assertEquals(10, bytes.get(), "the queued bytes ran although the pool refused them");
    }

    @Test
    void aStoppedPoolRunsTheStepsOnTheCallersThread() {
        ThreadPoolExecutor pool = S3Handler.digestPool(1);
        pool.shutdown();
        AtomicInteger bytes = new AtomicInteger();
        DigestLane lane = new DigestLane(pool, (buffer, offset, length) -> bytes.addAndGet(length));
        lane.update(new byte[DigestLane.BATCH_BYTES + 5], 0, DigestLane.BATCH_BYTES + 5);
        lane.join();
        assertEquals(DigestLane.BATCH_BYTES + 5, bytes.get());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
