/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void reusesLargeBuffersOfTheSameLength() {
        BufferPool pool = new BufferPool(4 << 20);
        byte[] a = pool.take(1 << 20);
        pool.give(a);
        assertEquals(1 << 20, pool.pooledBytes());
        assertSame(a, pool.take(1 << 20));
        assertEquals(0, pool.pooledBytes());
        assertNotSame(a, pool.take(1 << 20), "a buffer handed out is not handed out twice");
        assertEquals(512 << 10, pool.take(512 << 10).length);
    }

    @Test
    void keepsNoMoreThanItsBudgetAndNoSmallBuffers() {
        BufferPool pool = new BufferPool(2 << 20);
        for (int i = 0; i < 5; i++) {
            pool.give(new byte[1 << 20]);
        }
        assertEquals(2 << 20, pool.pooledBytes());
        pool.give(new byte[4 << 10]);
        assertEquals(2 << 20, pool.pooledBytes());
        byte[] small = new byte[4 << 10];
        pool.give(small);
        assertNotSame(small, pool.take(4 << 10));
    }

    @Test
    void md5PipelineEqualsOneDigestOverTheWholeBody() throws Exception {
        Random random = new Random(42);
        ExecutorService io = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                MessageDigest whole = MessageDigest.getInstance("MD5");
                Md5Pipeline pipeline = new Md5Pipeline(MessageDigest.getInstance("MD5"), io);
                byte[][] buffers = {new byte[200 << 10], new byte[200 << 10]};
                int blocks = 1 + random.nextInt(6);
                for (int b = 0; b < blocks; b++) {
                    // The buffer used two blocks ago is refilled, as DataWriter does.
                    byte[] block = buffers[b % 2];
                    int n = random.nextInt(block.length + 1);
                    random.nextBytes(block);
                    whole.update(block, 0, n);
                    pipeline.update(block, n);
                }
                assertArrayEquals(whole.digest(), pipeline.digest(), "round " + round);
            }
        } finally {
            io.shutdownNow();
        }
    }
}
