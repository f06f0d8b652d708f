/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;

/** {@code bin/cairn perf codec} measures every codec provider offline and reports one JSON object per line. */
class PerfCommandTest {

    private static final Pattern LINE = Pattern.compile("\\{\"codec\":\"([^\"]+)\",\"data\":(\\d+),\"parity\":(\\d+),"
            + "\"encodeMBps\":([0-9.]+),\"reconstructMBps\":([0-9.]+)}");

    @Test
    void measuresEveryProviderAsJsonLines() throws Exception {
        Distribution distribution = Distribution.fromBuild();
        Path dir = distribution.scratch("perf");
        Distribution.Result result = distribution.run(List.of("perf", "codec", "2+1", "--json"), Map.of(), dir,
                Duration.ofMinutes(5));
        assertEquals(0, result.status(), result.out() + result.err());
        List<String> lines = result.out().lines().filter(l -> l.startsWith("{")).toList();
        assertTrue(lines.size() >= 1, result.out());
        boolean portable = false;
        for (String line : lines) {
            Matcher m = LINE.matcher(line.replace(" ", ""));
            assertTrue(m.matches(), "not a perf JSON line: " + line);
            assertEquals("2", m.group(2));
            assertEquals("1", m.group(3));
            assertTrue(Double.parseDouble(m.group(4)) > 0 && Double.parseDouble(m.group(5)) > 0, line);
            portable |= m.group(1).contains("portable");
        }
        assertTrue(portable, "the portable codec is always measured: " + result.out());
    }
}
