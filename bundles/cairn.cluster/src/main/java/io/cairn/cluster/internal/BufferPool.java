/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reuses the large buffers of the data path (erasure blocks and framed shards).
 *
 * <p>Every PUT and GET needs a block buffer and one frame per shard, each about a block or a shard long (1 MiB and
 * 512 KiB by default). Allocating them per request makes the JVM zero and collect megabytes per request, which
 * costs more CPU than coding the data. Buffers of at least {@link #MIN_POOLED_BYTES} are kept here after use, up
 * to a byte budget for the whole pool, and handed out again for requests of the same length. Smaller requests are
 * simply allocated. A buffer handed out must not be used after it is given back.
 */
final class BufferPool {

    /** Smaller buffers are cheap to allocate and are never pooled. */
    static final int MIN_POOLED_BYTES = 64 << 10;
    /** At most this many distinct lengths are pooled (block size and shard sizes of the storage classes in use). */
    private static final int MAX_LENGTHS = 16;

    private final long budgetBytes;
    private final AtomicLong pooledBytes = new AtomicLong();
    private final Map<Integer, Queue<byte[]>> free = new ConcurrentHashMap<>();

    /**
     * Creates a pool.
     *
     * @param budgetBytes the most bytes kept while unused
     */
    BufferPool(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /**
     * Creates a pool whose budget is an eighth of the heap, at most 64 MiB.
     *
     * @return the pool
     */
    static BufferPool forHeap() {
        return new BufferPool(Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    /**
     * Returns a buffer of exactly {@code length} bytes with unspecified contents.
     *
     * @param length the length
     * @return the buffer
     */
    byte[] take(int length) {
        if (length >= MIN_POOLED_BYTES) {
            Queue<byte[]> q = free.get(length);
            byte[] b = q == null ? null : q.poll();
            if (b != null) {
                pooledBytes.addAndGet(-length);
                return b;
            }
        }
        return new byte[length];
    }

    /**
     * Gives a buffer back; it may be handed out again at once.
     *
     * @param buffer the buffer, ignored when {@code null}
     */
    void give(byte[] buffer) {
        if (buffer == null || buffer.length < MIN_POOLED_BYTES) {
            return;
        }
        int length = buffer.length;
        if (pooledBytes.addAndGet(length) > budgetBytes) {
            pooledBytes.addAndGet(-length);
            return;
        }
        Queue<byte[]> q = free.get(length);
        if (q == null) {
            if (free.size() >= MAX_LENGTHS) {
                pooledBytes.addAndGet(-length);
                return;
            }
            q = free.computeIfAbsent(length, l -> new ConcurrentLinkedQueue<>());
        }
        q.offer(buffer);
    }

    /**
     * Returns the bytes kept while unused (for tests).
     *
     * @return the pooled bytes
     */
    long pooledBytes() {
        return pooledBytes.get();
    }
}
