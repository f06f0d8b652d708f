/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import java.io.InputStream;
import java.util.Random;

/**
 * An object body of any length cut from a pool of seeded random bytes, starting at an offset that differs per
 * object, so that producing it costs a copy and no generator time.
 */
final class SeededBody extends InputStream {

    private final byte[] pool;
    private long remaining;
    private int position;

    /**
     * Creates a body.
     *
     * @param pool the random bytes
     * @param length the body's length
     * @param index the object's number (chooses the starting offset)
     */
    SeededBody(byte[] pool, long length, long index) {
        this.pool = pool;
        this.remaining = length;
        this.position = (int) Math.floorMod(index * 7_919L, (long) pool.length);
    }

    /**
     * Fills a pool of random bytes.
     *
     * @param bytes the pool size
     * @param seed the seed
     * @return the pool
     */
    static byte[] pool(int bytes, long seed) {
        byte[] pool = new byte[bytes];
        new Random(seed).nextBytes(pool);
        return pool;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining <= 0) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, remaining), pool.length - position);
        System.arraycopy(pool, position, b, off, n);
        position = (position + n) % pool.length;
        remaining -= n;
        return n;
    }
}
