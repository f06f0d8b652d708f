/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.cairn.api.config.ConfigValues;

/**
 * Refuses settings of {@code conf/io.cairn.metrics.cfg} that do not convert to their type, or convert but make no
 * sense: a {@code maxTokenBytes} below 1, which refuses every scrape, a {@code tokenValidityDays} outside 1 to
 * {@value #MAX_VALIDITY_DAYS}, which prints tokens already expired or fails to print one, and a
 * {@code prometheusAuthType} other than {@code jwt} or {@code public}, which would silently mean {@code jwt}. The
 * refusal names the file, the setting and the value; the component says what it does meanwhile.
 */
final class MetricsSettings {

    /** The longest validity of a token, 10,000 years. */
    static final long MAX_VALIDITY_DAYS = 3_650_000L;

    /** The operator's file. */
    static final String FILE = "conf/io.cairn.metrics.cfg";

    private MetricsSettings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @return why the settings are refused, naming the file and the first setting refused; empty when they are not
     */
    static Optional<String> refusal(MetricsConfig config, Map<String, ?> properties) {
        Optional<String> unconverted = ConfigValues.unconverted(MetricsConfig.class, config, properties);
        if (unconverted.isPresent()) {
            return Optional.of(FILE + ": " + unconverted.get());
        }
        String authType = config.prometheusAuthType().trim().toLowerCase(Locale.ROOT);
        if (!authType.equals("jwt") && !authType.equals(MetricsHandler.PUBLIC)) {
            return refused("prometheusAuthType", config.prometheusAuthType(), "must be jwt or public");
        }
        if (config.maxTokenBytes() < 1) {
            return refused("maxTokenBytes", config.maxTokenBytes(), "must be at least 1");
        }
        long days = config.tokenValidityDays();
        if (days < 1 || days > MAX_VALIDITY_DAYS) {
            return refused("tokenValidityDays", days, "must be from 1 to " + MAX_VALIDITY_DAYS);
        }
        return Optional.empty();
    }

    private static Optional<String> refused(String name, Object value, String rule) {
        return Optional.of(FILE + ": " + name + " = " + value + " is refused: " + rule);
    }
}
