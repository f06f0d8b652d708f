/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.api.lock.Lease;

/**
 * A seeded random schedule of lock attempts, releases, holder crashes, lock servers going down and coming back,
 * lost answers and the passing of time, on a fake clock and a sequential transport. After every step the
 * invariant holds: never two valid write leases, never a valid write lease next to a valid read lease. Holders
 * refresh on time (the clock never jumps past a due refresh), as the refresh timer does. A failure prints the
 * seed and the step; the same seed replays the same schedule.
 */
class DsyncSimulationTest {

    private static final int NODES = 4;
    private static final int CLIENTS = 6;
    private static final int STEPS = 10_000;
    private static final long EXPIRY_MS = 30_000;
    private static final long REFRESH_MS = 10_000;

    /** One simulated holder: a lock service and the lease it believes it holds. */
    private static final class Client {
        final DsyncLockService locks;
        Lease lease;
        long nextRefresh;

        Client(DsyncLockService locks) {
            this.locks = locks;
        }
    }

    @Test
    void neverTwoWriters() {
        for (long seed = 1; seed <= 8; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        AtomicLong clock = new AtomicLong(0);
        List<SimServer> servers = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            servers.add(new SimServer(new LockTable(EXPIRY_MS, 3_000, 1_000, clock::get)));
            nodes.add("n" + i + ":9000");
        }
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new Client(new DsyncLockService(nodes, "c" + i, n -> servers.get(nodes.indexOf(n)),
                    TestSettings.dsync(Map.of("releaseWaitMs", 0L)), Runnable::run, null, new Random(seed + i))));
        }
        int grants = 0;
        for (int step = 0; step < STEPS; step++) {
            String where = "seed " + seed + " step " + step;
            int action = random.nextInt(100);
            Client c = clients.get(random.nextInt(CLIENTS));
            if (action < 35) {
                if (c.lease == null) {
                    c.lease = c.locks.tryOnce("obj", random.nextInt(3) > 0);
                    if (c.lease != null) {
                        c.nextRefresh = clock.get() + REFRESH_MS;
                        grants++;
                    }
                }
            } else if (action < 50) {
                if (c.lease != null) {
                    c.lease.close();
                    c.lease = null;
                }
            } else if (action < 53) {
                // The holder is killed: it neither refreshes nor releases.
                c.lease = null;
            } else if (action < 70) {
                SimServer s = servers.get(random.nextInt(NODES));
                s.down = !s.down;
            } else if (action < 75) {
                SimServer s = servers.get(random.nextInt(NODES));
                s.loseAnswers = !s.loseAnswers;
            } else {
                advance(clock, clients, 1 + random.nextInt((int) REFRESH_MS), where);
            }
            check(clients, where);
        }
        if (grants == 0) {
            throw new AssertionError("seed " + seed + ": the schedule never granted a lock");
        }
    }

    /** Moves the clock forward, running every holder's refresh at its due time on the way. */
    private static void advance(AtomicLong clock, List<Client> clients, long deltaMs, String where) {
        long target = clock.get() + deltaMs;
        while (true) {
            Client due = null;
            for (Client c : clients) {
                if (c.lease != null && c.nextRefresh <= target && (due == null || c.nextRefresh < due.nextRefresh)) {
                    due = c;
                }
            }
            if (due == null) {
                break;
            }
            clock.set(Math.max(clock.get(), due.nextRefresh));
            if (due.locks.refresh(due.lease)) {
                due.nextRefresh = clock.get() + REFRESH_MS;
            } else {
                due.lease = null;
            }
            check(clients, where + " (refresh)");
        }
        clock.set(target);
    }

    private static void check(List<Client> clients, String where) {
        int writers = 0;
        int readers = 0;
        for (Client c : clients) {
            if (c.lease != null && c.lease.isValid()) {
                if (c.lease.exclusive()) {
                    writers++;
                } else {
                    readers++;
                }
            }
        }
        if (writers > 1 || (writers == 1 && readers > 0)) {
            throw new AssertionError(where + ": " + writers + " writers and " + readers + " readers hold 'obj'");
        }
    }
}
