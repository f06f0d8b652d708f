/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

/**
 * A listen address as operators write it: {@code :9000} (every interface), {@code 127.0.0.1:9000},
 * {@code [::1]:9000} or {@code localhost:0} (any free port).
 *
 * @param host the interface to bind, or {@code null} for every interface
 * @param port the TCP port, 0 for any free one
 */
record ListenAddress(String host, int port) {

    /**
     * Parses an address.
     *
     * @param text the address
     * @return the parsed address
     * @throws IllegalArgumentException when the text is not {@code [host]:port} with a port of 0 to 65535
     */
    static ListenAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Listen address '" + value + "' needs a port, like :9000");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Listen address '" + value + "' has no numeric port", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Listen address '" + value + "' has a port outside 0-65535");
        }
        return new ListenAddress(host.isEmpty() ? null : host, port);
    }
}
