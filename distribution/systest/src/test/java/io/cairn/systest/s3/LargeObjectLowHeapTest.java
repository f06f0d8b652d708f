/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GiB object through a node whose JVM has a 256 MiB heap: the engine must stream (issue 4), on the way in with
 * the SDK's default aws-chunked trailing checksum and on the way out.
 */
class LargeObjectLowHeapTest {

    private static final long GIB = 1L << 30;

    @Test
    void oneGibibytePutAndGetWithA256MebibyteHeap() throws Exception {
        try (S3Server server = S3Server.start("low-heap", Map.of("CAIRN_JAVA_OPTS", "-Xmx256m"));
                S3Client s3 = server.aws()) {
            String bucket = S3Server.bucketName("heap");
            s3.createBucket(b -> b.bucket(bucket));
            SeededContent content = new SeededContent(71, GIB + 4321);
            s3.putObject(b -> b.bucket(bucket).key("one-gib"), RequestBody.fromContentProvider(content::stream,
                    content.length(), "application/octet-stream"));
            assertEquals(content.length(), s3.headObject(b -> b.bucket(bucket).key("one-gib")).contentLength());
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key("one-gib"))) {
                assertEquals(content.digest("SHA-256"), SeededContent.digest("SHA-256", in), "seed 71");
            }
            long from = 700L << 20;
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key("one-gib")
                    .range("bytes=" + from + "-" + (from + (3L << 20) - 1)))) {
                assertEquals(content.digest("SHA-256", from, 3L << 20), SeededContent.digest("SHA-256", in));
            }
            assertTrue(server.node().status("/minio/health/live") == 200, "node still live");
            assertFalse(server.node().log().contains("OutOfMemoryError"), server.node().log());
            // Freshly written shards must verify: a checksum failure here means the write path stored bad blocks.
            assertFalse(server.node().log().contains("Bitrot detected"), server.node().log());
        }
    }
}
