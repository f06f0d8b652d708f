/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockTimeoutException;
import io.cairn.api.rpc.LockServer;
import io.cairn.rpc.http.internal.HttpPeerTransport;
import io.cairn.rpc.http.internal.RpcConfig;
import io.cairn.rpc.http.internal.RpcHandler;

/**
 * Four nodes in one JVM, each with a Jetty listener serving the peer RPC handler, a lock server and a transport:
 * the distributed locks work over real HTTP/2 calls, survive one node down, time out without a quorum, and free a
 * killed holder's name after the expiry.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DsyncOverHttpTest {

    private static final long EXPIRY_MS = 1_500;
    private static final long SEED = 4L;

    private final List<Server> servers = new ArrayList<>();
    private final List<Switch> switches = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final List<HttpPeerTransport> transports = new ArrayList<>();
    private final List<LockServerComponent> lockServers = new ArrayList<>();
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        List<ServerConnector> connectors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Server server = new Server();
            HttpConfiguration http = new HttpConfiguration();
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http),
                    new HTTP2CServerConnectionFactory(http));
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            Switch handlers = new Switch();
            server.setHandler(handlers);
            switches.add(handlers);
            server.start();
            servers.add(server);
            connectors.add(connector);
            nodes.add("127.0.0.1:" + connector.getLocalPort());
        }
        StringBuilder volumes = new StringBuilder();
        for (String node : nodes) {
            volumes.append("http://").append(node).append("/data/").append(node.replace(':', '-')).append('\n');
        }
        for (int i = 0; i < 4; i++) {
            Map<String, Object> props = new HashMap<>(Map.of("rootUser", "admin", "_rootPassword", "secret-secret",
                    "volumes", volumes.toString(), "address", nodes.get(i), "callTimeoutMs", 2_000L,
                    "probeInitialBackoffMs", 50L, "heartbeatIntervalMs", 200L));
            RpcConfig config = rpcConfig(props);
            RpcHandler handler = new RpcHandler(config);
            LockServerComponent lockServer = new LockServerComponent(TestSettings.dsync(Map.of("expiryMs",
                    EXPIRY_MS, "refreshIntervalMs", 300L)));
            handler.setLockServer(lockServer);
            switches.get(i).delegate = handler;
            lockServers.add(lockServer);
            transports.add(new HttpPeerTransport(config));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (HttpPeerTransport t : transports) {
            t.deactivate();
        }
        for (Server s : servers) {
            s.stop();
        }
        for (LockServerComponent l : lockServers) {
            l.deactivate();
        }
        calls.shutdownNow();
        refresher.shutdownNow();
    }

    private DsyncLockService locks(int node, boolean refresh) {
        HttpPeerTransport transport = transports.get(node);
        LockServer local = lockServers.get(node);
        return new DsyncLockService(nodes, nodes.get(node),
                n -> n.equals(transport.localNode()) ? local : transport.peer(n).locks(),
                TestSettings.dsync(Map.of("retryMaxMs", 50L, "refreshIntervalMs", 300L)), calls,
                refresh ? refresher : null, new Random(SEED + node));
    }

    @Test
    void writersOnFourNodesExcludeEachOther() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(12);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < 12; t++) {
                DsyncLockService locks = locks(t % 4, true);
                workers.add(threads.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        try (Lease lease = locks.writeLock("bucket/object", Duration.ofSeconds(120))) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
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
        assertEquals(1, maxInside.get());
        assertEquals(120, done.get());
    }

    @Test
    void oneNodeDownStillLocksTwoDownTimesOut() throws Exception {
        assertEquals(nodes.get(0), transports.get(0).localNode());
        servers.get(3).stop();
        DsyncLockService locks = locks(0, true);
        try (Lease lease = locks.writeLock("k", Duration.ofSeconds(60))) {
            assertTrue(lease.isValid());
        }
        servers.get(2).stop();
        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> locks.writeLock("k", Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("(needs 3)"), e.getMessage());
        try (Lease read = locks.readLock("k", Duration.ofSeconds(60))) {
            assertTrue(read.isValid(), "two of four nodes are a read quorum");
        }
    }

    @Test
    void killedHoldersLockIsFreeAfterTheExpiry() throws Exception {
        Lease abandoned = locks(1, false).tryOnce("bucket/key", true);
        assertNotNull(abandoned);
        // Node 1's holder is killed: no refresh, no release. Node 2 waits for the servers to expire it.
        try (Lease lease = locks(2, true).writeLock("bucket/key", Duration.ofSeconds(120))) {
            assertTrue(lease.isValid());
        }
    }

    /** Dispatches to a handler set after the server started, as the node's router does. */
    private static final class Switch extends Handler.Abstract {
        volatile Handler delegate;

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler h = delegate;
            return h != null && h.handle(request, response, callback);
        }
    }

    private static RpcConfig rpcConfig(Map<String, Object> values) {
        return (RpcConfig) Proxy.newProxyInstance(RpcConfig.class.getClassLoader(), new Class<?>[] {RpcConfig.class},
            (proxy, method, args) -> {
                if (method.getName().equals("annotationType")) {
                    return RpcConfig.class;
                }
                if (method.getName().equals("toString") || method.getName().equals("hashCode")
                        || method.getName().equals("equals")) {
                    return method.getName().equals("toString") ? "RpcConfig" : method.getName().equals("hashCode")
                            ? 0 : proxy == args[0];
                }
                Object value = values.get(method.getName());
                return value != null ? value : method.getDefaultValue();
            });
    }
}
