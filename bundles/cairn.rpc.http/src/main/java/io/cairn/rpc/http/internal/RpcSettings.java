/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

/**
 * Refuses settings of {@code conf/io.cairn.rpc.http.cfg} that convert to their type but make no sense: a time or
 * count below 1 (a heartbeat or probe backoff of 0 probes without a pause, a negative call timeout fails every
 * call), a negative drain timeout, a {@code probeMaxBackoffMs} below {@code probeInitialBackoffMs}, and an HTTP/2
 * window smaller than one frame. A refused setting stops the peer transport and the handler of peer calls as a
 * value that does not convert does; the message names the file and the setting.
 */
final class RpcSettings {

    /** The smallest receive window: one HTTP/2 frame of the default maximum size. */
    static final int MIN_WINDOW_BYTES = 16_384;

    private static final String FILE = "conf/io.cairn.rpc.http.cfg";

    private RpcSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @return the settings, accepted
     * @throws IllegalArgumentException naming the file and the first setting refused
     */
    static RpcConfig check(RpcConfig config) {
        atLeast("connectTimeoutMs", config.connectTimeoutMs(), 1);
        atLeast("callTimeoutMs", config.callTimeoutMs(), 1);
        atLeast("streamIdleTimeoutMs", config.streamIdleTimeoutMs(), 1);
        atLeast("probeTimeoutMs", config.probeTimeoutMs(), 1);
        atLeast("probeInitialBackoffMs", config.probeInitialBackoffMs(), 1);
        if (config.probeMaxBackoffMs() < config.probeInitialBackoffMs()) {
            throw refused("probeMaxBackoffMs", config.probeMaxBackoffMs(),
                    "must be at least probeInitialBackoffMs (" + config.probeInitialBackoffMs() + ")");
        }
        atLeast("heartbeatIntervalMs", config.heartbeatIntervalMs(), 1);
        atLeast("drainTimeoutMs", config.drainTimeoutMs(), 0);
        atLeast("streamWindowBytes", config.streamWindowBytes(), MIN_WINDOW_BYTES);
        atLeast("sessionWindowBytes", config.sessionWindowBytes(), MIN_WINDOW_BYTES);
        atLeast("maxConnectionsPerPeer", config.maxConnectionsPerPeer(), 1);
        atLeast("maxQueuedCallsPerPeer", config.maxQueuedCallsPerPeer(), 1);
        return config;
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw refused(name, value, "must be at least " + min);
        }
    }

    private static IllegalArgumentException refused(String name, Object value, String rule) {
        return new IllegalArgumentException(FILE + ": " + name + " = " + value + " is refused: " + rule
                + "; the peer transport is stopped until the file is corrected");
    }
}
