/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Computes a digest of a body block by block on another thread, so that hashing runs beside the erasure coding
 * and the drive writes of a PUT instead of before them. Blocks are hashed in order, one at a time: {@link #update}
 * waits for the previous block, so the caller may reuse a block's buffer once the next block was handed over.
 * Not thread-safe; one writer uses it.
 */
final class Md5Pipeline {

    /** Blocks smaller than this are hashed on the caller's thread: a hand-off would cost more. */
    private static final int MIN_ASYNC_BYTES = 64 << 10;

    private final MessageDigest digest;
    private final ExecutorService io;
    private Future<?> running;

    /**
     * Creates a pipeline.
     *
     * @param digest the digest to feed
     * @param io runs the hashing
     */
    Md5Pipeline(MessageDigest digest, ExecutorService io) {
        this.digest = digest;
        this.io = io;
    }

    /**
     * Waits for the previous block, then starts hashing {@code block[0, length)}; the buffer must stay unchanged
     * until the next call of {@link #update}, {@link #awaitIdle} or {@link #digest}.
     *
     * @param block the block
     * @param length the number of bytes
     */
    void update(byte[] block, int length) {
        awaitIdle();
        if (length < MIN_ASYNC_BYTES) {
            digest.update(block, 0, length);
        } else {
            running = io.submit(() -> digest.update(block, 0, length));
        }
    }

    /**
     * Waits until the last block is hashed.
     */
    void awaitIdle() {
        if (running == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                running.get();
                break;
            } catch (InterruptedException e) {
                // The block buffer must not be reused while it is being read; finish, then re-interrupt.
                interrupted = true;
            } catch (ExecutionException e) {
                throw new IllegalStateException("hashing failed", e.getCause());
            }
        }
        running = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the last block and returns the digest.
     *
     * @return the digest
     */
    byte[] digest() {
        awaitIdle();
        return digest.digest();
    }
}
