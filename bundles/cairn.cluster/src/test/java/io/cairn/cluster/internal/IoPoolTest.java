/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A drive call submitted while the object store stops still runs: a request in flight waits on its future, and a
 * dropped task would leave its thread waiting for ever (which stopped the node's HTTP threads from ending).
 */
class IoPoolTest {

    /** Bounds the wait on a future that a broken pool would never complete. */
    private static final long LIMIT_SECONDS = 10L;

    @Test
    void aTaskSubmittedAfterShutdownRunsOnTheCaller() throws Exception {
        ThreadPoolExecutor pool = IoPool.create(1);
        pool.shutdown();
        Future<String> late = pool.submit(() -> Thread.currentThread().getName());
        assertEquals(Thread.currentThread().getName(), late.get(LIMIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aTaskWithoutAFreeThreadRunsOnTheCaller() throws Exception {
        ThreadPoolExecutor pool = IoPool.create(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<?> busy = pool.submit(() -> {
                release.await();
                return null;
            });
            Future<String> extra = pool.submit(() -> Thread.currentThread().getName());
            assertEquals(Thread.currentThread().getName(), extra.get(LIMIT_SECONDS, TimeUnit.SECONDS));
            release.countDown();
            busy.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }
}
