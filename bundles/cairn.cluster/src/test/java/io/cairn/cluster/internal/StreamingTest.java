/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.PutOptions;

/**
 * Proves that put and get stream: run by its own surefire execution in a JVM with a small heap (see the pom), so
 * any code path holding a whole object would fail with an OutOfMemoryError.
 */
class StreamingTest {

    @TempDir
    Path tmp;

    /** A deterministic pseudo-random stream of a given length that never materialises its content. */
    static final class Generated extends InputStream {
        private long remaining;
        private long state;

        Generated(long length, long seed) {
            this.remaining = length;
            this.state = seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                b[off + i] = (byte) (state >>> 56);
            }
            remaining -= n;
            return n;
        }
    }

    static String md5(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] buf = new byte[64 << 10];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void roundTrip(long size, boolean knownSize) throws Exception {
        try (TestCluster c = new TestCluster(tmp, 1, 4, EngineConfig.DEFAULT)) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            String expected = md5(new Generated(size, 42));
            ObjectInfo info = c.layer.putObject("bucket", "large", new Generated(size, 42), knownSize ? size : -1,
                    PutOptions.DEFAULT);
            assertEquals(expected, info.etag());
            assertEquals(size, info.size());
            try (ObjectReader r = c.layer.getObject("bucket", "large", GetOptions.DEFAULT)) {
                assertEquals(expected, md5(r.stream()));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hundredsOfMebibytesWithASmallHeap() throws Exception {
        long size = 300L << 20;
        Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < size,
                "runs in the pom's small-heap execution, where it proves streaming");
        roundTrip(size, true);
    }

    @Test
    void unknownSizeStreamsToo() throws Exception {
        roundTrip(100L << 20, false);
    }

    @Test
    @EnabledIfSystemProperty(named = "cairn.bigTest", matches = "true")
    void oneGibibyte() throws Exception {
        roundTrip(1L << 30, true);
    }
}
