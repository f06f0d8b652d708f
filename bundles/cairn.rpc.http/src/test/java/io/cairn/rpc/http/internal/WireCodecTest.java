/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.ServerInfo;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.PartMeta;
import io.cairn.api.storage.WalkEntry;

/** Round trips of every encoded value, and malformed bodies refused without large allocations. */
class WireCodecTest {

    private static final long SEED = 7L;

    static FileInfo sample(byte[] inline) {
        return new FileInfo("v-1", inline == null ? "dd-1" : null, Instant.ofEpochSecond(1_700_000_000L, 999),
                12345, "abc-2", "REDUCED_REDUNDANCY", Map.of("content-type", "image/jpeg", "x-amz-meta-ü", "ß"),
                new ErasureLayout("rs-v1", "hh256", 4, 2, 1 << 20, 5, List.of(5, 4, 3, 2, 1, 0)),
                List.of(new PartMeta(1, 5 << 20, "p1", Instant.ofEpochMilli(1)),
                        new PartMeta(2, 7, "p2", Instant.ofEpochMilli(2))), inline);
    }

    @Test
    void fileInfoRoundTrips() throws Exception {
        FileInfo withData = sample(new byte[] {1, 2, 3});
        FileInfo decoded = new WireCodec.In(new WireCodec.Out().fileInfo(withData).toBytes()).fileInfo();
        assertEquals(withData.withoutData(), decoded.withoutData());
        assertArrayEquals(withData.inlineData(), decoded.inlineData());
        FileInfo noData = sample(null);
        assertEquals(noData, new WireCodec.In(new WireCodec.Out().fileInfo(noData).toBytes()).fileInfo());
    }

    @Test
    void otherValuesRoundTrip() throws Exception {
        FormatInfo format = new FormatInfo(1, "dep", "drive", 1, 2, 3, 4, 5);
        DiskInfo disk = new DiskInfo("http://n:1/d", 10, 5, false, "gone");
        WalkEntry prefix = new WalkEntry("a/", null);
        WalkEntry object = new WalkEntry("a/b", sample(null));
        ServerInfo server = new ServerInfo("n:1", 1, List.of("http://n{1...4}:1/d"), "", "f00", Instant.EPOCH,
                Instant.ofEpochSecond(5));
        LockRequest lock = new LockRequest("bucket/key", "uid", "n:1");
        byte[] bytes = new WireCodec.Out().format(format).disk(disk).walkEntry(prefix).walkEntry(object)
                .serverInfo(server).lockRequest(lock).nullableStr(null).strings(List.of("x", "")).toBytes();
        WireCodec.In in = new WireCodec.In(bytes);
        assertEquals(format, in.format());
        assertEquals(disk, in.disk());
        assertEquals(prefix, in.walkEntry());
        assertEquals(object, in.walkEntry());
        assertEquals(server, in.serverInfo());
        assertEquals(lock, in.lockRequest());
        assertEquals(null, in.nullableStr());
        assertEquals(List.of("x", ""), in.strings());
        in.end();
    }

    @Test
    void malformedBodiesAreRefused() {
        byte[] good = new WireCodec.Out().fileInfo(sample(new byte[100])).toBytes();
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(WireCodec.MalformedException.class, () -> new WireCodec.In(truncated).fileInfo(),
                    "cut at " + cut);
        }
        byte[] huge = new WireCodec.Out().i32(Integer.MAX_VALUE).toBytes();
        assertThrows(WireCodec.MalformedException.class, () -> new WireCodec.In(huge).str());
        assertThrows(WireCodec.MalformedException.class, () -> new WireCodec.In(huge).strings());
        byte[] negative = new WireCodec.Out().i32(-1).toBytes();
        assertThrows(WireCodec.MalformedException.class, () -> new WireCodec.In(negative).bytes());
        byte[] badLayout = new WireCodec.Out().format(new FormatInfo(1, "d", "x", 0, 0, 0, 1, 1)).toBytes();
        badLayout[badLayout.length - 1] = 0;
        assertThrows(WireCodec.MalformedException.class, () -> new WireCodec.In(badLayout).format());
        assertThrows(WireCodec.MalformedException.class, () -> {
            WireCodec.In in = new WireCodec.In(new WireCodec.Out().str("a").str("b").toBytes());
            in.str();
            in.end();
        });
    }

    @Test
    void randomBodiesNeverThrowAnythingButMalformed() {
        Random random = new Random(SEED);
        for (int i = 0; i < 2_000; i++) {
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            try {
                new WireCodec.In(body).fileInfo();
            } catch (WireCodec.MalformedException expected) {
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + " body " + i + ": " + e, e);
            }
        }
    }
}
