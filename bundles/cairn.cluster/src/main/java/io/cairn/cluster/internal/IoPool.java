/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool that runs drive calls, hashing and coding of the object store's requests. A task it has no thread for
 * runs on the caller, also once the pool is shut down: a request still in flight when the object store stops then
 * finishes its drive calls (or fails on its own) instead of waiting for ever on a task the JDK's
 * {@code CallerRunsPolicy} silently drops after a shutdown. Callers may not give up on a submitted drive call (its
 * buffers must not be reused before it ends), so refusing the task would not help them either.
 */
final class IoPool {

    /** How long an idle thread is kept. */
    private static final long KEEP_ALIVE_SECONDS = 60L;

    private IoPool() {
    }

    /**
     * Creates a pool of daemon threads named {@code cairn-io-N}.
     *
     * @param maxThreads the most threads; further tasks run on their callers
     * @return the pool
     */
    static ThreadPoolExecutor create(int maxThreads) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(0, maxThreads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "cairn-io-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, pool) -> task.run());
    }
}
