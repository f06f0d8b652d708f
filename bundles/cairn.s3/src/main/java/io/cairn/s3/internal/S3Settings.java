/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.Map;
import java.util.Optional;

import io.cairn.api.config.ConfigValues;

/**
 * Refuses settings of {@code conf/io.cairn.s3.cfg} that do not convert to their type, or convert but make no sense:
 * a {@code maxXmlBodyBytes} below 1, which refuses every XML request body, a {@code maxClockSkewMs} below a second,
 * which refuses nearly every signed request as skewed (request times are given in whole seconds), and a
 * {@code digestThreads} below 1. The refusal names the file, the setting and the value; the S3 front end says what it
 * does meanwhile.
 */
final class S3Settings {

    /** The smallest accepted clock skew: request times have a resolution of one second. */
    static final long MIN_CLOCK_SKEW_MS = 1_000L;

    /** The operator's file. */
    static final String FILE = "conf/io.cairn.s3.cfg";

    private S3Settings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @return why the settings are refused, naming the file and the first setting refused; empty when they are not
     */
    static Optional<String> refusal(S3Config config, Map<String, ?> properties) {
        return ConfigValues.unconverted(S3Config.class, config, properties).map(r -> FILE + ": " + r)
                .or(() -> atLeast("maxXmlBodyBytes", config.maxXmlBodyBytes(), 1))
                .or(() -> atLeast("maxClockSkewMs", config.maxClockSkewMs(), MIN_CLOCK_SKEW_MS))
                .or(() -> atLeast("digestThreads", config.digestThreads(), 1));
    }

    private static Optional<String> atLeast(String name, long value, long min) {
        return value >= min ? Optional.empty()
                : Optional.of(FILE + ": " + name + " = " + value + " is refused: must be at least " + min);
    }
}
