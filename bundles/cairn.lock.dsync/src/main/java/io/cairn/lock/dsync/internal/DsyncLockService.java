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
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;

/**
 * Read/write locks granted by a quorum of the nodes' lock servers (dsync).
 *
 * <p><b>Acquire.</b> A round asks every node's lock server in parallel for an entry under a fresh uid. With a
 * {@link Quorum} of grants the lease is held; otherwise the round's entries are released on every server (also
 * those whose answer was lost) and the next round follows after a backoff that doubles from
 * {@code retryInitialMs} to {@code retryMaxMs}, with random jitter so that contenders do not collide again. When the
 * timeout is spent, {@link LockTimeoutException} names the grants of the last round. When so many servers are
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
        long backoffMs = Math.max(1, config.retryInitialMs());
        int quorum = Quorum.of(nodes.size(), write);
        long unreachableSince = 0;
        Round last;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for the " + kind(write) + " lock on " + resource);
            }
            last = round(resource, write);
            if (last.lease != null) {
                return last.lease;
            }
            long now = System.nanoTime();
            if (nodes.size() - last.failures.size() >= quorum) {
                unreachableSince = 0;
            } else if (unreachableSince == 0) {
                unreachableSince = now;
            } else if (now - unreachableSince >= TimeUnit.MILLISECONDS.toNanos(config.unreachableGiveUpMs())) {
                throw new LockTimeoutException(resource, kind(write) + " lock on " + resource
                        + " cannot be granted: only " + (nodes.size() - last.failures.size()) + " of " + nodes.size()
                        + " lock servers are reachable (needs " + quorum + "); unreachable: "
                        + String.join(", ", last.failures));
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - now);
            if (leftMs <= 0) {
                throw new LockTimeoutException(resource, kind(write) + " lock on " + resource + " not granted within "
                        + timeout.toMillis() + " ms: the last attempt got " + last.granted + " of " + nodes.size()
                        + " lock servers (needs " + Quorum.of(nodes.size(), write) + ")"
                        + (last.failures.isEmpty() ? "" : "; unreachable: " + String.join(", ", last.failures)));
            }
            long jittered = backoffMs / 2 + random.nextLong(backoffMs + 1);
            Thread.sleep(Math.min(leftMs, Math.max(1, jittered)));
            backoffMs = Math.min(backoffMs * 2, Math.max(1, config.retryMaxMs()));
        }
    }

    /**
     * Makes one attempt at a lock: asks every lock server once.
     *
     * @param resource the resource
     * @param write whether a write lock is wanted
     * @return the lease, or {@code null} when no quorum granted it
     */
    Lease tryOnce(String resource, boolean write) {
        return round(resource, write).lease;
    }

    private Round round(String resource, boolean write) {
        LockRequest request = new LockRequest(resource, UUID.randomUUID().toString(), owner);
        List<CompletableFuture<Boolean>> answers = ask(request, write ? Op.LOCK : Op.READ_LOCK);
        int granted = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer a = await(answers.get(i));
            if (a.granted) {
                granted++;
            } else if (a.failure != null) {
                failures.add(nodes.get(i) + " (" + a.failure + ")");
            }
        }
        if (granted >= Quorum.of(nodes.size(), write)) {
            DsyncLease lease = new DsyncLease(request, write);
            held.add(lease);
            lease.scheduleRefresh();
            return new Round(lease, granted, failures);
        }
        // Release on every server, also where the answer was lost but the entry may exist.
        release(request, write);
        return new Round(null, granted, failures);
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
        List<CompletableFuture<Boolean>> answers = ask(request, write ? Op.UNLOCK : Op.READ_UNLOCK);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.releaseWaitMs());
        for (CompletableFuture<Boolean> answer : answers) {
            long left = deadline - System.nanoTime();
            try {
                answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Unanswered releases are left to the servers' expiry.
                continue;
            }
        }
    }

    private List<CompletableFuture<Boolean>> ask(LockRequest request, Op op) {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>(nodes.size());
        for (String node : nodes) {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            try {
                calls.execute(() -> {
                    try {
                        answer.complete(op.call(servers.apply(node), request));
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

    private static Answer await(CompletableFuture<Boolean> answer) {
        try {
            // The transport bounds every call by its deadline; this wait ends when the call does.
            return new Answer(Boolean.TRUE.equals(answer.get()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Answer(false, String.valueOf(cause.getMessage()));
        }
    }

    private static String kind(boolean write) {
        return write ? "write" : "read";
    }

    /** A lock server call. */
    private enum Op {
        LOCK, READ_LOCK, UNLOCK, READ_UNLOCK, REFRESH;

        boolean call(LockServer server, LockRequest request) throws Exception {
            if (server == null) {
                throw new IllegalStateException("no route to the lock server (peer transport missing)");
            }
            return switch (this) {
                case LOCK -> server.lock(request);
                case READ_LOCK -> server.readLock(request);
                case UNLOCK -> server.unlock(request);
                case READ_UNLOCK -> server.readUnlock(request);
                case REFRESH -> server.refresh(request);
            };
        }
    }

    /** One server's answer. */
    private record Answer(boolean granted, String failure) {
    }

    /** The outcome of a round. */
    private record Round(DsyncLease lease, int granted, List<String> failures) {
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
