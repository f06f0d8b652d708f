/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

/**
 * An address to listen on, written {@code :9000} (every interface), {@code host:9000}, {@code 127.0.0.1:9000} or
 * {@code [::1]:9000}. Port 0 asks for any free port (useful in tests). The host is kept without brackets.
 *
 * @param host the host name or address to bind, empty for every interface
 * @param port the port, 0 to 65535
 */
public record ListenAddress(String host, int port) {

    /**
     * Creates an address.
     *
     * @param host the host, empty for every interface
     * @param port the port
     */
    public ListenAddress {
        if (host == null || port < 0 || port > 65_535) {
            throw new ServerOptionsException("Invalid listen address " + host + ":" + port);
        }
    }

    /**
     * Parses an address option.
     *
     * @param option the option name, for the message
     * @param text the value, e.g. {@code :9000}
     * @return the address
     * @throws ServerOptionsException when the value is not {@code [host]:port}
     */
    public static ListenAddress parse(String option, String text) {
        String hint = option + " '" + text + "' must look like :9000, host:9000 or [::1]:9000";
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ServerOptionsException(hint);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") || host.endsWith("]")) {
            if (!host.startsWith("[") || !host.endsWith("]") || host.length() < 3) {
                throw new ServerOptionsException(hint);
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ServerOptionsException(option + " '" + text
                    + "': put an IPv6 address in brackets, like [::1]:9000");
        }
        if (!host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '%')) {
            throw new ServerOptionsException(hint);
        }
        return new ListenAddress(host, port(text.substring(colon + 1), hint));
    }

    private static int port(String digits, String hint) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ServerOptionsException(hint);
        }
        int port = Integer.parseInt(digits);
        if (port > 65_535) {
            throw new ServerOptionsException(hint + " (ports go up to 65535)");
        }
        return port;
    }

    /** @return true when the address binds every interface */
    public boolean anyHost() {
        return host.isEmpty();
    }

    /**
     * Tells whether two servers could not both bind these addresses.
     *
     * @param other another address
     * @return true when the ports are equal and not 0, and the hosts are equal or either binds every interface
     */
    public boolean conflictsWith(ListenAddress other) {
        return port != 0 && port == other.port && (anyHost() || other.anyHost() || host.equalsIgnoreCase(other.host));
    }

    /** @return the address in option form: {@code :9000}, {@code host:9000} or {@code [::1]:9000} */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
