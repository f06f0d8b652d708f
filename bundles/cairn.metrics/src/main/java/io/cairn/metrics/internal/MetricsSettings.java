/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.util.Locale;

/**
 * Refuses settings of {@code conf/io.cairn.metrics.cfg} that convert to their type but make no sense: a
 * {@code maxTokenBytes} below 1, which refuses every scrape, a {@code tokenValidityDays} outside 1 to
 * {@value #MAX_VALIDITY_DAYS}, which prints tokens already expired or fails to print one, and a
 * {@code prometheusAuthType} other than {@code jwt} or {@code public}, which would silently mean {@code jwt}. A
 * refused setting stops the metrics endpoints and {@code cairn:prometheus} as a value that does not convert does;
 * the message names the file and the setting.
 */
final class MetricsSettings {

    /** The longest validity of a token, 10,000 years. */
    static final long MAX_VALIDITY_DAYS = 3_650_000L;

    private static final String FILE = "conf/io.cairn.metrics.cfg";

    private MetricsSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @return the settings, accepted
     * @throws IllegalArgumentException naming the file and the first setting refused
     */
    static MetricsConfig check(MetricsConfig config) {
        String authType = config.prometheusAuthType().trim().toLowerCase(Locale.ROOT);
        if (!authType.equals("jwt") && !authType.equals(MetricsHandler.PUBLIC)) {
            throw refused("prometheusAuthType", config.prometheusAuthType(), "must be jwt or public");
        }
        if (config.maxTokenBytes() < 1) {
            throw refused("maxTokenBytes", config.maxTokenBytes(), "must be at least 1");
        }
        long days = config.tokenValidityDays();
        if (days < 1 || days > MAX_VALIDITY_DAYS) {
            throw refused("tokenValidityDays", days, "must be from 1 to " + MAX_VALIDITY_DAYS);
        }
        return config;
    }

    private static IllegalArgumentException refused(String name, Object value, String rule) {
        return new IllegalArgumentException(FILE + ": " + name + " = " + value + " is refused: " + rule
                + "; the metrics endpoints are stopped until the file is corrected");
    }
}
