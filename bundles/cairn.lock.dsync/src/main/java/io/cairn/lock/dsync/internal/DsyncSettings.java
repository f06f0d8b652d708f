/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.util.Map;
import java.util.Optional;

import io.cairn.api.config.ConfigValues;

/**
 * Finds settings of {@code conf/io.cairn.lock.dsync.cfg} that do not convert to their type, or convert but make no
 * sense: a time or
 * count below 1 where 0 cannot work ({@code expiryMs = 0} drops every lock at once), a negative wait, a refresh
 * interval not below the expiry (a held lock would expire between two refreshes) and a {@code retryMaxMs} below
 * {@code retryInitialMs}. A refused setting stops this node's locks: its lock server refuses every request and, in
 * a deployment of several nodes, every lock this node asks for fails, rather than the node falling back to locks
 * that only it knows about.
 */
final class DsyncSettings {

    private static final String FILE = "conf/io.cairn.lock.dsync.cfg";

    private DsyncSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @return why the settings are refused, naming the file and the first setting refused; empty when they are not
     */
    static Optional<String> refusal(DsyncConfig config, Map<String, ?> properties) {
        return ConfigValues.unconverted(DsyncConfig.class, config, properties)
                .map(r -> refusal(r)).or(() -> ranges(config));
    }

    private static Optional<String> ranges(DsyncConfig config) {
        return atLeast("expiryMs", config.expiryMs(), 1)
                .or(() -> atLeast("refreshIntervalMs", config.refreshIntervalMs(), 1))
                .or(() -> config.refreshIntervalMs() < config.expiryMs() ? Optional.empty()
                        : Optional.of(refused("refreshIntervalMs", config.refreshIntervalMs(),
                                "must be below expiryMs (" + config.expiryMs() + ")")))
                .or(() -> atLeast("maxLocks", config.maxLocks(), 1))
                .or(() -> atLeast("retryInitialMs", config.retryInitialMs(), 1))
                .or(() -> config.retryMaxMs() >= config.retryInitialMs() ? Optional.empty()
                        : Optional.of(refused("retryMaxMs", config.retryMaxMs(),
                                "must be at least retryInitialMs (" + config.retryInitialMs() + ")")))
                .or(() -> atLeast("waitExpiryMs", config.waitExpiryMs(), 0))
                .or(() -> atLeast("unreachableGiveUpMs", config.unreachableGiveUpMs(), 0))
                .or(() -> atLeast("releaseWaitMs", config.releaseWaitMs(), 0))
                .or(() -> atLeast("callThreads", config.callThreads(), 1));
    }

    private static Optional<String> atLeast(String name, long value, long min) {
        return value < min ? Optional.of(refused(name, value, "must be at least " + min)) : Optional.empty();
    }

    private static String refused(String name, Object value, String rule) {
        return refusal(name + " = " + value + " is refused: " + rule);
    }

    private static String refusal(String setting) {
        return FILE + ": " + setting + "; distributed locks are stopped on this node until the file is corrected";
    }
}
