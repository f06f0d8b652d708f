/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.HealStatus;

class HealTextTest {

    private static final HealStatus STATUS = new HealStatus(List.of(new HealStatus.Task("drive-1", "drive",
            "/mnt/\"disk\"3", "healing", Instant.parse("2026-01-02T03:04:05Z"), null, 40, 10, 40L << 20, 10L << 20,
            9, 1, 2.5 * (1 << 20), 12)), 3, new HealStatus.Scanner(true, 2, 80, null, 4),
            new HealStatus.Totals(9, 9, 1, 8, 0, 0, 0, 0, 1, 5L << 20));

    @Test
    void textShowsProgressRateAndTotals() {
        String text = HealText.text(STATUS);
        assertTrue(text.contains("objects 10 of 40, 10.0 of 40.0 MiB, 9 healed, 1 failed"), text);
        assertTrue(text.contains("rate 2.5 MiB/s, 12 s remaining"), text);
        assertTrue(text.contains("Queued:    3 objects"), text);
        assertTrue(text.contains("1 corrupt, 8 missing, 0 stale"), text);
        assertTrue(text.contains("2 cycles, 80 objects examined, 4 lost commit finishes done"), text);
    }

    @Test
    void jsonEscapesStringsAndWritesNulls() {
        String json = HealText.json(STATUS);
        assertTrue(json.startsWith("{\"tasks\":[{\"id\":\"drive-1\""), json);
        assertTrue(json.contains("\"scope\":\"/mnt/\\\"disk\\\"3\""), json);
        assertTrue(json.contains("\"finished\":null"), json);
        assertTrue(json.contains("\"bytesPerSecond\":2621440"), json);
        assertTrue(json.contains("\"objectsScanned\":80,\"commitsFinished\":4,\"lastCycleEnd\":null},"
                + "\"totals\":{\"objectsHealed\":9"), json);
        assertEquals(json.chars().filter(c -> c == '{').count(), json.chars().filter(c -> c == '}').count());
    }
}
