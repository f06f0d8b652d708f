/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

class MetadataCodecTest {

    private final MetadataCodec codec = new MetadataCodec();

    static FileInfo random(Random rnd, boolean millisOnly) {
        int k = 1 + rnd.nextInt(8);
        int m = rnd.nextInt(5);
        List<Integer> dist = new ArrayList<>();
        for (int i = 0; i < k + m; i++) {
            dist.add(i);
        }
        Map<String, String> meta = new HashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            meta.put("x-amz-meta-K" + rnd.nextInt(100), "v\u00e9" + rnd.nextLong());
        }
        List<PartMeta> parts = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
            parts.add(new PartMeta(parts.size() + 1, rnd.nextInt(1 << 30), Long.toHexString(rnd.nextLong()),
                    Instant.ofEpochMilli(rnd.nextLong() & 0xffffffffffL)));
        }
        byte[] inline = rnd.nextBoolean() ? null : new byte[rnd.nextInt(300)];
        if (inline != null) {
            rnd.nextBytes(inline);
        }
        long nanos = millisOnly ? rnd.nextInt(1000) * 1_000_000L : rnd.nextInt(1_000_000_000);
        return new FileInfo("null", inline == null ? "d-" + rnd.nextInt(1000) : null,
                Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), nanos), rnd.nextLong() & Long.MAX_VALUE,
                Long.toHexString(rnd.nextLong()), rnd.nextBoolean() ? "STANDARD" : "REDUCED_REDUNDANCY", meta,
                new ErasureLayout("rs", "xxh", k, m, 1 << 20, rnd.nextInt(k + m), dist), parts, inline);
    }

    @Test
    void currentFormatRoundTrips() throws Exception {
        long seed = Long.getLong("test.seed", 1215L);
        Random rnd = new Random(seed);
        for (int i = 0; i < 200; i++) {
            FileInfo info = random(rnd, false);
            FileInfo back = codec.decode(codec.encode(info), true);
            assertEquals(info.withoutData(), back.withoutData(), "seed " + seed);
            assertArrayEquals(info.inlineData(), back.inlineData(), "seed " + seed);
            assertEquals(null, codec.decode(codec.encode(info), false).inlineData(), "seed " + seed);
        }
    }

    @Test
    void version1IsMigrated() throws Exception {
        long seed = Long.getLong("test.seed", 1216L);
        Random rnd = new Random(seed);
        for (int i = 0; i < 100; i++) {
            FileInfo info = random(rnd, true);
            FileInfo back = codec.decode(codec.encodeV1(info), true);
            FileInfo expected = new FileInfo(info.versionId(), info.dataDir(), info.modTime(), info.size(),
                    info.etag(), "STANDARD", info.metadata(), info.erasure(), info.parts(), null);
            assertEquals(expected, back.withoutData(), "seed " + seed);
            assertArrayEquals(info.inlineData(), back.inlineData(), "seed " + seed);
        }
    }

    @Test
    void everySingleByteFlipIsDetected() throws Exception {
        FileInfo info = random(new Random(42), false);
        byte[] good = codec.encode(info);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            int at = i;
            assertThrows(DriveException.class, () -> codec.decode(bad, true), "flip at " + at);
        }
        assertThrows(DriveException.class, () -> codec.decode(new byte[3], true));
    }

    @Test
    void manyPartsRoundTrip() throws Exception {
        Random rnd = new Random(1217L);
        FileInfo small = random(rnd, false);
        List<PartMeta> parts = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            parts.add(new PartMeta(i, 5L << 20, Long.toHexString(rnd.nextLong()),
                    Instant.ofEpochMilli(rnd.nextLong() & 0xffffffffffL)));
        }
        FileInfo info = new FileInfo("null", "d-1", small.modTime(), 5000L << 20, "e-1000", "STANDARD",
                small.metadata(), small.erasure(), parts, null);
        assertEquals(info, codec.decode(codec.encode(info), true));
    }

    @Test
    void longTextAndLargeInlineDataRoundTrip() throws Exception {
        FileInfo small = random(new Random(1218L), false);
        String value = "\u00e9\u6f22".repeat(6000);
        byte[] inline = new byte[128 << 10];
        new Random(1219L).nextBytes(inline);
        FileInfo info = new FileInfo("null", null, small.modTime(), inline.length, "e", "STANDARD",
                Map.of("x-amz-meta-long", value), small.erasure(), small.parts(), inline);
        FileInfo back = codec.decode(codec.encode(info), true);
        assertEquals(info.withoutData(), back.withoutData());
        assertArrayEquals(inline, back.inlineData());
    }

    /** Flipped, cut and spliced payloads behind a correct checksum: corrupt or decoded, never another failure. */
    @Test
    void mutatedPayloadsFailOnlyAsCorrupt() throws Exception {
        long seed = Long.getLong("test.seed", 1220L);
        Random rnd = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            byte[] file = codec.encode(random(rnd, false));
            byte[] payload = Arrays.copyOfRange(file, 6, file.length - 4);
            for (int flips = 1 + rnd.nextInt(3); flips > 0; flips--) {
                payload[rnd.nextInt(payload.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                payload = Arrays.copyOf(payload, rnd.nextInt(payload.length));
            }
            try {
                codec.decode(framedBytes(payload), rnd.nextBoolean());
            } catch (DriveException e) {
                assertEquals(Reason.CORRUPT, e.reason(), "seed " + seed + " iteration " + i);
            }
        }
    }

    /** What a later writer may add, and what data binding used to accept, a format-2 reader accepts too. */
    @Test
    void unknownFieldsNullsAndOlderVersionsAreTolerated() throws Exception {
        Map<String, Object> erasure = new LinkedHashMap<>();
        erasure.put("future", Map.of("nested", List.of(1, 2, 3)));
        erasure.put("distribution", List.of(0, 1, 2));
        erasure.put("codecId", "rs");
        erasure.put("checksumId", "xxh");
        erasure.put("dataShards", 2);
        erasure.put("parityShards", 1);
        erasure.put("blockSizeBytes", 1 << 20);
        erasure.put("index", 2);
        Map<String, Object> newest = new LinkedHashMap<>();
        newest.put("inline", new byte[] {1, 2, 3});
        newest.put("parts", List.of(Map.of("number", 1, "size", 3, "etag", "p1", "modTimeMillis", 5000,
                "later", "x")));
        newest.put("erasure", erasure);
        newest.put("dataDir", null);
        newest.put("metadata", Map.of("content-type", "text/plain"));
        newest.put("storageClass", null);
        newest.put("versionId", "null");
        newest.put("modTimeSeconds", 1_700_000_000L);
        newest.put("modTimeNanos", 123);
        newest.put("size", 3);
        newest.put("etag", "abc");
        newest.put("unknown", List.of(Map.of("deep", List.of())));
        Map<String, Object> older = new LinkedHashMap<>(newest);
        older.put("etag", "older");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("before", "x");
        payload.put("versions", List.of(newest, older, "not even a version"));
        payload.put("after", Map.of("k", 1));

        FileInfo info = codec.decode(framed(payload), true);
        assertEquals("abc", info.etag());
        assertEquals("STANDARD", info.storageClass());
        assertEquals(null, info.dataDir());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123), info.modTime());
        assertEquals(new ErasureLayout("rs", "xxh", 2, 1, 1 << 20, 2, List.of(0, 1, 2)), info.erasure());
        assertEquals(List.of(new PartMeta(1, 3, "p1", Instant.ofEpochMilli(5000))), info.parts());
        assertEquals(Map.of("content-type", "text/plain"), info.metadata());
        assertArrayEquals(new byte[] {1, 2, 3}, info.inlineData());
        assertEquals(null, codec.decode(framed(payload), false).inlineData());
    }

    /** A payload whose checksum is right but whose shape is not a format-2 payload is corrupt, never misread. */
    @Test
    void malformedPayloadsAreCorrupt() throws Exception {
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("versions", List.of(Map.of("versionId", "null", "etag", "e", "erasure", Map.of("codecId", "rs",
                "checksumId", "xxh", "dataShards", 1, "parityShards", 0, "blockSizeBytes", 1024, "index", 0,
                "distribution", List.of(0)))));
        assertEquals("e", codec.decode(framed(good), true).etag());
        List<Object> bad = List.of(
                Map.of("versions", List.of()),
                Map.of("versions", Map.of("a", 1)),
                Map.of("versions", List.of(Map.of("versionId", "null", "etag", "e", "erasure", "rs"))),
                Map.of("versions", List.of(Map.of("versionId", Map.of("a", 1), "etag", "e"))),
                Map.of("versions", List.of(Map.of("versionId", "null", "etag", "e", "size", "big"))),
                Map.of("versions", List.of(Map.of("versionId", "null", "etag", "e", "parts", List.of(7)))),
                Map.of("versions", List.of(Map.of("versionId", "null", "etag", "e", "erasure", Map.of(
                        "index", 1L << 40)))),
                List.of(1, 2),
                "text");
        for (Object payload : bad) {
            DriveException e = assertThrows(DriveException.class, () -> codec.decode(framed(payload), true),
                    String.valueOf(payload));
            assertEquals(Reason.CORRUPT, e.reason(), String.valueOf(payload));
        }
        byte[] whole = new ObjectMapper(new CBORFactory()).writeValueAsBytes(good);
        for (int cut = 0; cut < whole.length; cut++) {
            int at = cut;
            DriveException e = assertThrows(DriveException.class,
                    () -> codec.decode(framedBytes(Arrays.copyOf(whole, at)), true), "cut at " + at);
            assertEquals(Reason.CORRUPT, e.reason(), "cut at " + at);
        }
    }

    /** A format-2 file around any payload, with a correct checksum. */
    private static byte[] framed(Object payload) throws Exception {
        return framedBytes(new ObjectMapper(new CBORFactory()).writeValueAsBytes(payload));
    }

    private static byte[] framedBytes(byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(6 + payload.length + 4);
        buf.put("CRNM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 2).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, 6 + payload.length);
        buf.putInt((int) crc.getValue());
        return buf.array();
    }
}
