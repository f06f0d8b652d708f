/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.pools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A packaged node with two server pools of four drives each, whose second pool loses two drives while it serves:
 * the pool can still read its objects (EC 2+2) but not change them. A delete of an object living there fails with
 * 503 and removes nothing, however often the client retries it, so the object neither disappears nor, once the
 * drives are back, returns from the dead.
 */
class PoolDrivesOfflineTest {

    private static final long SEED = Long.getLong("systest.seed", 7_919L);
    /** With each new key placed in pool 2 about half the time, one of 40 keys lands there but by a fluke. */
    private static final int MAX_KEYS = 40;

    @Test
    void aDeleteThePoolCannotApplyLeavesTheObject() throws Exception {
        try (S3Server server = S3Server.start("pool-drives-offline", List.of("./p1/d{1...4}", "./p2/d{1...4}"));
                S3Client s3 = server.aws()) {
            String bucket = S3Server.bucketName("pools");
            s3.createBucket(b -> b.bucket(bucket));
            Path pool2 = server.dir().resolve("p2");
            String key = null;
            byte[] data = null;
            for (int i = 0; i < MAX_KEYS && key == null; i++) {
                byte[] candidate = new SeededContent(SEED + i, 3000).bytes();
                String k = "dir/key " + i;
                s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(candidate));
                if (Files.isDirectory(pool2.resolve("d1").resolve(bucket).resolve(k))) {
                    key = k;
                    data = candidate;
                }
            }
            assertNotNull(key, "seed " + SEED + ": no key of " + MAX_KEYS + " was placed in pool 2");
            String inPool2 = key;
            takeAway(pool2.resolve("d3"));
            takeAway(pool2.resolve("d4"));

            // Twice: clients retry a 503, and the retry must not find the object gone and answer 204.
            for (int attempt = 0; attempt < 2; attempt++) {
                S3Exception e = assertThrows(S3Exception.class,
                        () -> s3.deleteObject(b -> b.bucket(bucket).key(inPool2)), "attempt " + attempt);
                assertEquals(503, e.statusCode(), "attempt " + attempt);
                assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key(inPool2)).asByteArray(),
                        "attempt " + attempt);
            }
            bringBack(pool2.resolve("d3"));
            bringBack(pool2.resolve("d4"));
            assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key(inPool2)).asByteArray());
            List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(inPool2)).contents()
                    .stream().map(S3Object::key).toList();
            assertEquals(List.of(inPool2), listed);
            s3.deleteObject(b -> b.bucket(bucket).key(inPool2));
            assertEquals(404, assertThrows(S3Exception.class,
                    () -> s3.headObject(b -> b.bucket(bucket).key(inPool2))).statusCode());
        }
    }

    /** Takes a drive away while the node runs: a file where its folder was, so it cannot come back as fresh. */
    private static void takeAway(Path drive) throws Exception {
        Files.move(drive, drive.resolveSibling(drive.getFileName() + ".gone"));
        Files.writeString(drive, "not a drive");
    }

    private static void bringBack(Path drive) throws Exception {
        Files.delete(drive);
        Files.move(drive.resolveSibling(drive.getFileName() + ".gone"), drive);
    }
}
