/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;

/** Framed transfers: complete ones arrive intact, cut, damaged or failed ones never look complete. */
class FrameStreamTest {

    private static final long SEED = 99L;

    private static byte[] frame(byte[] data) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (FrameOutputStream out = new FrameOutputStream(wire)) {
            out.write(data, 0, data.length / 3);
            out.write(data, data.length / 3, data.length - data.length / 3);
        }
        return wire.toByteArray();
    }

    @Test
    void roundTripsAnySize() throws Exception {
        Random random = new Random(SEED);
        for (int size : new int[] {0, 1, FrameOutputStream.FRAME_BYTES - 1, FrameOutputStream.FRAME_BYTES,
            FrameOutputStream.FRAME_BYTES * 3 + 17}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] read = new FrameInputStream(new ByteArrayInputStream(frame(data)), "t").readAllBytes();
            assertArrayEquals(data, read, "size " + size + " seed " + SEED);
        }
    }

    @Test
    void closeAfterTheExpectedBytesTakesTheTrailer() throws Exception {
        byte[] data = new byte[FrameOutputStream.FRAME_BYTES + 5];
        new Random(SEED).nextBytes(data);
        byte[] wire = frame(data);
        ByteArrayInputStream whole = new ByteArrayInputStream(wire);
        try (FrameInputStream in = new FrameInputStream(whole, "t", data.length)) {
            assertArrayEquals(data, in.readNBytes(data.length));
        }
        assertEquals(0, whole.available(), "the trailer was left unread");

        ByteArrayInputStream early = new ByteArrayInputStream(wire);
        try (FrameInputStream in = new FrameInputStream(early, "t", data.length)) {
            in.readNBytes(10);
        }
        assertTrue(early.available() > 16, "a reader that stops early must not wait for the rest");

        ByteArrayInputStream unknown = new ByteArrayInputStream(wire);
        try (FrameInputStream in = new FrameInputStream(unknown, "t")) {
            in.readNBytes(data.length);
        }
        assertEquals(16, unknown.available(), "without a known length the stream is closed as it is");
    }

    @Test
    void cutTransferIsOffline() throws Exception {
        byte[] data = new byte[200_000];
        new Random(SEED).nextBytes(data);
        byte[] wire = frame(data);
        for (int cut : new int[] {0, 3, 100, wire.length - 16, wire.length - 1}) {
            byte[] truncated = Arrays.copyOf(wire, cut);
            DriveException e = assertThrows(DriveException.class,
                    () -> new FrameInputStream(new ByteArrayInputStream(truncated), "t").readAllBytes());
            assertEquals(Reason.OFFLINE, e.reason(), "cut at " + cut);
        }
    }

    @Test
    void damagedTransferIsDetected() throws Exception {
        byte[] data = new byte[100_000];
        new Random(SEED).nextBytes(data);
        byte[] wire = frame(data);
        wire[50_000] ^= 1;
        DriveException e = assertThrows(DriveException.class,
                () -> new FrameInputStream(new ByteArrayInputStream(wire), "t").readAllBytes());
        assertEquals(Reason.IO, e.reason());
        assertTrue(e.getMessage().contains("checksum bad"), e.getMessage());
    }

    @Test
    void senderFailureArrivesWithItsReason() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (FrameOutputStream out = new FrameOutputStream(wire)) {
            out.write(new byte[100]);
            out.fail("CORRUPT", "short file");
        }
        DriveException e = assertThrows(DriveException.class,
                () -> new FrameInputStream(new ByteArrayInputStream(wire.toByteArray()), "t").readAllBytes());
        assertEquals(Reason.CORRUPT, e.reason());
        assertEquals("short file", e.getMessage());
    }

    @Test
    void oversizedFrameIsRefused() throws Exception {
        byte[] wire = new WireCodec.Out().i32(FrameOutputStream.MAX_FRAME_BYTES + 1).toBytes();
        DriveException e = assertThrows(DriveException.class,
                () -> new FrameInputStream(new ByteArrayInputStream(wire), "t").read());
        assertEquals(Reason.IO, e.reason());
    }
}
