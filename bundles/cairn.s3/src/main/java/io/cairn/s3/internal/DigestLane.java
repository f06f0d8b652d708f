/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Hashing work of one request body, moved off the request thread: bytes are copied into {@link #BATCH_BYTES}
 * batches and each full batch is handed to an executor, where batches and other queued steps run one after
 * another in the order they were queued. At most {@link #MAX_IN_FLIGHT} batches of a body wait, so a fast client
 * cannot queue unbounded memory. Not thread safe: one request thread feeds it.
 */
final class DigestLane {

    /** Batches one body may have queued. */
    static final int MAX_IN_FLIGHT = 4;
    /** The size of a batch: one hand-off per batch, not one per read. */
    static final int BATCH_BYTES = 256 << 10;

    /** Receives the bytes, in order, on the executor's thread. */
    interface Sink {
        /**
         * Takes the next bytes.
         *
         * @param buffer the bytes
         * @param offset where they start
         * @param length how many
         */
        void accept(byte[] buffer, int offset, int length);
    }

    private final Executor executor;
    private final Sink sink;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private byte[] batch;
    private int batched;

    /**
     * @param executor runs the work
     * @param sink receives the bytes
     */
    DigestLane(Executor executor, Sink sink) {
        this.executor = executor;
        this.sink = sink;
    }

    /**
     * Copies bytes into the current batch, handing it over when it is full.
     *
     * @param buffer the bytes (may be reused by the caller on return)
     * @param offset where they start
     * @param length how many
     */
    void update(byte[] buffer, int offset, int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            if (batch == null) {
                batch = new byte[BATCH_BYTES];
            }
            int n = Math.min(left, BATCH_BYTES - batched);
            System.arraycopy(buffer, at, batch, batched, n);
            batched += n;
            at += n;
            left -= n;
            if (batched == BATCH_BYTES) {
                flush();
            }
        }
    }

    /**
     * Queues a step after the bytes given so far.
     *
     * @param step the step
     */
    void then(Runnable step) {
        flush();
        queue(step);
    }

    /**
     * Waits until everything queued has run.
     *
     * @throws IllegalStateException when a step failed with an unchecked exception
     */
    void join() {
        flush();
        try {
            tail.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("digest computation failed", e.getCause());
        }
    }

    private void flush() {
        if (batched == 0) {
            return;
        }
        byte[] full = batch;
        int length = batched;
        batch = null;
        batched = 0;
        inFlight.acquireUninterruptibly();
        queue(() -> {
            try {
                sink.accept(full, 0, length);
            } finally {
                inFlight.release();
            }
        });
    }

    private void queue(Runnable step) {
        tail = tail.thenRunAsync(step, this::executeOrRunHere);
    }

    /**
     * Hands a step to the executor, or runs it on this thread when the executor refuses it (it stops with the
     * node): a refused step would otherwise fail the chain, and with it a body that was read whole.
     */
    private void executeOrRunHere(Runnable step) {
        try {
            executor.execute(step);
        } catch (RejectedExecutionException e) {
            step.run();
        }
    }
}
