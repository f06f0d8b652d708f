/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds which node of a URL topology a server is, from its listen address and optional server URL, the same way
 * on the command line (which refuses to start a node that is none of them) and in the node.
 *
 * <p>The server URL wins when it names a node of the topology. Otherwise the node is the one whose port is the
 * listen port, and when several nodes share that port (one per machine, the usual production layout), the one
 * whose host is the listen host as written, else the one whose host resolves to the listen host's address, else
 * (no listen host, or a wildcard one such as {@code 0.0.0.0}) the one whose host resolves to an address of this
 * machine. Several nodes on one machine must therefore differ in their ports or set the server URL.
 */
public final class SelfNode {

    /** Listen hosts that bind every interface, as no host does. */
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private SelfNode() {
    }

    /**
     * Finds this node.
     *
     * @param nodes the topology's nodes ({@code host:port}, IPv6 hosts in brackets, see {@link Topology#nodes()})
     * @param address the listen address {@code [host]:port}; an IPv6 host with or without brackets
     * @param serverUrl the server URL, or {@code null} or blank when not set
     * @param names how host names are resolved
     * @return this node's {@code host:port}, or empty when none of the nodes is this one
     */
    public static Optional<String> find(List<String> nodes, String address, String serverUrl, HostNames names) {
        Optional<String> byUrl = byServerUrl(nodes, serverUrl);
        if (byUrl.isPresent()) {
            return byUrl;
        }
        int colon = address.lastIndexOf(':');
        String listenHost = colon > 0 ? unbracket(address.substring(0, colon)) : "";
        if (WILDCARDS.contains(listenHost)) {
            listenHost = "";
        }
        int listenPort;
        try {
            listenPort = Integer.parseInt(address.substring(colon + 1).trim());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<String> samePort = nodes.stream().filter(n -> n.endsWith(":" + listenPort)).toList();
        if (samePort.size() <= 1) {
            return samePort.stream().findFirst();
        }
        if (listenHost.isEmpty()) {
            return onlyOne(samePort.stream().filter(n -> names.isThisMachine(hostOf(n))).toList());
        }
        for (String node : samePort) {
            if (hostOf(node).equalsIgnoreCase(listenHost)) {
                return Optional.of(node);
            }
        }
        String wanted = listenHost;
        return onlyOne(samePort.stream().filter(n -> names.sameAddress(hostOf(n), wanted)).toList());
    }

    private static Optional<String> byServerUrl(List<String> nodes, String serverUrl) {
        if (serverUrl == null || serverUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(serverUrl.trim());
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String node = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            return nodes.contains(node) ? Optional.of(node) : Optional.empty();
        } catch (RuntimeException e) {
            // A malformed server URL is the node configuration's concern; the listen address decides.
            return Optional.empty();
        }
    }

    private static Optional<String> onlyOne(List<String> candidates) {
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static String hostOf(String node) {
        return unbracket(node.substring(0, node.lastIndexOf(':')));
    }

    private static String unbracket(String host) {
        return host.replace("[", "").replace("]", "");
    }
}
