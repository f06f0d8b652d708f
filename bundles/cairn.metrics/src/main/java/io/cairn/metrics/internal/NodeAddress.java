/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where Prometheus reaches this node: the public URL when one is configured (and valid), else the listen address,
 * with this machine's host name standing in for a wildcard host ({@code :9000}).
 *
 * @param scheme {@code http} or {@code https}
 * @param target {@code host:port}, as a scrape target and as the {@code server} label of every metric
 */
record NodeAddress(String scheme, String target) {

    /**
     * Derives the address from the node settings.
     *
     * @param address the listen address, {@code [host]:port}
     * @param serverUrl the public URL, empty when not set
     * @return the address
     */
    static NodeAddress of(String address, String serverUrl) {
        URI uri = serverUrl.isBlank() ? null : parse(serverUrl.trim());
        if (uri != null) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return new NodeAddress(scheme, uri.getHost() + ":" + port);
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        String port = colon < 0 ? address : address.substring(colon + 1);
        return new NodeAddress("http", (host.isEmpty() ? localHostName() : host) + ":" + port);
    }

    /** Parses the public URL; {@code cairn server} validated it, so a bad one only comes from a hand-made config. */
    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
