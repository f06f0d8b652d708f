/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.PeerClient;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.FormatInfo;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * Peers that hang, stall mid-transfer or stop: every call returns within its deadline, the peer is marked offline,
 * calls then fail without touching the network, and the peer comes back online once it answers again. The JUnit
 * timeouts only guard against a hanging build; they assert nothing about speed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeadlineTest {

    private static final long WAIT_MS = 60_000;

    @TempDir
    Path tmp;

    @Test
    void hangingPeerFailsCallsWithinTheDeadlineAndComesBack() throws Exception {
        try (TestNode self = TestNode.start(); TestNode hanging = TestNode.start()) {
            AtomicInteger nonProbeCalls = new AtomicInteger();
            hanging.serve(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    if (!request.getHttpURI().getPath().endsWith("/peer/ping")) {
                        nonProbeCalls.incrementAndGet();
                    }
                    // Never answers: the callback is never completed.
                    return true;
                }
            });
            String volumes = "http://" + self.node() + tmp.resolve("a") + "\nhttp://" + hanging.node() + tmp.resolve("b");
            Map<String, Object> props = new HashMap<>(Map.of("rootUser", TestCluster.USER, "_rootPassword",
                    TestCluster.PASSWORD, "volumes", volumes, "address", "127.0.0.1:" + self.port(),
                    "callTimeoutMs", 500L, "probeTimeoutMs", 3_000L, "probeInitialBackoffMs", 100L,
                    "heartbeatIntervalMs", 200L));
            HttpPeerTransport transport = new HttpPeerTransport(TestConfig.rpc(props));
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            transport.addListener((node, online) -> events.add(node + "=" + online));
            try {
                PeerClient peer = transport.peer(hanging.node());
                PeerException timeout = assertThrows(PeerException.class, peer::driveStatus);
                assertEquals(PeerException.Reason.OFFLINE, timeout.reason());
                assertTrue(hasCause(timeout, TimeoutException.class), "the call's deadline fired: " + timeout);
                assertFalse(transport.isOnline(hanging.node()));
                assertEquals(hanging.node() + "=false", events.poll(WAIT_MS, TimeUnit.MILLISECONDS));

                int reached = nonProbeCalls.get();
                PeerException fast = assertThrows(PeerException.class,
                        () -> peer.locks().lock(new LockRequest("r", "u", "o")));
                assertEquals(PeerException.Reason.OFFLINE, fast.reason());
                DriveException drive = assertThrows(DriveException.class,
                        () -> transport.readFormat("http://" + hanging.node() + tmp.resolve("b")));
                assertEquals(Reason.OFFLINE, drive.reason());
                assertEquals(reached, nonProbeCalls.get(), "calls to an offline peer must not reach it");

                RpcHandler real = new RpcHandler(TestConfig.rpc(Map.of("rootUser", TestCluster.USER,
                        "_rootPassword", TestCluster.PASSWORD, "volumes", volumes,
                        "address", "127.0.0.1:" + hanging.port())));
                real.setLocalDrives(new LocalDriveFactory());
                hanging.serve(real);
                awaitTrue(() -> transport.isOnline(hanging.node()), "peer back online");
                assertEquals(hanging.node() + "=true", events.poll(WAIT_MS, TimeUnit.MILLISECONDS));
                // The first answer may take longer than the short test deadline (cold classes); retry until it comes.
                awaitTrue(() -> answers(peer), "server info from the recovered peer");
            } finally {
                transport.deactivate();
            }
        }
    }

    @Test
    void stalledTransferFailsAfterTheStreamIdleTimeout() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of("streamIdleTimeoutMs", 500L))) {
            Drive remote = cluster.transports.get(1).open(cluster.endpoint(0, 0, tmp),
                    new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "f")) {
                out.write(new byte[100_000]);
            }
            RpcHandler real = cluster.handlers.get(0);
            cluster.nodes.get(0).serve(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    if (!request.getHttpURI().getPath().endsWith("drive/readFile")) {
                        return real.handle(request, response, callback);
                    }
                    // Announce a frame of 1000 bytes, send 10 of them, then stall forever.
                    response.setStatus(200);
                    ByteBuffer partial = ByteBuffer.allocate(14).putInt(1000).put(new byte[10]).flip();
                    response.write(false, partial, Callback.NOOP);
                    return true;
                }
            });
            DriveException e = assertThrows(DriveException.class, () -> {
                try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "f", 0, -1)) {
                    in.readAllBytes();
                }
            });
            assertEquals(Reason.OFFLINE, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("broke off after 10 bytes"), e.getMessage());
        }
    }

    /**
     * A peer closes a connection on which it saw many streams cancelled at once (rapid-reset protection): the calls
     * on it fail, but the peer is healthy. A probe on a new connection confirms that before anything is marked
     * offline.
     */
    @Test
    void aConnectionClosedUnderACallDoesNotMarkAnAnsweringPeerOffline() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of("heartbeatIntervalMs", 600_000L))) {
            HttpPeerTransport client = cluster.transports.get(1);
            TestNode callee = cluster.nodes.get(0);
            RpcHandler real = cluster.handlers.get(0);
            AtomicInteger pings = new AtomicInteger();
            callee.serve(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String path = request.getHttpURI().getPath();
                    if (path.endsWith("/peer/drives")) {
                        request.getConnectionMetaData().getConnection().getEndPoint().close();
                        return true;
                    }
                    if (path.endsWith("/peer/ping")) {
                        pings.incrementAndGet();
                    }
                    return real.handle(request, response, callback);
                }
            });
            BlockingQueue<Boolean> events = new LinkedBlockingQueue<>();
            client.addListener((n, online) -> events.add(online));
            PeerClient peer = client.peer(callee.node());
            awaitTrue(peer::isOnline, "peer online");
            int before = pings.get();

            PeerException lost = assertThrows(PeerException.class, peer::driveStatus);
            assertEquals(PeerException.Reason.OFFLINE, lost.reason());
            assertTrue(Peer.connectionLost(lost.getCause()), "the connection closed under the call: " + lost);
            assertTrue(peer.isOnline(), "not offline before a probe confirms it");
            awaitTrue(() -> pings.get() > before, "a probe confirms the lost connection");
            assertTrue(peer.serverInfo().wireVersion() > 0, "the peer answers on a new connection");
            assertTrue(peer.isOnline());
            assertFalse(events.contains(false), "never marked offline: " + events);
        }
    }

    @Test
    void stoppedPeerGoesOfflineAndComesBackWhenRestarted() throws Exception {
        Map<String, Object> fast = Map.of("probeInitialBackoffMs", 50L, "probeMaxBackoffMs", 200L,
                "heartbeatIntervalMs", 100L);
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, fast)) {
            HttpPeerTransport client = cluster.transports.get(1);
            String node = cluster.nodes.get(0).node();
            BlockingQueue<Boolean> events = new LinkedBlockingQueue<>();
            client.addListener((n, online) -> {
                if (n.equals(node)) {
                    events.add(online);
                }
            });
            Drive remote = client.open(cluster.endpoint(0, 0, tmp), new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            remote.makeVolume("b");
            awaitTrue(() -> client.isOnline(node), "peer online");
            events.clear();

            int port = cluster.nodes.get(0).port();
            cluster.nodes.get(0).close();
            assertEquals(Reason.OFFLINE, assertThrows(DriveException.class, remote::listVolumes).reason());
            assertEquals(Boolean.FALSE, events.poll(WAIT_MS, TimeUnit.MILLISECONDS));
            assertFalse(client.isOnline(node));

            try (TestNode restarted = TestNode.startOn(port)) {
                RpcHandler handler = new RpcHandler(cluster.config(restarted, TestCluster.USER, TestCluster.PASSWORD));
                handler.setLocalDrives(new LocalDriveFactory());
                restarted.serve(handler);
                assertEquals(Boolean.TRUE, events.poll(WAIT_MS, TimeUnit.MILLISECONDS));
                // The restarted node has not opened the drive: the remote drive opens it again by itself.
                assertEquals(List.of("b"), remote.listVolumes().stream().map(v -> v.name()).toList());
            }
        }
    }

    private static boolean answers(PeerClient peer) {
        try {
            return !peer.serverInfo().node().isEmpty();
        } catch (PeerException e) {
            return false;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
