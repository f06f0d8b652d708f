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
import java.util.Arrays;

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
        assertEquals(1, back.gaps(), "the failed object may still lack copies");
    }

    @Test
    void countsObjectsLeftWithoutACopyAndReadsTrackersOfFormatOne() throws Exception {
        Progress p = new Progress("drive-2", "drive", "/d2", Instant.ofEpochMilli(1_700_000_000_000L));
        p.counted(3, 30);
        p.done("b", "dangling", 10, false, false, true);
        p.done("b", "healed", 10, true, false, false);
        p.end("done");
        Progress back = Progress.decode(p.encode());
        assertEquals(1, back.gaps());
        assertEquals("done", back.state());

        // Format 1 ended after the last key, without the count.
        byte[] v2 = p.encode();
        byte[] v1 = Arrays.copyOf(v2, v2.length - Long.BYTES);
        v1[3] = 1;
        Progress old = Progress.decode(v1);
        assertEquals(0, old.gaps());
        assertEquals("healed", old.lastKey());
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
