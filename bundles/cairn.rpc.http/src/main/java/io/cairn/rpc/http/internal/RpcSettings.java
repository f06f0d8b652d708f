/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.Map;
import java.util.Optional;

import io.cairn.api.config.ConfigValues;

/**
 * Refuses settings of {@code conf/io.cairn.rpc.http.cfg} that do not convert to their type, or convert but make no
 * sense: a time or count below 1 (a heartbeat or probe backoff of 0 probes without a pause, a negative call timeout
 * fails every call), a negative drain timeout, a {@code probeMaxBackoffMs} below {@code probeInitialBackoffMs}, and an
 * HTTP/2 window smaller than one frame. The refusal names the file, the setting and the value.
 */
final class RpcSettings {

    /** The smallest receive window: one HTTP/2 frame of the default maximum size. */
    static final int MIN_WINDOW_BYTES = 16_384;

    /** The operator's file. */
    static final String FILE = "conf/io.cairn.rpc.http.cfg";

    private RpcSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @return why the settings are refused, naming the file and the first setting refused; empty when they are not
     */
    static Optional<String> refusal(RpcConfig config, Map<String, ?> properties) {
        return ConfigValues.unconverted(RpcConfig.class, config, properties).map(r -> FILE + ": " + r)
                .or(() -> ranges(config));
    }

    private static Optional<String> ranges(RpcConfig config) {
        return atLeast("connectTimeoutMs", config.connectTimeoutMs(), 1)
                .or(() -> atLeast("callTimeoutMs", config.callTimeoutMs(), 1))
                .or(() -> atLeast("streamIdleTimeoutMs", config.streamIdleTimeoutMs(), 1))
                .or(() -> atLeast("probeTimeoutMs", config.probeTimeoutMs(), 1))
                .or(() -> atLeast("probeInitialBackoffMs", config.probeInitialBackoffMs(), 1))
                .or(() -> config.probeMaxBackoffMs() >= config.probeInitialBackoffMs() ? Optional.empty()
                        : refused("probeMaxBackoffMs", config.probeMaxBackoffMs(),
                                "must be at least probeInitialBackoffMs (" + config.probeInitialBackoffMs() + ")"))
                .or(() -> atLeast("heartbeatIntervalMs", config.heartbeatIntervalMs(), 1))
                .or(() -> atLeast("drainTimeoutMs", config.drainTimeoutMs(), 0))
                .or(() -> atLeast("streamWindowBytes", config.streamWindowBytes(), MIN_WINDOW_BYTES))
                .or(() -> atLeast("sessionWindowBytes", config.sessionWindowBytes(), MIN_WINDOW_BYTES))
                .or(() -> atLeast("maxConnectionsPerPeer", config.maxConnectionsPerPeer(), 1))
                .or(() -> atLeast("maxQueuedCallsPerPeer", config.maxQueuedCallsPerPeer(), 1));
    }

    private static Optional<String> atLeast(String name, long value, long min) {
        return value >= min ? Optional.empty() : refused(name, value, "must be at least " + min);
    }

    private static Optional<String> refused(String name, Object value, String rule) {
        return Optional.of(FILE + ": " + name + " = " + value + " is refused: " + rule);
    }
}
