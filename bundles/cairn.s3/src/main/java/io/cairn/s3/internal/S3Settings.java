/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * Refuses settings of {@code conf/io.cairn.s3.cfg} that convert to their type but make no sense: a
 * {@code maxXmlBodyBytes} below 1, which refuses every XML request body, a {@code maxClockSkewMs} below a second,
 * which refuses nearly every signed request as skewed (request times are given in whole seconds), and a
 * {@code digestThreads} below 1. A refused setting stops the S3 API as a value that does not convert does; the
 * message names the file and the setting.
 */
final class S3Settings {

    /** The smallest accepted clock skew: request times have a resolution of one second. */
    static final long MIN_CLOCK_SKEW_MS = 1_000L;

    private static final String FILE = "conf/io.cairn.s3.cfg";

    private S3Settings() {
    }

    /**
     * Checks the settings.
     *
     * @param config the settings
     * @throws IllegalArgumentException naming the file and the first setting refused
     */
    static void check(S3Config config) {
        atLeast("maxXmlBodyBytes", config.maxXmlBodyBytes(), 1);
        atLeast("maxClockSkewMs", config.maxClockSkewMs(), MIN_CLOCK_SKEW_MS);
        atLeast("digestThreads", config.digestThreads(), 1);
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(FILE + ": " + name + " = " + value + " is refused: must be at least "
                    + min + "; the S3 API is stopped until the file is corrected");
        }
    }
}
