/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.io.Connection;

/**
 * Counts the bytes this node's peer client moves over each of its connections, per peer: what it sent and what it
 * received, HTTP/2 frames and headers included (the TCP payload; without TLS, the bytes on the wire less TCP/IP
 * headers). Registered as a bean of the HTTP client, which adds it to every connection it opens. Jetty's own
 * {@code ConnectionStatistics} counts a connection's bytes only once it closes; peer connections stay open, so this
 * counter also reads the open connections' running totals. A connection's peer is noted when it opens: once closed,
 * its end point no longer knows the remote address.
 */
final class PeerTraffic implements Connection.Listener {

    /** Bytes sent and received, per peer. */
    record Bytes(long sent, long received) {
    }

    private final Map<Connection, String> open = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> closed = new ConcurrentHashMap<>();

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, peer(connection));
    }

    @Override
    public void onClosed(Connection connection) {
        String peer = open.remove(connection);
        if (peer != null) {
            LongAdder[] total = closed.computeIfAbsent(peer, p -> new LongAdder[] {new LongAdder(),
                new LongAdder()});
            total[0].add(Math.max(0, connection.getBytesOut()));
            total[1].add(Math.max(0, connection.getBytesIn()));
        }
    }

    /**
     * Returns the bytes moved so far, closed and open connections together.
     *
     * @return per peer ({@code host:port}), in sorted order
     */
    Map<String, Bytes> snapshot() {
        Map<String, long[]> sums = new TreeMap<>();
        closed.forEach((peer, total) -> add(sums, peer, total[0].sum(), total[1].sum()));
        open.forEach((c, peer) -> add(sums, peer, Math.max(0, c.getBytesOut()), Math.max(0, c.getBytesIn())));
        Map<String, Bytes> out = new TreeMap<>();
        sums.forEach((peer, s) -> out.put(peer, new Bytes(s[0], s[1])));
        return out;
    }

    private static void add(Map<String, long[]> sums, String peer, long sent, long received) {
        long[] s = sums.computeIfAbsent(peer, p -> new long[2]);
        s[0] += sent;
        s[1] += received;
    }

    private static String peer(Connection connection) {
        SocketAddress address = connection.getEndPoint().getRemoteSocketAddress();
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
