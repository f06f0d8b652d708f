/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.cairn.api.config.ConfigValues;

/**
 * Refuses healing settings that do not convert to their type, or convert but make no sense ({@code healWorkers = 0}),
 * and booleans other than {@code true} or {@code false}, which the OSGi converter would silently take for
 * {@code false}. The refusal names the file, the setting and the value; {@link HealingComponent} says what healing
 * does meanwhile.
 */
final class HealSettings {

    /** The operator's file. */
    static final String FILE = "conf/" + HealComponent.PID + ".cfg";

    private HealSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the converted settings
     * @param properties the component properties as given, for the booleans and a value that does not convert
     * @throws IllegalArgumentException naming the file and the first setting refused
     */
    static void check(HealComponent.Config config, Map<String, ?> properties) {
        refusal(config, properties).ifPresent(r -> {
            throw new IllegalArgumentException(r + "; healing is stopped until the file is corrected");
        });
    }

    /**
     * Finds the first setting refused.
     *
     * @param config the converted settings
     * @param properties the component properties as given
     * @return why the settings are refused, naming the file and the setting; empty when they are not
     */
    static Optional<String> refusal(HealComponent.Config config, Map<String, ?> properties) {
        return ConfigValues.unconverted(HealComponent.Config.class, config, properties).map(r -> FILE + ": " + r)
                .or(() -> bool("scannerEnabled", properties))
                .or(() -> bool("healFreshDrives", properties))
                .or(() -> ranges(config));
    }

    private static Optional<String> ranges(HealComponent.Config config) {
        return atLeast("healWorkers", config.healWorkers(), 1)
                .or(() -> atLeast("maxBytesPerSecond", config.maxBytesPerSecond(), 0))
                .or(() -> atLeast("mrfQueueSize", config.mrfQueueSize(), 1))
                .or(() -> atLeast("mrfRetryMs", config.mrfRetryMs(), 0))
                .or(() -> atLeast("mrfRetryMaxMs", config.mrfRetryMaxMs(), 0))
                .or(() -> atLeast("mrfMaxAttempts", config.mrfMaxAttempts(), 1))
                .or(() -> atLeast("scannerIntervalMs", config.scannerIntervalMs(), 0))
                .or(() -> atLeast("danglingGraceMs", config.danglingGraceMs(), 0))
                .or(() -> atLeast("freshDriveCheckMs", config.freshDriveCheckMs(), 0))
                .or(() -> atLeast("mrfSaveMs", config.mrfSaveMs(), 0))
                .or(() -> config.scannerObjectsPerSecond() >= 0 ? Optional.empty()
                        : refused("scannerObjectsPerSecond", config.scannerObjectsPerSecond(),
                                "must be 0 (no limit) or more"))
                .or(() -> config.scannerDeepFraction() >= 0 && config.scannerDeepFraction() <= 1 ? Optional.empty()
                        : refused("scannerDeepFraction", config.scannerDeepFraction(), "must be from 0 to 1"));
    }

    private static Optional<String> atLeast(String name, long value, long min) {
        return value >= min ? Optional.empty() : refused(name, value, "must be at least " + min);
    }

    private static Optional<String> bool(String name, Map<String, ?> properties) {
        Object value = properties.get(name);
        if (value == null || value instanceof Boolean) {
            return Optional.empty();
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return text.equals("true") || text.equals("false") ? Optional.empty()
                : refused(name, value, "must be true or false");
    }

    private static Optional<String> refused(String name, Object value, String rule) {
        return Optional.of(FILE + ": " + name + " = " + value + " is refused: " + rule);
    }
}
