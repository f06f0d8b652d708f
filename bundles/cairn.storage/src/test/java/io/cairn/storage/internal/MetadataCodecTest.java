/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cairn.api.storage.DriveException;
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
}
