/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.Topology;

/**
 * Which node of the topology this is, derived from the endpoint arguments, the listen address and the optional
 * server URL, the same way on client and server side.
 *
 * <p>The server URL wins when it names a node of the topology. Otherwise the node is the one whose port is the
 * listen port, and when several nodes share that port (one per machine, the usual production layout), the one
 * whose host is the listen host or resolves to an address of this machine. Several nodes on one machine must
 * therefore differ in their ports or set the server URL.
 *
 * @param arguments the endpoint arguments as given
 * @param topology the parsed topology, {@code null} when there are no arguments
 * @param self this node's {@code host:port}, empty when not found (or local paths only)
 */
record NodeIdentity(List<String> arguments, Topology topology, String self) {

    /**
     * Works out the identity.
     *
     * @param volumes the endpoint arguments joined by newlines
     * @param address the listen address {@code [host]:port}
     * @param serverUrl the server URL or empty
     * @return the identity
     * @throws LayoutException when the arguments are refused
     */
    static NodeIdentity of(String volumes, String address, String serverUrl) {
        List<String> args = Arrays.stream(volumes.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (args.isEmpty()) {
            return new NodeIdentity(List.of(), null, "");
        }
        Topology topology = Topology.parse(args);
        if (!topology.usesUrls()) {
            return new NodeIdentity(args, topology, "");
        }
        return new NodeIdentity(args, topology, findSelf(topology.nodes(), address, serverUrl));
    }

    /** @return the other nodes in topology order */
    List<String> peers() {
        if (topology == null || !topology.usesUrls()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(topology.nodes());
        out.remove(self);
        return List.copyOf(out);
    }

    /** @return the drives this node serves to its peers, empty when it did not find itself */
    List<Endpoint> localEndpoints() {
        if (self.isEmpty()) {
            return List.of();
        }
        int colon = self.lastIndexOf(':');
        return topology.endpointsOf(self.substring(0, colon), Integer.parseInt(self.substring(colon + 1)));
    }

    private static String findSelf(List<String> nodes, String address, String serverUrl) {
        if (serverUrl != null && !serverUrl.isBlank()) {
            try {
                URI uri = URI.create(serverUrl.trim());
                int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                String node = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
                if (nodes.contains(node)) {
                    return node;
                }
            } catch (RuntimeException e) {
                // A malformed server URL is the node configuration's concern; fall back to the listen address.
            }
        }
        int colon = address.lastIndexOf(':');
        String listenHost = colon > 0 ? address.substring(0, colon).replace("[", "").replace("]", "") : "";
        int listenPort;
        try {
            listenPort = Integer.parseInt(address.substring(colon + 1).trim());
        } catch (RuntimeException e) {
            return "";
        }
        List<String> samePort = nodes.stream().filter(n -> n.endsWith(":" + listenPort)).toList();
        if (samePort.size() == 1) {
            return samePort.get(0);
        }
        for (String node : samePort) {
            String host = node.substring(0, node.lastIndexOf(':'));
            if (!listenHost.isEmpty() && host.replace("[", "").replace("]", "").equalsIgnoreCase(listenHost)) {
                return node;
            }
        }
        if (!listenHost.isEmpty()) {
            return "";
        }
        List<String> local = samePort.stream().filter(n -> isLocalHost(n.substring(0, n.lastIndexOf(':')))).toList();
        return local.size() == 1 ? local.get(0) : "";
    }

    private static boolean isLocalHost(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null) {
                    return true;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
        return false;
    }
}
