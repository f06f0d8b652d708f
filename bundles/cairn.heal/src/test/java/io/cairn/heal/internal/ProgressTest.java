/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.HealStatus;

class ProgressTest {

    @Test
    void trackerRoundTripResumesWhereItStopped() throws Exception {
        Progress p = new Progress("drive-1", "drive", "/d3", Instant.ofEpochMilli(1_700_000_000_000L));
        p.counted(10, 1_000);
        p.done("photos", "a", 100, true, false);
        p.done("photos", "b", 200, false, true);
        p.end("stopped");
        Progress back = Progress.decode(p.encode());
        back.resume();
        HealStatus.Task t = back.snapshot();
        assertEquals("drive-1", t.id());
        assertEquals("/d3", t.scope());
        assertEquals("healing", t.state());
        assertEquals(10, t.objectsTotal());
        assertEquals(2, t.objectsDone());
        assertEquals(300, t.bytesDone());
        assertEquals(1, t.healed());
        assertEquals(1, t.failed());
        assertEquals("photos", back.volume());
        assertEquals("b", back.lastKey());
        assertTrue(back.running());
        assertTrue(back.counted());
    }

    @Test
    void finishedTaskHasNoEstimate() {
        Progress p = new Progress("x", "manual", "all buckets", Instant.now());
        assertFalse(p.counted());
        assertEquals(-1, p.snapshot().secondsRemaining());
        p.counted(1, 10);
        p.done("b", "k", 10, false, false);
        p.end("done");
        assertEquals(0, p.snapshot().secondsRemaining());
        assertFalse(p.running());
    }

    @Test
    void refusesUnknownFormat() {
        byte[] data = new Progress("x", "drive", "/d", Instant.now()).encode();
        data[0] = 1;
        assertThrows(IOException.class, () -> Progress.decode(data));
    }
}
