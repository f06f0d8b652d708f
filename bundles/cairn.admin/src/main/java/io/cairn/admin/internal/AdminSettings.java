/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds settings of {@code conf/io.cairn.admin.cfg} that convert to their type but make no sense: an
 * {@code allowRemote} other than {@code true} or {@code false}, which the OSGi converter would silently take for
 * {@code false}, and a {@code maxCommandBytes} below 1. Such a setting stops the endpoint as a value that does not
 * convert does: every call fails until the file is corrected.
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
        Object allowRemote = properties.get("allowRemote");
        if (allowRemote != null && !(allowRemote instanceof Boolean)) {
            String text = String.valueOf(allowRemote).trim().toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                return Optional.of(refused("allowRemote", allowRemote, "must be true or false"));
            }
        }
        int maxCommandBytes;
        try {
            maxCommandBytes = config.maxCommandBytes();
        } catch (RuntimeException e) {
            // Not a number: the conversion fails at every call, which is how such a value is refused.
            return Optional.empty();
        }
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
