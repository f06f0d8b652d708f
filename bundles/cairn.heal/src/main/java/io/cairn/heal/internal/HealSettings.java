/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Refuses healing settings that convert to their type but make no sense ({@code healWorkers = 0}), and booleans
 * other than {@code true} or {@code false}, which the OSGi converter would silently take for {@code false}. A
 * refused setting stops healing until the file is corrected, as a value that does not convert does; the message
 * names the file and the setting.
 */
final class HealSettings {

    private static final String FILE = "conf/" + HealComponent.PID + ".cfg";

    private HealSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the converted settings
     * @param properties the component properties as given, for the booleans
     * @throws IllegalArgumentException naming the file and the first setting refused
     */
    static void check(HealComponent.Config config, Map<String, ?> properties) {
        atLeast("healWorkers", config.healWorkers(), 1);
        atLeast("maxBytesPerSecond", config.maxBytesPerSecond(), 0);
        atLeast("mrfQueueSize", config.mrfQueueSize(), 1);
        atLeast("mrfRetryMs", config.mrfRetryMs(), 0);
        atLeast("mrfRetryMaxMs", config.mrfRetryMaxMs(), 0);
        atLeast("mrfMaxAttempts", config.mrfMaxAttempts(), 1);
        atLeast("scannerIntervalMs", config.scannerIntervalMs(), 0);
        atLeast("danglingGraceMs", config.danglingGraceMs(), 0);
        atLeast("freshDriveCheckMs", config.freshDriveCheckMs(), 0);
        atLeast("mrfSaveMs", config.mrfSaveMs(), 0);
        if (!(config.scannerObjectsPerSecond() >= 0)) {
            throw refused("scannerObjectsPerSecond", config.scannerObjectsPerSecond(), "must be 0 (no limit) or more");
        }
        if (!(config.scannerDeepFraction() >= 0 && config.scannerDeepFraction() <= 1)) {
            throw refused("scannerDeepFraction", config.scannerDeepFraction(), "must be from 0 to 1");
        }
        bool("scannerEnabled", properties);
        bool("healFreshDrives", properties);
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw refused(name, value, "must be at least " + min);
        }
    }

    private static void bool(String name, Map<String, ?> properties) {
        Object value = properties.get(name);
        if (value == null || value instanceof Boolean) {
            return;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw refused(name, value, "must be true or false");
        }
    }

    private static IllegalArgumentException refused(String name, Object value, String rule) {
        return new IllegalArgumentException(FILE + ": " + name + " = " + value + " is refused: " + rule
                + "; healing is stopped until the file is corrected");
    }
}
