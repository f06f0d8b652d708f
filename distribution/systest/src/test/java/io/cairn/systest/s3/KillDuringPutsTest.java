/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * kill -9 in the middle of concurrent PUTs (with overwrites), then a restart: every acknowledged object reads back
 * byte for byte, an object whose PUT was cut off is absent, its previous version or the complete new one, and no
 * temporary file survives in the drives' temporary areas.
 */
class KillDuringPutsTest {

    private static final long SEED = Long.getLong("systest.seed", 4242L);
    private static final int MIB = 1 << 20;
    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 4;
    private static final int ACKS_BEFORE_KILL = 12;
    /** The temporary area of a drive (bundles/cairn.storage: Drive.TEMP_VOLUME). */
    private static final String TEMP_AREA = ".cairn.tmp";

    /** One version of an object: its content seed and size. */
    private record Version(long seed, long size) {
        SeededContent content() {
            return new SeededContent(seed, size);
        }
    }

    @Test
    void acknowledgedPutsSurviveAKillAndNoGarbageRemains() throws Exception {
        try (S3Server server = S3Server.start("kill-puts", Map.of())) {
            String bucket = S3Server.bucketName("kill");
            Map<String, Version> acked = new ConcurrentHashMap<>();
            Map<String, Version> inFlight = new ConcurrentHashMap<>();
            CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
            try (S3Client s3 = server.aws()) {
                s3.createBucket(b -> b.bucket(bucket));
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    Thread thread = new Thread(() -> write(s3, bucket, writer, acked, inFlight, enough),
                            "writer-" + w);
                    writers.add(thread);
                    thread.start();
                }
                assertTrue(enough.await(5, TimeUnit.MINUTES), "seed " + SEED + ": too few PUTs were acknowledged");
                server.node().kill();
                for (Thread thread : writers) {
                    thread.join(TimeUnit.MINUTES.toMillis(2));
                    assertTrue(!thread.isAlive(), thread.getName() + " still running");
                }
            }
            assertTrue(!inFlight.isEmpty(), "seed " + SEED + ": the kill should cut off at least one PUT");
            server.node().restart().awaitS3();
            try (S3Client s3 = server.aws()) {
                for (int w = 0; w < WRITERS; w++) {
                    for (int k = 0; k < KEYS_PER_WRITER; k++) {
                        String key = key(w, k);
                        check(s3, bucket, key, acked.get(key), inFlight.get(key));
                    }
                }
            }
            for (Path drive : server.drives()) {
                Path temp = drive.resolve(TEMP_AREA);
                try (Stream<Path> leftovers = Files.exists(temp) ? Files.walk(temp).filter(p -> !p.equals(temp))
                        : Stream.empty()) {
                    List<Path> garbage = leftovers.toList();
                    assertEquals(List.of(), garbage, "seed " + SEED + ": temporary files survived the restart");
                }
            }
        }
    }

    private static String key(int writer, int index) {
        return "w" + writer + "/k" + index;
    }

    private static void write(S3Client s3, String bucket, int writer, Map<String, Version> acked,
            Map<String, Version> inFlight, CountDownLatch enough) {
        Random random = new Random(SEED * 31 + writer);
        for (int round = 0; round < 10_000; round++) {
            String key = key(writer, random.nextInt(KEYS_PER_WRITER));
            Version version = new Version(random.nextLong(), MIB + random.nextInt(7 * MIB));
            inFlight.put(key, version);
            try {
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromContentProvider(
                        () -> version.content().stream(), version.size(), "application/octet-stream"));
            } catch (RuntimeException e) {
                // The node was killed: this PUT stays unacknowledged.
                return;
            }
            acked.put(key, version);
            inFlight.remove(key);
            enough.countDown();
        }
    }

    private static void check(S3Client s3, String bucket, String key, Version acked, Version pending)
            throws Exception {
        String found;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            found = io.cairn.systest.harness.SeededContent.digest("SHA-256", in);
        } catch (NoSuchKeyException e) {
            found = null;
        }
        String context = "seed " + SEED + ", " + key + ": acknowledged " + acked + ", cut off " + pending;
        if (pending == null) {
            assertEquals(acked == null ? null : acked.content().digest("SHA-256"), found, context);
            return;
        }
        String old = acked == null ? null : acked.content().digest("SHA-256");
        String now = pending.content().digest("SHA-256");
        assertTrue(java.util.Objects.equals(found, old) || now.equals(found), context + ": found another content");
    }
}
