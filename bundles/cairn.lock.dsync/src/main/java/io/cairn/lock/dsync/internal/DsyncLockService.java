/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockService;
import io.cairn.api.lock.LockTimeoutException;
import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;

/**
 * Read/write locks granted by a quorum of the nodes' lock servers (dsync).
 *
 * <p><b>Acquire.</b> An acquisition takes a ticket and notes its start; each of its rounds asks every node's lock
 * server in parallel for an entry under a fresh uid, with that ticket and start as its place in the servers' lines
 * ({@link LockServer#enter}). With a {@link Quorum} of grants the lease is held, and the servers that refused are
 * told to forget the place; otherwise the round's entries are released on every server (also those whose answer
 * was lost) keeping the place, and the next round follows after a backoff that doubles from {@code retryInitialMs}
 * to {@code retryMaxMs}, with random jitter so that contenders do not collide again. When the servers answered
 * with a place in line, the pause follows the place instead (the fewest waiters ahead any server reported): the
 * first in line asks again within a few {@code retryInitialMs} (the name stays unused while it sleeps), the next
 * few soon after, those far back seldom. When the timeout is spent, the place is given up
 * and {@link LockTimeoutException} names the grants of the last round. When so many servers are
 * unreachable that no quorum is possible, and still are after {@code unreachableGiveUpMs}, the request fails at
 * once: waiting for its timeout would only hold the client up (a lock server that is back answers within that
 * grace, and a transport being swapped is replaced within it).
 *
 * <p><b>Hold.</b> Every {@code refreshIntervalMs} the holder refreshes its entries on every server; if fewer than a
 * quorum confirm, the lease is lost: {@link Lease#isValid()} turns false and the remaining entries are released.
 * Servers drop entries that are not refreshed within their expiry, so a holder that died frees its names.
 *
 * <p><b>Release.</b> Closing a lease removes its entries on every server and waits for the answers at most
 * {@code releaseWaitMs}; entries of servers that did not answer expire.
 */
public final class DsyncLockService implements LockService {

    private static final Logger LOG = LoggerFactory.getLogger(DsyncLockService.class);
    /** The first in line pauses at most this many {@code retryInitialMs} between two rounds. */
    static final int MAX_FIRST_IN_LINE_FACTOR = 4;

    private final List<String> nodes;
    private final String owner;
    private final Function<String, LockServer> servers;
    private final DsyncConfig config;
    private final Executor calls;
    private final ScheduledExecutorService refresher;
    private final RandomGenerator random;
    private final Set<DsyncLease> held = ConcurrentHashMap.newKeySet();

    /**
     * Creates the service.
     *
     * @param nodes every node of the deployment, each with one lock server
     * @param owner this node, recorded with the entries for diagnostics
     * @param servers gives the lock server of a node; called for every round, so it may change between rounds
     * @param config the timing settings
     * @param calls runs the calls of a round in parallel
     * @param refresher runs the refreshes, or {@code null} when the caller refreshes with {@link #refresh}
     * @param random jitter source
     */
    DsyncLockService(List<String> nodes, String owner, Function<String, LockServer> servers, DsyncConfig config,
            Executor calls, ScheduledExecutorService refresher, RandomGenerator random) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no lock servers");
        }
        this.nodes = List.copyOf(nodes);
        this.owner = owner;
        this.servers = servers;
        this.config = config;
        this.calls = calls;
        this.refresher = refresher;
        this.random = random;
    }

    @Override
    public Lease readLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return acquire(resource, timeout, false);
    }

    @Override
    public Lease writeLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return acquire(resource, timeout, true);
    }

    /** @return the leases currently held through this service */
    int heldCount() {
        return held.size();
    }

    /** Releases every lease, when the service goes away. */
    void closeAll() {
        for (DsyncLease lease : List.copyOf(held)) {
            lease.close();
        }
    }

    private Lease acquire(String resource, Duration timeout, boolean write)
            throws LockTimeoutException, InterruptedException {
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("empty resource name");
        }
        long start = System.nanoTime();
        long deadline = start + Math.max(0, timeout.toNanos());
        Attempt attempt = new Attempt(resource, write, System.currentTimeMillis());
        long unreachableSince = 0;
        while (true) {
            if (Thread.interrupted()) {
                attempt.giveUp();
                throw new InterruptedException("waiting for the " + kind(write) + " lock on " + resource);
            }
            Round last = attempt.round();
            if (last.lease != null) {
                return last.lease;
            }
            long now = System.nanoTime();
            if (nodes.size() - last.failures.size() >= attempt.quorum) {
                unreachableSince = 0;
            } else if (unreachableSince == 0) {
                unreachableSince = now;
            } else if (now - unreachableSince >= TimeUnit.MILLISECONDS.toNanos(config.unreachableGiveUpMs())) {
                attempt.endRound(last, false);
                throw new LockTimeoutException(resource, kind(write) + " lock on " + resource
                        + " cannot be granted: only " + (nodes.size() - last.failures.size()) + " of " + nodes.size()
                        + " lock servers are reachable (needs " + attempt.quorum + "); unreachable: "
                        + String.join(", ", last.failures));
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - now);
            attempt.endRound(last, leftMs > 0);
            if (leftMs <= 0) {
                throw new LockTimeoutException(resource, kind(write) + " lock on " + resource + " not granted within "
                        + timeout.toMillis() + " ms: the last attempt got " + last.granted + " of " + nodes.size()
                        + " lock servers (needs " + attempt.quorum + ")"
                        + (last.failures.isEmpty() ? "" : "; unreachable: " + String.join(", ", last.failures)));
            }
            try {
                Thread.sleep(Math.min(leftMs, attempt.pauseMs(last)));
            } catch (InterruptedException e) {
                attempt.giveUp();
                throw e;
            }
        }
    }

    /**
     * Makes one attempt at a lock: asks every lock server once, and gives up the place in line when refused.
     *
     * @param resource the resource
     * @param write whether a write lock is wanted
     * @return the lease, or {@code null} when no quorum granted it
     */
    Lease tryOnce(String resource, boolean write) {
        Attempt attempt = new Attempt(resource, write, System.currentTimeMillis());
        Round round = attempt.round();
        if (round.lease == null) {
            attempt.endRound(round, false);
        }
        return round.lease;
    }

    /**
     * Starts an acquisition whose rounds the caller drives, as {@link #writeLock} and {@link #readLock} do.
     *
     * @param resource the resource
     * @param write whether a write lock is wanted
     * @param sinceMs the start of the acquisition, its age in the servers' lines
     * @return the acquisition
     */
    Attempt attempt(String resource, boolean write, long sinceMs) {
        return new Attempt(resource, write, sinceMs);
    }

    /**
     * Refreshes a lease once on every server.
     *
     * @param lease a lease of this service
     * @return {@code true} when a quorum confirmed it; otherwise it is now invalid and released
     */
    boolean refresh(Lease lease) {
        DsyncLease l = (DsyncLease) lease;
        if (!l.isValid()) {
            return false;
        }
        int confirmed = 0;
        for (CompletableFuture<Boolean> answer : ask(l.request, Op.REFRESH)) {
            if (await(answer).granted) {
                confirmed++;
            }
        }
        if (confirmed >= Quorum.of(nodes.size(), l.write)) {
            return true;
        }
        LOG.warn("Lost the {} lock on {}: only {} of {} lock servers confirmed it", kind(l.write), l.request.resource(),
                confirmed, nodes.size());
        l.lost();
        return false;
    }

    private void release(LockRequest request, boolean write) {
        awaitAll(ask(request, write ? Op.UNLOCK : Op.READ_UNLOCK));
    }

    /** Waits for the answers at most {@code releaseWaitMs}: unanswered releases are left to the servers' expiry. */
    private void awaitAll(List<? extends CompletableFuture<?>> answers) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.releaseWaitMs());
        for (CompletableFuture<?> answer : answers) {
            long left = deadline - System.nanoTime();
            try {
                answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                continue;
            }
        }
    }

    private List<CompletableFuture<Boolean>> ask(LockRequest request, Op op) {
        return ask(nodes, server -> op.call(server, request));
    }

    private <T> List<CompletableFuture<T>> ask(List<String> targets, Call<T> call) {
        List<CompletableFuture<T>> answers = new ArrayList<>(targets.size());
        for (String node : targets) {
            CompletableFuture<T> answer = new CompletableFuture<>();
            try {
                calls.execute(() -> {
                    try {
                        answer.complete(call.on(servers.apply(node)));
                    } catch (Exception | LinkageError e) {
                        answer.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                answer.completeExceptionally(e);
            }
            answers.add(answer);
        }
        return answers;
    }

    private static Answer await(CompletableFuture<?> answer) {
        try {
            // The transport bounds every call by its deadline; this wait ends when the call does.
            Object value = answer.get();
            if (value instanceof LockAnswer a) {
                return new Answer(a.granted(), a.ahead(), null);
            }
            return new Answer(Boolean.TRUE.equals(value), -1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, -1, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Answer(false, -1, String.valueOf(cause.getMessage()));
        }
    }

    private static String kind(boolean write) {
        return write ? "write" : "read";
    }

    /** A call of one lock server. */
    @FunctionalInterface
    private interface Call<T> {
        T on(LockServer server) throws Exception;
    }

    private static LockServer route(LockServer server) {
        if (server == null) {
            throw new IllegalStateException("no route to the lock server (peer transport missing)");
        }
        return server;
    }

    /** A lock server call about a held lease. */
    private enum Op {
        UNLOCK, READ_UNLOCK, REFRESH;

        boolean call(LockServer server, LockRequest request) throws Exception {
            return switch (this) {
                case UNLOCK -> route(server).unlock(request);
                case READ_UNLOCK -> route(server).readUnlock(request);
                case REFRESH -> route(server).refresh(request);
            };
        }
    }

    /** One server's answer: granted, refused with the waiters ahead (-1: no place), or failed. */
    private record Answer(boolean granted, int ahead, String failure) {
    }

    /**
     * The outcome of a round.
     *
     * @param lease the lease, or {@code null} without quorum
     * @param request the round's request
     * @param granted the number of grants
     * @param ahead the fewest waiters ahead any server reported, or -1 when none gave a place
     * @param failures the servers that did not answer, with the reason
     * @param refused the servers that answered with a refusal
     */
    private record Round(DsyncLease lease, LockRequest request, int granted, int ahead, List<String> failures,
            List<String> refused) {
    }

    /**
     * One acquisition: a ticket and a start that every round presents, so that the lock servers keep its place in
     * their lines from one round to the next.
     */
    final class Attempt {
        private final String resource;
        private final boolean write;
        /** From the seeded source, so that a simulation's ties between equal starts replay the same way. */
        private final String ticket = new UUID(random.nextLong(), random.nextLong()).toString();
        private final long sinceMs;
        final int quorum;
        private long backoffMs = Math.max(1, config.retryInitialMs());
        private long firstInLineMs = Math.max(1, config.retryInitialMs());
        private int aheadAtPoll = -1;
        /** The time one waiter ahead took, as last measured; at first {@code retryInitialMs}. */
        private long perWaiterMs = Math.max(1, config.retryInitialMs());
        /** When the place last changed (monotonic milliseconds), or 0. */
        private long placeMovedMs;
        /** The waiters ahead at the last pause, or -1. */
        private int lastAhead = -1;

        private Attempt(String resource, boolean write, long sinceMs) {
            this.resource = resource;
            this.write = write;
            this.sinceMs = Math.max(1, sinceMs);
            this.quorum = Quorum.of(nodes.size(), write);
        }

        /**
         * Makes one round and, without quorum, ends it keeping the place in line: one poll of a caller that
         * schedules its own retries (simulations).
         *
         * @return the lease, or {@code null} when no quorum granted it
         */
        Lease poll() {
            Round r = round();
            aheadAtPoll = r.ahead;
            if (r.lease == null) {
                endRound(r, true);
            }
            return r.lease;
        }

        /**
         * Returns the pause before the next {@link #poll}, after one that was refused.
         *
         * @param nowMs the time of the poll, on the caller's clock
         * @return the pause in milliseconds
         */
        long pauseAfterPoll(long nowMs) {
            return pause(aheadAtPoll, nowMs);
        }

        private long pauseMs(Round refused) {
            return pause(refused.ahead, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
        }

        /**
         * The pause before the next round. First in line, a backoff doubling from {@code retryInitialMs} to
         * {@value #MAX_FIRST_IN_LINE_FACTOR} times that: the name is unused while the first in line sleeps, so it
         * asks often, but not at every tick through a long hold. With waiters ahead, a quarter of the time they are
         * expected to take (their number times the time one took, as seen from how fast this place moved up), at
         * least {@code retryInitialMs} and at most {@code retryMaxMs}: so a waiter is back before its turn, and asks
         * seldom while far back. Without a place (no server keeps one), a backoff doubling up to {@code retryMaxMs}.
         *
         * @param ahead the waiters ahead, or -1 without a place
         * @param nowMs the time of the round, on a monotonic clock
         */
        private long pause(int ahead, long nowMs) {
            long initial = Math.max(1, config.retryInitialMs());
            long max = Math.max(initial, config.retryMaxMs());
            if (ahead >= 0 && lastAhead > ahead && placeMovedMs != 0) {
                perWaiterMs = Math.min(max, Math.max(initial, (nowMs - placeMovedMs) / (lastAhead - ahead)));
            }
            if (ahead != lastAhead) {
                placeMovedMs = nowMs;
                lastAhead = ahead;
            }
            long base;
            if (ahead == 0) {
                base = firstInLineMs;
                firstInLineMs = Math.min(firstInLineMs * 2, initial * MAX_FIRST_IN_LINE_FACTOR);
                backoffMs = initial;
            } else if (ahead > 0) {
                base = Math.min(max, Math.max(initial, ahead * perWaiterMs / 4));
                firstInLineMs = initial;
                backoffMs = initial;
            } else {
                base = backoffMs;
                backoffMs = Math.min(backoffMs * 2, max);
                firstInLineMs = initial;
            }
            return Math.max(1, base / 2 + random.nextLong(base + 1));
        }

        /** Gives up the place in line on every server, as a caller that stops waiting does. */
        void giveUp() {
            LockRequest request = new LockRequest(resource, UUID.randomUUID().toString(), owner, ticket, sinceMs);
            awaitAll(ask(nodes, server -> route(server).leave(request, write, false)));
        }

        /**
         * Asks every lock server once. With a quorum, the lease is held and the servers that refused forget the
         * place; otherwise the caller ends the round with {@link #endRound}.
         *
         * @return the round
         */
        private Round round() {
            LockRequest request = new LockRequest(resource, UUID.randomUUID().toString(), owner, ticket, sinceMs);
            List<CompletableFuture<LockAnswer>> answers = ask(nodes, server -> route(server).enter(request, write));
            int granted = 0;
            int ahead = -1;
            List<String> failures = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                Answer a = await(answers.get(i));
                if (a.granted) {
                    granted++;
                } else if (a.failure != null) {
                    failures.add(nodes.get(i) + " (" + a.failure + ")");
                } else {
                    refused.add(nodes.get(i));
                    if (a.ahead >= 0) {
                        ahead = ahead < 0 ? a.ahead : Math.min(ahead, a.ahead);
                    }
                }
            }
            if (granted < quorum) {
                return new Round(null, request, granted, ahead, failures, refused);
            }
            DsyncLease lease = new DsyncLease(request.withoutTicket(), write);
            held.add(lease);
            lease.scheduleRefresh();
            // Nobody waits for these: a place left behind lapses after the servers' wait expiry.
            ask(refused, server -> route(server).leave(request, write, false));
            return new Round(lease, request, granted, ahead, failures, refused);
        }

        /**
         * Ends a round without quorum: releases its entries on every server (also where the answer was lost but the
         * entry may exist), keeping or giving up the place in line.
         *
         * @param round the round
         * @param again whether another round follows
         */
        private void endRound(Round round, boolean again) {
            awaitAll(ask(nodes, server -> route(server).leave(round.request, write, again)));
        }
    }

    /** A held lock: refreshed on a timer until closed or lost. */
    private final class DsyncLease implements Lease {
        private final LockRequest request;
        private final boolean write;
        private volatile boolean valid = true;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> refreshTask;

        DsyncLease(LockRequest request, boolean write) {
            this.request = request;
            this.write = write;
        }

        void scheduleRefresh() {
            if (refresher == null) {
                return;
            }
            long interval = Math.max(1, config.refreshIntervalMs());
            try {
                refreshTask = refresher.scheduleWithFixedDelay(() -> refresh(this), interval, interval,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                lost();
            }
        }

        void lost() {
            valid = false;
            close();
        }

        @Override
        public String resource() {
            return request.resource();
        }

        @Override
        public boolean exclusive() {
            return write;
        }

        @Override
        public boolean isValid() {
            return valid && !closed;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            var task = refreshTask;
            if (task != null) {
                task.cancel(false);
            }
            held.remove(this);
            release(request, write);
        }
    }
}
