/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.benchmarks.CpuTimeThroughput.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of {@link CpuTimeThroughput}: coders and configurations in any order, defaults for the rest. */
class CpuTimeThroughputTest {

    @Test
    void noArgumentsMeasureEveryCoderOnEveryConfiguration() {
        Selection s = Selection.parse();
        assertEquals(List.of("portable", "simd", "hadoop"), s.coders());
        assertEquals(List.of("4+2", "8+4", "12+4"), s.configs());
    }

    @Test
    void codersAndConfigurationsMayBeMixed() {
        Selection s = Selection.parse("8+4", "simd", "4+2", "hadoop");
        assertEquals(List.of("simd", "hadoop"), s.coders());
        assertEquals(List.of("8+4", "4+2"), s.configs());
    }

    @Test
    void onlyConfigurationsKeepEveryCoder() {
        Selection s = Selection.parse("10+4");
        assertEquals(List.of("portable", "simd", "hadoop"), s.coders());
        assertEquals(List.of("10+4"), s.configs());
    }

    @Test
    void anythingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Selection.parse("isal"));
        assertThrows(IllegalArgumentException.class, () -> Selection.parse("0+4"));
        assertThrows(IllegalArgumentException.class, () -> Selection.parse("8-4"));
    }
}
