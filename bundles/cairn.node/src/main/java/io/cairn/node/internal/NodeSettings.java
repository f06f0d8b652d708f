/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the settings of {@value #FILE} and converts them to the types the components read. A known setting must
 * be a whole number in its range: the object store's times and threads ({@code ClusterComponent}) and the
 * listener's ({@link NodeConfig}). The smallest values are the smallest the components honour: the object store
 * uses at least 4 I/O threads and tries offline drives and sweeps multipart uploads at most once a second, and
 * Jetty needs some of its threads to accept and select connections. Other keys are passed on as text. A refused
 * setting keeps the node from starting: the file is read only when the node starts.
 */
final class NodeSettings {

    /** The operator's file, relative to the installation directory. */
    static final String FILE = "conf/" + NodeProperties.PID + ".cfg";

    /**
     * A setting the node knows: its name and the smallest and largest value it accepts.
     *
     * @param name the key in the file and the configuration
     * @param min the smallest value
     * @param max the largest value ({@link Integer#MAX_VALUE} for settings read as {@code int})
     */
    record Known(String name, long min, long max) {

        static Known ofLong(String name, long min) {
            return new Known(name, min, Long.MAX_VALUE);
        }

        static Known ofInt(String name, long min) {
            return new Known(name, min, Integer.MAX_VALUE);
        }

        Object convert(long value) {
            return max == Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
        }
    }

    private static final String CONSEQUENCE = "the node does not start until the file is corrected";

    /** The settings of the object store and the listener, with their ranges. */
    static final List<Known> KNOWN = List.of(
            Known.ofLong("lockTimeoutMs", 1),
            Known.ofLong("multipartExpiryMs", 1),
            Known.ofLong("multipartCleanupIntervalMs", 1_000),
            Known.ofLong("driveReconnectIntervalMs", 1_000),
            Known.ofInt("ioThreads", 4),
            Known.ofLong("peerWaitMs", 0),
            Known.ofLong("idleTimeoutMs", 1),
            // S3 accepts request headers of up to 8 KiB; a node that accepts less refuses requests S3 serves.
            Known.ofInt("maxRequestHeaderBytes", 8_192),
            // Below 4 Jetty does not start; with fewer than 8 its acceptor and selector leave almost none to serve.
            Known.ofInt("maxThreads", 8),
            Known.ofLong("stopTimeoutMs", 0));

    private NodeSettings() {
    }

    /**
     * Checks the operator's settings and converts the known ones.
     *
     * @param file the settings as written in the file, values trimmed
     * @return the settings for the configuration, in the file's order: known ones as {@code Long} or
     *     {@code Integer}, others as given
     * @throws IllegalArgumentException naming the file and the first setting refused
     */
    static Map<String, Object> check(Map<String, String> file) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : file.entrySet()) {
            Known known = KNOWN.stream().filter(k -> k.name().equals(e.getKey())).findFirst().orElse(null);
            out.put(e.getKey(), known == null ? e.getValue() : convert(known, e.getValue()));
        }
        return out;
    }

    private static Object convert(Known known, String text) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw refused(known.name(), text, "must be a whole number");
        }
        if (value < known.min()) {
            throw refused(known.name(), text, "must be at least " + known.min());
        }
        if (value > known.max()) {
            throw refused(known.name(), text, "must be at most " + known.max());
        }
        return known.convert(value);
    }

    /**
     * The message of a refused file as a whole, for one the node cannot read.
     *
     * @param reason why it cannot be read
     * @return the message
     */
    static String unreadable(String reason) {
        return FILE + " cannot be read: " + reason + "; " + CONSEQUENCE;
    }

    private static IllegalArgumentException refused(String name, String value, String rule) {
        return new IllegalArgumentException(FILE + ": " + name + " = " + value + " is refused: " + rule + "; "
                + CONSEQUENCE);
    }
}
