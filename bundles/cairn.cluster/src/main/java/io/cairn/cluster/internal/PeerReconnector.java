/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.PeerListener;
import io.cairn.api.storage.Drive;
import io.cairn.api.topology.Endpoint;

/**
 * Tries the offline drives of a peer again as soon as the peer transport reports the peer online, rather than at the
 * next round of the periodic reconnect loop ({@code driveReconnectIntervalMs}), which stays as the fallback. A drive
 * of a peer that was down when a round tried it is held offline until it is reopened: without this, a restarted
 * node's drives would count offline for up to a whole interval after it serves again, so writes would skip them
 * (or, with two nodes, lack their quorum). A restarting node answers its peers before it serves its drives (its
 * storage bundle starts after its transport; on a busy machine that took up to 7 s), so while some of the peer's
 * drives stay offline and the peer online, the attempt is repeated every {@link #MIN_SPACING_MS}, at most
 * {@link #FOLLOW_UPS} times: about as long as the default interval of the periodic loop, which takes over then.
 * A peer that announces it serves its drives again ({@link #peerReturned}) has them tried at once, without waiting
 * for the spacing: the announcement comes once per start of the peer, right when its drives can be opened.
 *
 * <p>Attempts run on the executor of the periodic loop, one at a time, so a drive is never tried by two attempts at
 * once. Only drives held offline are tried; a drive whose peer came back before any round found it offline reopens
 * itself. Reports for one peer are folded: while an attempt is pending another report adds nothing, and an attempt
 * runs at least {@link #MIN_SPACING_MS} after the previous one for that peer, so a flapping peer costs at most one
 * attempt per drive per {@link #MIN_SPACING_MS}.
 */
final class PeerReconnector implements PeerListener {

    private static final Logger LOG = LoggerFactory.getLogger(PeerReconnector.class);
    /** Least milliseconds between two attempts for one peer. */
    static final long MIN_SPACING_MS = 1_000L;
    /** How many times an attempt that left drives of an online peer offline is repeated. */
    static final int FOLLOW_UPS = 10;

    private final Map<String, List<ReconnectingDrive>> drivesByPeer;
    private final ScheduledExecutorService executor;
    private final LongSupplier clockMs;
    /** Peers with an attempt scheduled and not started yet, with the follow-ups it may have; guarded by this. */
    private final Map<String, Integer> pending = new HashMap<>();
    /** When the last attempt for a peer started, in {@link #clockMs} time; guarded by this. */
    private final Map<String, Long> lastAttemptMs = new HashMap<>();
    /** The peers last reported online; guarded by this. */
    private final Set<String> online = new HashSet<>();

    /**
     * Creates the listener.
     *
     * @param pools the served drives; the other nodes' slots are the ones it tries
     * @param executor runs the attempts; the periodic reconnect loop must run on it too, on its only thread
     * @param clockMs a monotonic clock in milliseconds
     */
    PeerReconnector(List<List<List<Drive>>> pools, ScheduledExecutorService executor, LongSupplier clockMs) {
        this.drivesByPeer = byPeer(pools);
        this.executor = executor;
        this.clockMs = clockMs;
    }

    @Override
    public void peerChanged(String node, boolean isOnline) {
        if (!drivesByPeer.containsKey(node)) {
            return;
        }
        synchronized (this) {
            if (!isOnline) {
                online.remove(node);
                return;
            }
            online.add(node);
        }
        schedule(node, FOLLOW_UPS);
    }

    @Override
    public void peerReturned(String node) {
        if (!drivesByPeer.containsKey(node)) {
            return;
        }
        synchronized (this) {
            online.add(node);
        }
        try {
            executor.schedule(() -> returned(node), 0L, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The object layer stopped serving: there is nothing to reconnect any more.
            return;
        }
    }

    /** Tries a returned peer's offline drives now, and leaves any left offline to the follow-ups. */
    private void returned(String node) {
        synchronized (this) {
            lastAttemptMs.put(node, clockMs.getAsLong());
        }
        if (tryOffline(node)) {
            schedule(node, FOLLOW_UPS);
        }
    }

    /** Schedules an attempt for a peer unless one is pending, no sooner than the spacing allows. */
    private void schedule(String node, int followUps) {
        long delayMs;
        synchronized (this) {
            if (pending.containsKey(node)) {
                pending.merge(node, followUps, Math::max);
                return;
            }
            pending.put(node, followUps);
            Long last = lastAttemptMs.get(node);
            delayMs = last == null ? 0L : Math.max(0L, last + MIN_SPACING_MS - clockMs.getAsLong());
        }
        try {
            executor.schedule(() -> attempt(node), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The object layer stopped serving: there is nothing to reconnect any more.
            synchronized (this) {
                pending.remove(node);
            }
        }
    }

    /**
     * Tries the drives of a peer that are held offline, and schedules a follow-up when some stay offline while the
     * peer is online.
     *
     * @param node the peer's {@code host:port}
     */
    void attempt(String node) {
        int followUps;
        synchronized (this) {
            Integer left = pending.remove(node);
            followUps = left == null ? 0 : left;
            lastAttemptMs.put(node, clockMs.getAsLong());
        }
        if (tryOffline(node) && followUps > 0) {
            schedule(node, followUps - 1);
        }
    }

    /**
     * Tries the drives of a peer that are held offline.
     *
     * @param node the peer's {@code host:port}
     * @return whether some stay offline while the peer is online
     */
    private boolean tryOffline(String node) {
        List<ReconnectingDrive> offline = drivesByPeer.get(node).stream()
                .filter(d -> d.offlineReason() != null).toList();
        if (offline.isEmpty()) {
            return false;
        }
        int back = Bootstrap.reconnectDrives(offline);
        LOG.debug("Peer {} is online: {} of its {} offline drive(s) reopened", node, back, offline.size());
        synchronized (this) {
            return back < offline.size() && online.contains(node);
        }
    }

    /** Groups the other nodes' drive slots by their node. */
    private static Map<String, List<ReconnectingDrive>> byPeer(List<List<List<Drive>>> pools) {
        Map<String, List<ReconnectingDrive>> out = new HashMap<>();
        for (List<List<Drive>> sets : pools) {
            for (List<Drive> set : sets) {
                for (Drive d : set) {
                    if (d instanceof ReconnectingDrive r && !r.local()) {
                        String node = Endpoint.parse(r.endpoint()).node();
                        if (node != null) {
                            out.computeIfAbsent(node, n -> new ArrayList<>()).add(r);
                        }
                    }
                }
            }
        }
        out.replaceAll((node, drives) -> List.copyOf(drives));
        return Map.copyOf(out);
    }
}
