/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FormatInfo;

/**
 * The bytes a transport's client moves per peer, as {@code cairn:peers} reports them: a shard written to a peer
 * counts (at least) its size as sent, reading it back as received, on open connections already.
 */
class PeerTrafficTest {

    private static final int SIZE = 3 << 20;

    @TempDir
    Path tmp;

    @Test
    void shardTransfersAreCountedPerPeerWhileTheConnectionIsOpen() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            HttpPeerTransport client = cluster.transports.get(1);
            String peer = "127.0.0.1:" + cluster.nodes.get(0).port();
            Drive remote = client.open(cluster.endpoint(0, 0, tmp), new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            PeerTraffic.Bytes before = client.traffic().get(peer);
            try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "t/part.1")) {
                out.write(new byte[SIZE]);
            }
            PeerTraffic.Bytes written = client.traffic().get(peer);
            assertTrue(written.sent() - before.sent() >= SIZE, "sent " + written + " after " + before);
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "t/part.1", 0, -1)) {
                assertEquals(SIZE, in.readAllBytes().length);
            }
            PeerTraffic.Bytes read = client.traffic().get(peer);
            assertTrue(read.received() - written.received() >= SIZE, "received " + read + " after " + written);
            // Framing and headers cost a little, not a second copy.
            assertTrue(read.sent() - before.sent() < SIZE + (SIZE >> 4), "sent " + read + " after " + before);
        }
    }

    @Test
    void aClosedConnectionStillCountsForItsPeer() {
        PeerTraffic traffic = new PeerTraffic();
        AtomicBoolean closed = new AtomicBoolean();
        Connection connection = connection(new InetSocketAddress("127.0.0.1", 9002), closed, 1000, 200);
        traffic.onOpened(connection);
        assertEquals(Map.of("127.0.0.1:9002", new PeerTraffic.Bytes(1000, 200)), traffic.snapshot());
        // A closed socket no longer tells its remote address, as Jetty's end points answer null then.
        closed.set(true);
        traffic.onClosed(connection);
        assertEquals(Map.of("127.0.0.1:9002", new PeerTraffic.Bytes(1000, 200)), traffic.snapshot());
    }

    /** A connection whose end point forgets its remote address once closed, as a socket's does. */
    private static Connection connection(InetSocketAddress remote, AtomicBoolean closed, long out, long in) {
        EndPoint endPoint = (EndPoint) Proxy.newProxyInstance(EndPoint.class.getClassLoader(),
                new Class<?>[] {EndPoint.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteSocketAddress" -> closed.get() ? null : remote;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getEndPoint" -> endPoint;
                    case "getBytesOut" -> out;
                    case "getBytesIn" -> in;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
