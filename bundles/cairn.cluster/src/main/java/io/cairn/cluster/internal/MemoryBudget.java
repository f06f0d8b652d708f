/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

/**
 * Bounds the bytes that the bodies moving through this node hold at once: erasure blocks and shard frames of PUTs,
 * GETs and copies. A body takes a {@link Grant} for all the buffers it will need before it allocates the first
 * one, and gives it back when it is done, so a body never waits while holding part of its buffers.
 *
 * <p>Each body's buffers are bounded, but without this the number of bodies is not: 32 PUTs of a few MiB, or a
 * few dozen GET readers that stopped reading, filled a 256 MiB heap. With it, a body that does not get its bytes
 * within the wait fails {@link ErrorKind#BUSY} (503 {@code SlowDown}, which clients retry), and the node keeps
 * serving. Counted in KiB, fair: a large body is not overtaken forever by small ones.
 */
final class MemoryBudget {

    /** The budget is this fraction of the heap: blocks of 1 MiB and frames above half a G1 region cost double. */
    private static final int HEAP_DIVISOR = 4;
    /** The unit the semaphore counts in. */
    private static final int UNIT_BYTES = 1 << 10;
    /** How long a body waits for its bytes on a node, as MinIO's default {@code requests_deadline}. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final int totalUnits;
    private final Duration wait;
    private final Semaphore units;

    /**
     * Creates a budget.
     *
     * @param totalBytes the most bytes granted at once (at least 1 KiB)
     * @param wait how long a body waits for its bytes before it fails {@code BUSY}
     */
    MemoryBudget(long totalBytes, Duration wait) {
        this.totalUnits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, totalBytes / UNIT_BYTES));
        this.wait = wait;
        this.units = new Semaphore(totalUnits, true);
    }

    /**
     * Creates a budget of a quarter of the heap, with a wait of {@link #WAIT}.
     *
     * @return the budget
     */
    static MemoryBudget forHeap() {
        return new MemoryBudget(Runtime.getRuntime().maxMemory() / HEAP_DIVISOR, WAIT);
    }

    /**
     * Takes bytes for one body, waiting while other bodies hold the budget. A body that needs more than the whole
     * budget takes all of it: it runs alone rather than never.
     *
     * @param bytes the bytes the body's buffers need
     * @param what the body, for the error message
     * @return the grant; close it when the buffers are given back
     * @throws ObjectStoreException {@code BUSY} when the bytes were not free within the wait
     */
    Grant acquire(long bytes, String what) throws ObjectStoreException {
        int n = units(bytes);
        boolean interrupted = false;
        try {
            if (units.tryAcquire(n, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Grant(n);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throw new ObjectStoreException(ErrorKind.BUSY, "the node is moving as many bodies as its memory allows; "
                + what + " waited " + wait.toMillis() + " ms for " + (bytes >> 10) + " KiB of buffers");
    }

    private int units(long bytes) {
        long n = (bytes + UNIT_BYTES - 1) / UNIT_BYTES;
        return (int) Math.max(1, Math.min(totalUnits, n));
    }

    /**
     * Returns the bytes not granted (for tests).
     *
     * @return the free bytes
     */
    long availableBytes() {
        return (long) units.availablePermits() * UNIT_BYTES;
    }

    /** Bytes granted to one body; closing gives them back once, from any thread. */
    final class Grant implements AutoCloseable {
        private final AtomicInteger held;

        private Grant(int held) {
            this.held = new AtomicInteger(held);
        }

        @Override
        public void close() {
            int n = held.getAndSet(0);
            if (n > 0) {
                units.release(n);
            }
        }
    }
}
