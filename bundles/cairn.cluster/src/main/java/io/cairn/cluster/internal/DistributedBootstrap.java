/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerTransport;
import io.cairn.api.rpc.ServerInfo;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.Topology;

/**
 * Brings up the drives of a URL topology (distributed mode). The node waits for its peers (they start in any
 * order), agrees on the deployment id and then opens its own drives through the local factory and the other nodes'
 * drives through the remote one.
 *
 * <p>A peer started with other endpoint arguments is left out like a peer that is down, and named in an error
 * every log interval. The node itself refuses to serve once so many peers differ from it that the nodes agreeing
 * with it can no longer be a write quorum: so the odd node out is refused, and the others start without it.
 *
 * <p>Formatting happens once, by agreement: the deployment id is the one most readable formatted drives carry.
 * When no drive is formatted, only the first node of the first pool formats them all (under a new id), and only
 * once a write quorum of nodes answered; every other node waits until it can read a format. A node whose own
 * drives are the only empty ones of a formatted deployment (disks replaced or wiped while it was down) does not
 * wait: it formats them for their slots and marks them for a drive heal as it opens them, provided a read quorum of
 * each such drive's set carries the deployment's format ({@link FormatQuorum}).
 */
final class DistributedBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedBootstrap.class);
    private static final int OPEN_RETRIES = 3;

    /** Thrown when this node must not serve (its arguments differ from a peer's, or it is not in the topology). */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** How long and how often the bootstrap waits. */
    record Timing(long pollMs, long logIntervalMs, long allPeersWaitMs) {
    }

    private final Topology topology;
    private final List<String> arguments;
    private final DriveFactory local;
    private final DriveFactory remote;
    private final Supplier<PeerTransport> transports;
    private final BooleanSupplier stopped;
    private final Timing timing;
    private final IntUnaryOperator readQuorum;
    private long lastLog;

    /**
     * Creates the bootstrap.
     *
     * @param topology the parsed URL topology
     * @param arguments the endpoint arguments as given (compared with the peers')
     * @param local the local drive factory
     * @param remote the remote drive factory (resolving the current provider on each call)
     * @param transports the current peer transport, {@code null} while there is none
     * @param stopped true once the component is deactivated
     * @param timing the waiting intervals
     * @param readQuorum the read quorum of a set of the given size
     */
    DistributedBootstrap(Topology topology, List<String> arguments, DriveFactory local, DriveFactory remote,
            Supplier<PeerTransport> transports, BooleanSupplier stopped, Timing timing, IntUnaryOperator readQuorum) {
        this.topology = topology;
        this.arguments = List.copyOf(arguments);
        this.local = local;
        this.remote = remote;
        this.transports = transports;
        this.stopped = stopped;
        this.timing = timing;
        this.readQuorum = readQuorum;
    }

    /**
     * Waits for the peers, agrees on the deployment and opens every drive.
     *
     * @return the opened drives
     * @throws RefusedException when this node must not serve
     * @throws InterruptedException when the component stops while waiting
     */
    Bootstrap.Result run() throws RefusedException, InterruptedException {
        PeerTransport transport = awaitTransport();
        String self = transport.localNode();
        List<String> nodes = nodes();
        if (!nodes.contains(self)) {
            throw new RefusedException("This node (" + self + ") is none of the nodes of the endpoints " + nodes
                    + "; start it with --address or CAIRN_SERVER_URL naming its own host:port");
        }
        awaitPeers(self, nodes);
        String deploymentId = agreeOnDeployment(self);
        Bootstrap.Result result = Bootstrap.openAll(topology, deploymentId, e -> slot(self, e), readQuorum);
        for (int round = 0; round < OPEN_RETRIES && result.offline() > 0; round++) {
            // A drive another node was formatting at the same moment can be opened a moment later.
            pause();
            if (Bootstrap.reconnect(result.pools()) > 0) {
                result = Bootstrap.recount(result);
            }
        }
        return result;
    }

    private Bootstrap.Slot slot(String self, Endpoint e) {
        return e.node().equals(self) ? new Bootstrap.Slot(local, e.path(), true)
                : new Bootstrap.Slot(remote, e.toString(), false);
    }

    private List<String> nodes() {
        Set<String> nodes = new LinkedHashSet<>();
        topology.pools().forEach(p -> nodes.addAll(p.nodes()));
        return new ArrayList<>(nodes);
    }

    private PeerTransport awaitTransport() throws InterruptedException {
        while (true) {
            PeerTransport t = transports.get();
            if (t != null) {
                return t;
            }
            logEvery("Waiting for the peer transport and the remote drive factory to start");
            pause();
        }
    }

    /**
     * Waits until every peer answered, or a write quorum of nodes answered and the grace period for the rest is
     * over (a restarted node must not wait for a peer that is down).
     */
    private void awaitPeers(String self, List<String> nodes) throws RefusedException, InterruptedException {
        Set<String> waiting = new LinkedHashSet<>(nodes);
        waiting.remove(self);
        int quorum = nodes.size() / 2 + 1;
        long start = System.nanoTime();
        List<String> refusals = new ArrayList<>();
        while (!waiting.isEmpty()) {
            PeerTransport transport = awaitTransport();
            refusals.clear();
            Map<String, String> mismatches = new java.util.LinkedHashMap<>();
            for (String node : List.copyOf(waiting)) {
                if (ask(transport, node, refusals, mismatches)) {
                    waiting.remove(node);
                }
            }
            if (nodes.size() - mismatches.size() < quorum) {
                throw new RefusedException(mismatchMessage(mismatches) + "; every node must be started with the same"
                        + " arguments, and " + (nodes.size() - mismatches.size()) + " of " + nodes.size()
                        + " nodes (this one included) cannot be a quorum. Not serving");
            }
            mismatches.forEach((node, difference) -> refusals.add("Peer " + node + " was started with other"
                    + " endpoint arguments: " + difference + "; it is left out until it runs with the same arguments"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000L;
            if (waiting.isEmpty() || nodes.size() - waiting.size() >= quorum && waitedMs >= timing.allPeersWaitMs()) {
                break;
            }
            String message = "Waiting for " + waiting.size() + " peer(s): " + String.join(", ", waiting);
            if (refusals.isEmpty()) {
                logEvery(message);
            } else {
                logErrorEvery(message + "; " + String.join("; ", refusals));
            }
            pause();
        }
        if (!waiting.isEmpty()) {
            LOG.warn("Starting with a quorum of nodes, without {}{}", String.join(", ", waiting),
                    refusals.isEmpty() ? "" : ": " + String.join("; ", refusals));
        }
    }

    private static String mismatchMessage(Map<String, String> mismatches) {
        Map.Entry<String, String> first = mismatches.entrySet().iterator().next();
        String message = "Peer " + first.getKey() + " was started with other endpoint arguments: " + first.getValue();
        if (mismatches.size() > 1) {
            List<String> others = new ArrayList<>(mismatches.keySet()).subList(1, mismatches.size());
            message += "; so were " + String.join(", ", others);
        }
        return message;
    }

    /**
     * Asks one peer for its server info; true when it answered with the same arguments. A refusal is added to
     * {@code refusals}, a peer with other arguments to {@code mismatches} with the difference.
     */
    private boolean ask(PeerTransport transport, String node, List<String> refusals, Map<String, String> mismatches) {
        ServerInfo info;
        try {
            info = transport.peer(node).serverInfo();
        } catch (PeerException e) {
            switch (e.reason()) {
                case UNAUTHORIZED -> refusals.add(node + " refuses this node's credentials (every node must run"
                        + " with the same CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD, and clocks within 15 minutes): "
                        + e.getMessage());
                case INCOMPATIBLE -> refusals.add(node + " speaks another wire version: " + e.getMessage());
                case FAILED -> refusals.add(node + " failed: " + e.getMessage());
                default -> {
                    // Offline: the peer is not up yet; it is named in the waiting list.
                }
            }
            return false;
        }
        if (!info.arguments().equals(arguments)) {
            mismatches.put(node, difference(info.arguments()));
            return false;
        }
        return true;
    }

    private String difference(List<String> theirs) {
        int n = Math.max(theirs.size(), arguments.size());
        for (int i = 0; i < n; i++) {
            String ours = i < arguments.size() ? arguments.get(i) : "(none)";
            String other = i < theirs.size() ? theirs.get(i) : "(none)";
            if (!ours.equals(other)) {
                return "argument " + (i + 1) + " is '" + other + "' there but '" + ours + "' here (theirs: "
                        + String.join(" ", theirs) + "; ours: " + String.join(" ", arguments) + ")";
            }
        }
        return String.join(" ", theirs);
    }

    /**
     * Returns the deployment id: the one most readable drives carry; a new one when this node is the first node
     * and no drive is formatted; otherwise waits for the first node to format.
     */
    private String agreeOnDeployment(String self) throws InterruptedException {
        String first = topology.pools().get(0).nodes().get(0);
        long seen = 0;
        while (true) {
            Survey survey = survey(self);
            if (survey.deploymentId().isPresent()) {
                // While the first node is still formatting, opening the same empty drive from two nodes at once
                // would race; wait (bounded) until every reachable drive carries a format.
                if (seen == 0) {
                    seen = System.nanoTime();
                }
                // Only drives of other nodes tell that the first node is still at it: nobody but this node formats its
                // own drives in a formatted deployment, so waiting for them would only delay the node by the whole
                // wait. (The first node formats in endpoint order; were this node's drives the last ones, a survey
                // between two of its formats would take them for replaced ones: both nodes then write the same
                // format, which opening accepts, and a drive heal finds the new deployment's set empty.)
                boolean formatting = survey.unformattedElsewhere() > 0 && !first.equals(self)
                        && System.nanoTime() - seen < timing.allPeersWaitMs() * 1_000_000L;
                if (!formatting) {
                    if (survey.unformattedHere() > 0) {
                        LOG.info("{} empty drive(s) of this node join the formatted deployment {}: each is formatted"
                                + " for its slot and healed", survey.unformattedHere(), survey.deploymentId().get());
                    }
                    return survey.deploymentId().get();
                }
                logEvery("Waiting for " + first + " to finish formatting the drives");
            } else if (first.equals(self)) {
                String id = UUID.randomUUID().toString();
                LOG.info("No drive is formatted yet; formatting {} drive(s) for the new deployment {}",
                        topology.endpoints().size(), id);
                return id;
            } else {
                logEvery("Waiting for " + first + " to format the drives of the new deployment");
            }
            pause();
        }
    }

    /**
     * The deployment most readable drives carry, and how many reachable drives are not formatted: of this node, and
     * of the other nodes.
     */
    private record Survey(Optional<String> deploymentId, int unformattedHere, int unformattedElsewhere) {
    }

    private Survey survey(String self) {
        Map<String, Integer> votes = new HashMap<>();
        int here = 0;
        int elsewhere = 0;
        for (Endpoint e : topology.endpoints()) {
            Bootstrap.Slot slot = slot(self, e);
            try {
                Optional<FormatInfo> format = slot.factory().readFormat(slot.endpoint());
                if (format.isPresent()) {
                    votes.merge(format.get().deploymentId(), 1, Integer::sum);
                } else if (slot.local()) {
                    here++;
                } else {
                    elsewhere++;
                }
            } catch (DriveException ex) {
                // Unreachable or unreadable: reported when the drive is opened.
                continue;
            }
        }
        return new Survey(votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey),
                here, elsewhere);
    }

    private void logEvery(String message) {
        if (due()) {
            LOG.info(message);
        }
    }

    private void logErrorEvery(String message) {
        if (due()) {
            LOG.error(message);
        }
    }

    /** Rate-limits the waiting messages to one per log interval, so a long wait does not flood the log. */
    private boolean due() {
        long now = System.nanoTime();
        if (lastLog == 0 || now - lastLog >= timing.logIntervalMs() * 1_000_000L) {
            lastLog = now;
            return true;
        }
        return false;
    }

    private void pause() throws InterruptedException {
        if (stopped.getAsBoolean()) {
            throw new InterruptedException("stopped while bootstrapping");
        }
        Thread.sleep(timing.pollMs());
    }
}
