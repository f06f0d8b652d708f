/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerListener;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * A node that starts serving its drives tells its peers ({@code peer/back}), and a peer that hears it probes the node
 * at once instead of after its probe backoff. The backoff here is ten minutes, so only the announcement can bring
 * the node back within the test's wait.
 */
class PeerReturnTest {

    private static final long WAIT_MS = 10_000L;
    private static final long NEVER_MS = 600_000L;
    /** No probe and no heartbeat within the test: only an announcement makes a peer probe. */
    private static final Map<String, Object> SLOW_PROBES = Map.of("probeInitialBackoffMs", NEVER_MS,
            "probeMaxBackoffMs", NEVER_MS, "heartbeatIntervalMs", NEVER_MS);

    @TempDir
    Path tmp;

    @Test
    void aRestartedNodeIsProbedAsSoonAsItServesItsDrivesNotAfterTheBackoff() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, SLOW_PROBES)) {
            Watch watch = watchFirstNode(cluster);
            HttpPeerTransport client = watch.client();
            String node = watch.node();
            BlockingQueue<String> events = watch.events();

            int port = cluster.nodes.get(0).port();
            cluster.nodes.get(0).close();
            assertThrows(PeerException.class, () -> client.peer(node).serverInfo());
            awaitEvent(events, "offline");

            try (TestNode restarted = TestNode.startOn(port)) {
                RpcConfig config = cluster.config(restarted, TestCluster.USER, TestCluster.PASSWORD);
                RpcHandler handler = new RpcHandler(config);
                HttpPeerTransport transport = new HttpPeerTransport(config);
                try {
                    restarted.serve(handler);
                    handler.setPresence(transport);
                    // Answering probes from here on, but not yet serving drives: nobody is told.
                    assertFalse(client.isOnline(node), "the next probe is ten minutes away");

                    handler.setLocalDrives(new LocalDriveFactory());
                    assertEquals("online", events.poll(WAIT_MS, TimeUnit.MILLISECONDS),
                            "the announcement made the peer probe at once");
                    assertEquals("returned", events.poll(WAIT_MS, TimeUnit.MILLISECONDS),
                            "listeners hear of the return after the state change");
                    assertTrue(client.isOnline(node));
                } finally {
                    transport.deactivate();
                }
            }
        }
    }

    @Test
    void aPeerThatRestartedBetweenTwoHeartbeatsIsStillReportedAsReturned() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, SLOW_PROBES)) {
            Watch watch = watchFirstNode(cluster);
            HttpPeerTransport client = watch.client();
            String node = watch.node();
            BlockingQueue<String> events = watch.events();

            cluster.handlers.get(0).setPresence(cluster.transports.get(0));
            cluster.handlers.get(0).setLocalDrives(new LocalDriveFactory());
            awaitEvent(events, "returned");
            assertTrue(client.isOnline(node));
            assertFalse(events.contains("offline"), "no state change: " + events);
        }
    }

    @Test
    void anAnnouncementIsRefusedByAnOlderPeerAndForAnUnknownNodeOrFormat() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            HttpPeerTransport client = cluster.transports.get(1);
            cluster.handlers.get(1).setPresence(client);
            String node = cluster.nodes.get(0).node();
            BlockingQueue<String> events = listen(client, node);
            Peer callee = (Peer) cluster.transports.get(0).peer(cluster.nodes.get(1).node());
            DeadlineTest.awaitTrue(callee::isOnline, "peer online");

            Reply unknown = back(callee, Wire.RETURN_FORMAT, "127.0.0.1:1");
            assertEquals(Wire.BAD_REQUEST, unknown.code());
            assertTrue(unknown.message().contains("not a peer"), unknown.message());
            assertEquals(Wire.BAD_REQUEST, back(callee, Wire.RETURN_FORMAT + 1, node).code());

            cluster.handlers.get(1).serveReturnAnnouncements(false);
            Reply refused = back(callee, Wire.RETURN_FORMAT, node);
            assertEquals(Wire.BAD_REQUEST, refused.code(), "as a node that predates the call");
            assertFalse(events.contains("returned"), "no news from refused announcements: " + events);
            // The announcing node shrugs the refusal off.
            cluster.transports.get(0).announceServing();
            assertTrue(callee.isOnline());

            cluster.handlers.get(1).serveReturnAnnouncements(true);
            assertTrue(back(callee, Wire.RETURN_FORMAT, node).ok());
            DeadlineTest.awaitTrue(() -> events.contains("returned"), "the return reported");
        }
    }

    /** Waits for an event, skipping the ones before it (such as the first {@code online} of the cluster's start). */
    /** The second node's transport, hearing of the first node's state changes once that one is online. */
    private record Watch(HttpPeerTransport client, String node, BlockingQueue<String> events) {
    }

    private static Watch watchFirstNode(TestCluster cluster) throws InterruptedException {
        HttpPeerTransport client = cluster.transports.get(1);
        cluster.handlers.get(1).setPresence(client);
        String node = cluster.nodes.get(0).node();
        BlockingQueue<String> events = listen(client, node);
        DeadlineTest.awaitTrue(() -> client.isOnline(node), "peer online");
        return new Watch(client, node, events);
    }

    private static void awaitEvent(BlockingQueue<String> events, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        String event;
        do {
            event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(event != null, "no " + expected + " event within " + WAIT_MS + " ms");
        } while (!event.equals(expected));
    }

    private static Reply back(Peer callee, int format, String node) throws PeerException {
        byte[] args = new WireCodec.Out().i32(format).str(node).toBytes();
        return callee.call("peer/back", args, false, WAIT_MS);
    }

    /** Records a node's state changes and returns as {@code online}, {@code offline} and {@code returned}. */
    private static BlockingQueue<String> listen(HttpPeerTransport transport, String node) {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        transport.addListener(new PeerListener() {
            @Override
            public void peerChanged(String n, boolean online) {
                if (n.equals(node)) {
                    events.add(online ? "online" : "offline");
                }
            }

            @Override
            public void peerReturned(String n) {
                if (n.equals(node)) {
                    events.add("returned");
                }
            }
        });
        return events;
    }
}
