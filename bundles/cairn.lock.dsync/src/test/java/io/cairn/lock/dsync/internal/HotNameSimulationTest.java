/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.api.lock.Lease;

/**
 * Many holders hammering one name, on a fake clock and a sequential transport: eight readers that hold the name
 * for up to 200 ms and come back within 50 ms (so that some reader always holds it) and two writers. Every
 * holder retries a refused round as {@link DsyncLockService} does (a backoff doubling from 10 ms to 500 ms, with
 * seeded jitter). Without writer intents the writers never find a quorum of servers without a reader; without
 * readers' turns the readers could be left behind the writers (both measured: a writer then waits for the
 * whole run, a reader up to 23 s). The test checks mutual exclusion at every tick and that no request of either
 * kind waits longer than a few seconds. The same seed replays the same schedule.
 */
class HotNameSimulationTest {

    private static final int NODES = 4;
    private static final int READERS = 8;
    private static final int WRITERS = 2;
    private static final long TICK_MS = 10;
    private static final long RUN_MS = 120_000;
    /** Readers wait at most about one writer's intent, its write and the writers' polling. */
    private static final long MAX_READ_WAIT_MS = 5_000;
    /**
     * Writers also wait for each other, in no particular order (a writer that just started polls sooner than one
     * that has backed off), so their bound is looser; both stay well below a 30 s lock timeout.
     */
    private static final long MAX_WRITE_WAIT_MS = 15_000;

    /** One holder: its lock service, what it does now and how long it has waited. */
    private static final class Holder {
        final DsyncLockService locks;
        final boolean write;
        final Random random;
        Lease lease;
        long releaseAt;
        long nextAttempt;
        long waitingSince;
        long backoffMs = 10;
        long maxWaitMs;
        int grants;

        Holder(DsyncLockService locks, boolean write, Random random) {
            this.locks = locks;
            this.write = write;
            this.random = random;
        }
    }

    @Test
    void neitherReadersNorWritersWaitForLong() {
        for (long seed = 1; seed <= 4; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        AtomicLong clock = new AtomicLong(0);
        List<SimServer> servers = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            servers.add(new SimServer(new LockTable(30_000, 1_000, 500, 1_000, clock::get)));
            nodes.add("n" + i + ":9000");
        }
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < READERS + WRITERS; i++) {
            DsyncLockService locks = new DsyncLockService(nodes, "c" + i, n -> servers.get(nodes.indexOf(n)),
                    TestSettings.dsync(Map.of("releaseWaitMs", 0L)), Runnable::run, null, new Random(seed * 31 + i));
            holders.add(new Holder(locks, i >= READERS, new Random(seed * 17 + i)));
        }
        for (long now = 0; now < RUN_MS; now = clock.addAndGet(TICK_MS)) {
            List<Holder> order = new ArrayList<>(holders);
            Collections.shuffle(order, random);
            for (Holder h : order) {
                step(h, now);
            }
            check(holders, "seed " + seed + " at " + now + " ms");
        }
        for (Holder h : holders) {
            String what = "seed " + seed + ": a " + (h.write ? "writer" : "reader");
            assertTrue(h.grants > 0, what + " never got the name");
            long bound = h.write ? MAX_WRITE_WAIT_MS : MAX_READ_WAIT_MS;
            assertTrue(h.maxWaitMs <= bound, what + " waited " + h.maxWaitMs + " ms");
        }
    }

    private static void step(Holder h, long now) {
        if (h.lease != null) {
            if (now >= h.releaseAt) {
                h.lease.close();
                h.lease = null;
                h.waitingSince = now + h.random.nextInt(50);
                h.nextAttempt = h.waitingSince;
                h.backoffMs = 10;
            }
            return;
        }
        if (now < h.nextAttempt) {
            return;
        }
        h.lease = h.locks.tryOnce("bucket/hot", h.write);
        if (h.lease != null) {
            h.grants++;
            h.maxWaitMs = Math.max(h.maxWaitMs, now - h.waitingSince);
            h.releaseAt = now + (h.write ? 20 + h.random.nextInt(30) : 20 + h.random.nextInt(180));
            return;
        }
        h.maxWaitMs = Math.max(h.maxWaitMs, now - h.waitingSince);
        h.nextAttempt = now + h.backoffMs / 2 + h.random.nextLong(h.backoffMs + 1);
        h.backoffMs = Math.min(h.backoffMs * 2, 500);
    }

    private static void check(List<Holder> holders, String where) {
        int writers = 0;
        int readers = 0;
        for (Holder h : holders) {
            if (h.lease != null && h.lease.isValid()) {
                if (h.write) {
                    writers++;
                } else {
                    readers++;
                }
            }
        }
        if (writers > 1 || (writers == 1 && readers > 0)) {
            throw new AssertionError(where + ": " + writers + " writers and " + readers + " readers hold the name");
        }
    }
}
