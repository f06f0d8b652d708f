/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockTimeoutException;

class LocalLockServiceTest {

    private final LocalLockService locks = new LocalLockService();

    @Test
    void readersShareWritersExclude() throws Exception {
        try (Lease r1 = locks.readLock("b/k", Duration.ZERO); Lease r2 = locks.readLock("b/k", Duration.ZERO)) {
            assertFalse(r1.exclusive());
            assertThrows(LockTimeoutException.class, () -> locks.writeLock("b/k", Duration.ofMillis(20)));
            assertTrue(r2.isValid());
        }
        try (Lease w = locks.writeLock("b/k", Duration.ZERO)) {
            assertTrue(w.exclusive());
            assertThrows(LockTimeoutException.class, () -> locks.readLock("b/k", Duration.ZERO));
            assertThrows(LockTimeoutException.class, () -> locks.writeLock("b/k", Duration.ZERO));
            try (Lease other = locks.writeLock("b/other", Duration.ZERO)) {
                assertEquals("b/other", other.resource());
            }
        }
        assertEquals(0, locks.activeResources());
    }

    @Test
    void closeTwiceReleasesOnceAndAnyThreadMayClose() throws Exception {
        Lease w = locks.writeLock("x", Duration.ZERO);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(w::close).get();
        } finally {
            pool.shutdown();
        }
        w.close();
        assertFalse(w.isValid());
        try (Lease r = locks.readLock("x", Duration.ZERO); Lease r2 = locks.readLock("x", Duration.ZERO)) {
            assertTrue(r.isValid() && r2.isValid());
        }
        assertEquals(0, locks.activeResources());
    }

    @Test
    void waitingWriterBlocksNewReadersAndGetsTheLock() throws Exception {
        Lease r = locks.readLock("k", Duration.ZERO);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Lease> writer = pool.submit(() -> locks.writeLock("k", Duration.ofSeconds(30)));
            waitUntil(() -> locks.activeResources() == 1 && !writer.isDone());
            // Poll until the writer is registered as waiting: a new reader is then refused.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try (Lease probe = locks.readLock("k", Duration.ZERO)) {
                    Thread.onSpinWait();
                } catch (LockTimeoutException e) {
                    refused = true;
                }
            }
            assertTrue(refused, "a waiting writer must hold back new readers");
            r.close();
            try (Lease w = writer.get(10, TimeUnit.SECONDS)) {
                assertTrue(w.exclusive());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, locks.activeResources());
    }

    @Test
    void readerQueuedBehindAWriterGoesBeforeLaterWriters() throws Exception {
        Lease first = locks.writeLock("k", Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Lease> reader = pool.submit(() -> locks.readLock("k", Duration.ofSeconds(5)));
            waitUntil(() -> locks.waiting("k") == 1);
            Future<Lease> second = pool.submit(() -> locks.writeLock("k", Duration.ofSeconds(30)));
            waitUntil(() -> locks.waiting("k") == 2);
            Future<Lease> lateReader = pool.submit(() -> locks.readLock("k", Duration.ofSeconds(30)));
            waitUntil(() -> locks.waiting("k") == 3);
            first.close();
            // The reader came before the second writer: it gets in first, and the writer waits for it.
            try (Lease r = reader.get(10, TimeUnit.SECONDS)) {
                assertFalse(r.exclusive());
                assertEquals(2, locks.waiting("k"), "the second writer and the late reader still wait");
                assertFalse(second.isDone());
            }
            // The late reader came after the second writer: it waits for that writer.
            try (Lease w = second.get(10, TimeUnit.SECONDS)) {
                assertTrue(w.exclusive());
                assertEquals(1, locks.waiting("k"));
                assertFalse(lateReader.isDone());
            }
            lateReader.get(10, TimeUnit.SECONDS).close();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, locks.activeResources());
    }

    @Test
    void readersQueuedTogetherEnterTogether() throws Exception {
        Lease writer = locks.writeLock("k", Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Lease>> readers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                readers.add(pool.submit(() -> locks.readLock("k", Duration.ofSeconds(30))));
                int queued = i + 1;
                waitUntil(() -> locks.waiting("k") == queued);
            }
            writer.close();
            List<Lease> held = new ArrayList<>();
            for (Future<Lease> r : readers) {
                held.add(r.get(10, TimeUnit.SECONDS));
            }
            assertEquals(3, held.size());
            held.forEach(Lease::close);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, locks.activeResources());
    }

    @Test
    void timedOutWriterLetsReadersIn() throws Exception {
        try (Lease r = locks.readLock("k", Duration.ZERO)) {
            assertThrows(LockTimeoutException.class, () -> locks.writeLock("k", Duration.ofMillis(10)));
            try (Lease r2 = locks.readLock("k", Duration.ZERO)) {
                assertTrue(r2.isValid());
            }
        }
        assertEquals(0, locks.activeResources());
    }

    @Test
    void seededContentionKeepsMutualExclusion() throws Exception {
        long seed = Long.getLong("test.seed", 1210L);
        Random seeds = new Random(seed);
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Random rnd = new Random(seeds.nextLong());
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    boolean write = rnd.nextInt(4) == 0;
                    try (Lease l = write ? locks.writeLock("r", Duration.ofSeconds(30))
                            : locks.readLock("r", Duration.ofSeconds(30))) {
                        int w = write ? writers.incrementAndGet() : writers.get();
                        int rd = write ? readers.get() : readers.incrementAndGet();
                        if (write ? w != 1 || rd != 0 : w != 0) {
                            violations.incrementAndGet();
                        }
                        if (write) {
                            writers.decrementAndGet();
                        } else {
                            readers.decrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, violations.get(), "seed " + seed);
        assertEquals(0, locks.activeResources(), "seed " + seed);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached");
            }
            Thread.onSpinWait();
        }
    }
}
