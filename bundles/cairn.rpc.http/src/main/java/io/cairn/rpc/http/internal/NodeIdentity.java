/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.HostNames;
import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.SelfNode;
import io.cairn.api.topology.Topology;

/**
 * Which node of the topology this is, derived from the endpoint arguments, the listen address and the optional
 * server URL, the same way on client and server side.
 *
 * <p>The node is found by {@link SelfNode}, as {@code cairn server} finds it before it starts the node.
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
        return SelfNode.find(nodes, address, serverUrl, HostNames.system()).orElse("");
    }
}
