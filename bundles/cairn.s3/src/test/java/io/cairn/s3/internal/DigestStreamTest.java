/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;

/**
 * The digests computed on the digest threads equal those computed inline, whatever the read sizes, so moving the
 * work off the request thread never changes a verdict.
 */
class DigestStreamTest {

    @Test
    void pipelinedDigestsEqualInlineDigests() throws IOException {
        long seed = Long.getLong("test.seed", 1214L);
        Random random = new Random(seed);
        ExecutorService pool = S3Handler.digestPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                byte[] data = new byte[random.nextInt(3 << 20)];
                random.nextBytes(data);
                DigestStream inline = new DigestStream(new ByteArrayInputStream(data), true,
                        ChecksumAlgorithm.CRC64NVME, null);
                DigestStream piped = new DigestStream(new ByteArrayInputStream(data), true,
                        ChecksumAlgorithm.CRC64NVME, pool);
                drain(inline, random);
                drain(piped, random);
                byte[][] a = inline.finish();
                byte[][] b = piped.finish();
                String context = "seed " + seed + " round " + round;
                assertArrayEquals(SigV4.sha256().digest(data), a[0], context);
                assertArrayEquals(a[0], b[0], context);
                assertArrayEquals(a[1], b[1], context);
                assertEquals(data.length, piped.count(), context);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drain(InputStream in, Random random) throws IOException {
        byte[] buffer = new byte[1 + random.nextInt(1 << 20)];
        while (in.read(buffer, 0, 1 + random.nextInt(buffer.length)) >= 0) {
            // Only the digests matter here.
        }
    }
}
