/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lends direct buffers whose address is aligned for direct I/O ({@code O_DIRECT}). A buffer given back is kept for
 * the next writer, up to a bound; beyond it the garbage collector frees it.
 */
final class AlignedBuffers {

    /** The alignment every buffer has: a multiple of the block size of the file systems Cairn runs on. */
    static final int ALIGNMENT = 4096;
    /** The size of every buffer: a direct write is issued per buffer filled. */
    static final int SIZE = 256 << 10;

    private final int maxRetained;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retained = new AtomicInteger();

    /**
     * Creates the pool.
     *
     * @param maxRetained how many buffers to keep at most while no writer uses them
     */
    AlignedBuffers(int maxRetained) {
        this.maxRetained = maxRetained;
    }

    /**
     * Lends a cleared buffer of {@link #SIZE} bytes at an address aligned to {@link #ALIGNMENT}.
     *
     * @return the buffer
     */
    ByteBuffer take() {
        ByteBuffer b = free.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(SIZE + ALIGNMENT).alignedSlice(ALIGNMENT).limit(SIZE).slice();
        }
        retained.decrementAndGet();
        return b.clear();
    }

    /**
     * Takes a buffer back.
     *
     * @param b a buffer from {@link #take()}
     */
    void give(ByteBuffer b) {
        if (retained.incrementAndGet() <= maxRetained) {
            free.add(b);
        } else {
            retained.decrementAndGet();
        }
    }
}
