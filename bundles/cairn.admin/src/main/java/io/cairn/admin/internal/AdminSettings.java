/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.cairn.api.config.ConfigValues;

/**
 * Finds settings of {@code conf/io.cairn.admin.cfg} that do not convert to their type, or convert but make no
 * sense: an
 * {@code allowRemote} other than {@code true} or {@code false}, which the OSGi converter would silently take for
 * {@code false}, and a {@code maxCommandBytes} below 1. Such a setting stops the endpoint: every call fails until the
 * file is corrected.
 */
final class AdminSettings {

    static final String FILE = "conf/io.cairn.admin.cfg";

    private AdminSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the converted settings
     * @param properties the component properties as given, for the boolean
     * @return why the settings are refused, naming the file and the first setting refused; empty when they are not
     */
    static Optional<String> refusal(AdminConfig config, Map<String, ?> properties) {
        Optional<String> unconverted = ConfigValues.unconverted(AdminConfig.class, config, properties);
        if (unconverted.isPresent()) {
            return Optional.of(FILE + ": " + unconverted.get() + "; cairn admin fails until the file is corrected");
        }
        Object allowRemote = properties.get("allowRemote");
        if (allowRemote != null && !(allowRemote instanceof Boolean)) {
            String text = String.valueOf(allowRemote).trim().toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                return Optional.of(refused("allowRemote", allowRemote, "must be true or false"));
            }
        }
        int maxCommandBytes = config.maxCommandBytes();
        if (maxCommandBytes < 1) {
            return Optional.of(refused("maxCommandBytes", maxCommandBytes, "must be at least 1"));
        }
        return Optional.empty();
    }

    private static String refused(String name, Object value, String rule) {
        return FILE + ": " + name + " = " + value + " is refused: " + rule
                + "; cairn admin fails until the file is corrected";
    }
}
