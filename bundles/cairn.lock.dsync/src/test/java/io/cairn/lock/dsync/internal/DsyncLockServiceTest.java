/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockTimeoutException;

/**
 * The quorum lock service over four in-memory lock servers: mutual exclusion under contention, shared reads,
 * quorum loss, expiry of a dead holder's entries, and loss of a lease whose refresh fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DsyncLockServiceTest {

    private static final List<String> NODES = List.of("n0:9000", "n1:9000", "n2:9000", "n3:9000");
    private static final long SEED = 20_261_122L;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<SimServer> servers = new ArrayList<>();
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        calls.shutdownNow();
        refresher.shutdownNow();
    }

    private void servers(long expiryMs, boolean realClock) {
        for (int i = 0; i < NODES.size(); i++) {
            servers.add(new SimServer(new LockTable(expiryMs, 10_000,
                    realClock ? System::currentTimeMillis : clock::get)));
        }
    }

    /**
     * Waits until every server's lock table is empty: a release waits at most {@code releaseWaitMs} for the answers
     * and leaves the slower ones running, so the tables may empty a little after the call that released returned.
     */
    private void awaitTablesEmpty(String message) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (servers.stream().anyMatch(s -> s.table.size() != 0) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        for (SimServer s : servers) {
            assertEquals(0, s.table.size(), message);
        }
    }

    private DsyncLockService service(String owner, Map<String, Object> settings, boolean refresh) {
        return new DsyncLockService(NODES, owner, node -> servers.get(NODES.indexOf(node)),
                TestSettings.dsync(settings), calls, refresh ? refresher : null, new Random(SEED));
    }

    @Test
    void writersExcludeEachOtherUnderContention() throws Exception {
        servers(30_000, true);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            for (int t = 0; t < 16; t++) {
                DsyncLockService locks = service(NODES.get(t % 4), Map.of("retryMaxMs", 20L), true);
                workers.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (Lease lease = locks.writeLock("bucket/object", Duration.ofSeconds(60))) {
                            int now = inside.incrementAndGet();
                            maxInside.accumulateAndGet(now, Math::max);
                            Thread.yield();
                            inside.decrementAndGet();
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, maxInside.get(), "two writers held the lock at once");
        assertEquals(16 * 25, done.get());
        awaitTablesEmpty("every entry released");
    }

    @Test
    void readersShareAndExcludeWriters() throws Exception {
        servers(30_000, false);
        DsyncLockService a = service("a", Map.of(), false);
        DsyncLockService b = service("b", Map.of(), false);
        Lease r1 = a.readLock("k", Duration.ZERO);
        Lease r2 = b.readLock("k", Duration.ZERO);
        assertThrows(LockTimeoutException.class, () -> b.writeLock("k", Duration.ZERO));
        r1.close();
        assertThrows(LockTimeoutException.class, () -> b.writeLock("k", Duration.ZERO));
        r2.close();
        r2.close();
        Lease w = b.writeLock("k", Duration.ZERO);
        assertTrue(w.exclusive());
        assertEquals("k", w.resource());
        assertThrows(LockTimeoutException.class, () -> a.readLock("k", Duration.ZERO));
        w.close();
        assertFalse(w.isValid());
    }

    @Test
    void quorumLossTimesOutWithAClearMessage() throws Exception {
        servers(30_000, false);
        servers.get(2).down = true;
        servers.get(3).down = true;
        DsyncLockService locks = service("a", Map.of("retryMaxMs", 5L), false);
        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> locks.writeLock("bucket/key", Duration.ofMillis(200)));
        assertEquals("bucket/key", e.resource());
        assertTrue(e.getMessage().contains("got 2 of 4 lock servers (needs 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("n2:9000 (server down)"), e.getMessage());
        awaitTablesEmpty("a failed attempt leaves no entries");
        try (Lease read = locks.readLock("bucket/key", Duration.ZERO)) {
            assertTrue(read.isValid(), "two of four servers are a read quorum");
        }
        servers.get(1).down = true;
        assertThrows(LockTimeoutException.class, () -> locks.readLock("bucket/key", Duration.ZERO));
    }

    @Test
    void quorumOutOfReachFailsWithoutWaitingForTheTimeout() throws Exception {
        servers(30_000, false);
        servers.get(1).down = true;
        servers.get(3).down = true;
        DsyncLockService locks = service("a", Map.of("retryMaxMs", 5L, "unreachableGiveUpMs", 50L), false);
        // The timeout is far beyond the test's own limit: only the give-up rule can end this call in time.
        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> locks.writeLock("bucket/key", Duration.ofHours(1)));
        assertTrue(e.getMessage().contains("cannot be granted: only 2 of 4 lock servers are reachable (needs 3)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("n1:9000 (server down)") && e.getMessage().contains("n3:9000"),
                e.getMessage());
        awaitTablesEmpty("a failed attempt leaves no entries");
        // A held lock is not unreachability: a contended name still waits for its timeout.
        servers.get(1).down = false;
        servers.get(3).down = false;
        try (Lease held = locks.writeLock("bucket/key", Duration.ZERO)) {
            LockTimeoutException busy = assertThrows(LockTimeoutException.class,
                    () -> service("b", Map.of("unreachableGiveUpMs", 0L), false).writeLock("bucket/key",
                            Duration.ofMillis(100)));
            assertTrue(busy.getMessage().contains("not granted within 100 ms"), busy.getMessage());
        }
    }

    @Test
    void killedHolderFreesTheNameAfterTheExpiry() throws Exception {
        servers(30_000, false);
        DsyncLockService killed = service("killed", Map.of(), false);
        DsyncLockService other = service("other", Map.of(), false);
        Lease abandoned = killed.tryOnce("k", true);
        assertNotNull(abandoned);
        // The holder dies: it never refreshes nor releases.
        assertNull(other.tryOnce("k", true));
        clock.addAndGet(29_000);
        assertNull(other.tryOnce("k", true), "not yet expired");
        clock.addAndGet(1_001);
        Lease taken = other.tryOnce("k", true);
        assertNotNull(taken, "free once the dead holder's entries expired");
        taken.close();
    }

    @Test
    void killedHolderFreesTheNameWhileAWriterWaits() throws Exception {
        servers(300, true);
        DsyncLockService killed = service("killed", Map.of(), false);
        DsyncLockService waiter = service("waiter", Map.of("retryMaxMs", 20L), true);
        assertNotNull(killed.tryOnce("k", true));
        try (Lease lease = waiter.writeLock("k", Duration.ofSeconds(60))) {
            assertTrue(lease.isValid());
        }
    }

    @Test
    void leaseIsLostWhenItsRefreshFindsNoQuorum() throws Exception {
        servers(30_000, false);
        DsyncLockService locks = service("a", Map.of(), false);
        Lease lease = locks.tryOnce("k", true);
        assertNotNull(lease);
        assertTrue(locks.refresh(lease));
        servers.get(0).table.clear();
        assertTrue(locks.refresh(lease), "three of four still confirm");
        servers.get(1).table.clear();
        assertFalse(locks.refresh(lease), "two of four is no write quorum");
        assertFalse(lease.isValid());
        assertEquals(0, locks.heldCount());
        awaitTablesEmpty("the lost lease's remaining entries were released");
    }

    @Test
    void refreshTimerKeepsTheLeaseAlive() throws Exception {
        servers(30_000, true);
        DsyncLockService locks = service("a", Map.of("refreshIntervalMs", 10L), true);
        try (Lease lease = locks.writeLock("k", Duration.ZERO)) {
            servers.get(0).table.clear();
            servers.get(1).table.clear();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lease.isValid() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertFalse(lease.isValid(), "the timer's refresh noticed the lost quorum");
        }
    }

    @Test
    void lostAnswersLeaveNoEntriesBehind() throws Exception {
        servers(30_000, false);
        servers.get(0).loseAnswers = true;
        servers.get(1).loseAnswers = true;
        DsyncLockService locks = service("a", Map.of(), false);
        assertNull(locks.tryOnce("k", true));
        servers.get(0).loseAnswers = false;
        servers.get(1).loseAnswers = false;
        awaitTablesEmpty("every entry released");
    }
}
