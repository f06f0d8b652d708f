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
            ChecksumAlgorithm[] algorithms = ChecksumAlgorithm.values();
            for (int round = 0; round < 20; round++) {
                byte[] data = new byte[round == 0 ? DigestLane.BATCH_BYTES * 3 : random.nextInt(3 << 20)];
                random.nextBytes(data);
                boolean sha = round % 2 == 0;
                ChecksumAlgorithm algorithm = algorithms[(round / 2) % algorithms.length];
                DigestStream inline = new DigestStream(new ByteArrayInputStream(data), sha, algorithm, null);
                DigestStream piped = new DigestStream(new ByteArrayInputStream(data), sha, algorithm, pool);
                drain(inline, random);
                drain(piped, random);
                byte[][] a = inline.finish();
                byte[][] b = piped.finish();
                String context = "seed " + seed + " round " + round + " " + algorithm + (sha ? " with SHA-256" : "");
                ChecksumAlgorithm.Hasher reference = algorithm.newHasher();
                reference.update(data, 0, data.length);
                assertArrayEquals(sha ? SigV4.sha256().digest(data) : null, a[0], context);
                assertArrayEquals(a[0], b[0], context);
                assertArrayEquals(reference.finish(), a[1], context);
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
