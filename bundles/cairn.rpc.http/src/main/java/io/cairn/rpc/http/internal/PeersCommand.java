/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cairn.api.rpc.PeerTransport;

/**
 * {@code cairn:peers}: this node's peers as its transport sees them — online or not, and the bytes its peer client
 * sent to and received from each since the transport started (TCP payload: HTTP/2 frames and headers included).
 * Summed over every node, sent plus received is all the traffic between the nodes, each connection being counted
 * by the node that opened it. The benchmarks divide it by the client bytes.
 */
@Component(service = PeersCommand.class, property = {"osgi.command.scope=cairn", "osgi.command.function=peers"})
public final class PeersCommand {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + PeerTransport.ID_PROPERTY + "=http)")
    private volatile PeerTransport transport;

    /**
     * Describes the peers.
     *
     * @return one line per peer and a total
     */
    public String peers() {
        PeerTransport t = transport;
        if (!(t instanceof HttpPeerTransport http)) {
            return "No HTTP/2 peer transport of this bundle version is running\n";
        }
        if (t.peers().isEmpty()) {
            return "This node has no peers (single-node deployment)\n";
        }
        Map<String, PeerTraffic.Bytes> traffic = http.traffic();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-8s %16s %16s%n", "PEER", "STATE",
                "SENT BYTES", "RECEIVED BYTES"));
        long sent = 0;
        long received = 0;
        for (String peer : t.peers()) {
            PeerTraffic.Bytes b = traffic.getOrDefault(peer, new PeerTraffic.Bytes(0, 0));
            sent += b.sent();
            received += b.received();
            out.append(String.format(Locale.ROOT, "%-24s %-8s %16d %16d%n", peer,
                    t.isOnline(peer) ? "online" : "offline", b.sent(), b.received()));
        }
        out.append(String.format(Locale.ROOT, "%-24s %-8s %16d %16d%n", "total", "", sent, received));
        return out.toString();
    }
}
