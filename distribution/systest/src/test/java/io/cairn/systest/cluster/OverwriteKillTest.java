/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Overwrites of existing keys on four nodes with two drives each (one set of eight, EC 4+4, write quorum 5) while
 * two nodes are killed with {@code kill -9}: commits in flight then succeed on fewer drives than the write quorum.
 * Every key must still hold its last acknowledged version or one of the failed overwrites after it, read from the
 * two nodes left, never be gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverwriteKillTest {

    private static final long SEED = Long.getLong("systest.seed", 9109L);
    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 6;
    /** Inline and erasure-coded sizes. */
    private static final long[] SIZES = {3_000, 40_000, 300_000};
    /** Overwrites acknowledged before the kill. */
    private static final long BEFORE_KILL = 40;
    private static final int ROUNDS = 3;

    private Cluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = Cluster.builder("overwrite").nodes(4).drivesPerNode(2).start().awaitReady();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void overwritesCutByTwoKilledNodesNeverLoseTheKey() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String bucket = S3Server.bucketName("overwrite-" + round);
            cluster.client(0).createBucket(b -> b.bucket(bucket));
            Map<String, Set<Long>> possible = new ConcurrentHashMap<>();
            Random random = new Random(SEED + round);
            for (int w = 0; w < WRITERS; w++) {
                for (int k = 0; k < KEYS_PER_WRITER; k++) {
                    long seed = random.nextLong();
                    put(cluster.client(w % 2), bucket, key(w, k), seed);
                    possible.put(key(w, k), new HashSet<>(Set.of(seed)));
                }
            }
            overwriteWhileTwoNodesDie(bucket, possible, random.nextLong());
            for (int reader : new int[] {0, 1}) {
                for (Map.Entry<String, Set<Long>> e : possible.entrySet()) {
                    long seed = read(cluster.client(reader), bucket, e.getKey(), e.getValue());
                    assertTrue(e.getValue().contains(seed), e.getKey() + " holds a version never written");
                }
            }
            cluster.restart(2);
            cluster.restart(3);
            cluster.awaitReady();
            for (int writer : new int[] {0, 1}) {
                cluster.awaitAllOnline(writer);
            }
        }
    }

    private void overwriteWhileTwoNodesDie(String bucket, Map<String, Set<Long>> possible, long seed)
            throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Random random = new Random(seed + w);
            Thread thread = new Thread(() -> {
                // Each writer owns its keys, so the versions of one key are written one after another.
                int failuresAfterKill = 0;
                while (failuresAfterKill < 3) {
                    String key = key(writer, random.nextInt(KEYS_PER_WRITER));
                    long next = random.nextLong();
                    boolean wasKilled = killed.get();
                    try {
                        put(cluster.client(writer % 2), bucket, key, next);
                        possible.put(key, new HashSet<>(Set.of(next)));
                        acked.incrementAndGet();
                    } catch (SdkException e) {
                        // Not acknowledged: the key may hold this version or the ones before.
                        possible.get(key).add(next);
                        failuresAfterKill += wasKilled ? 1 : 0;
                    }
                }
            }, "overwriter-" + w);
            thread.start();
            writers.add(thread);
        }
        Cluster.await("overwrites acknowledged before the kill", () -> acked.get() >= BEFORE_KILL);
        cluster.kill(2);
        cluster.kill(3);
        killed.set(true);
        for (Thread t : writers) {
            t.join();
        }
    }

    private static String key(int writer, int k) {
        return "w" + writer + "/k" + k;
    }

    private static long size(long seed) {
        return SIZES[(int) Math.floorMod(seed, (long) SIZES.length)];
    }

    private static void put(S3Client via, String bucket, String key, long seed) {
        SeededContent content = new SeededContent(seed, size(seed));
        via.putObject(b -> b.bucket(bucket).key(key).contentLength(content.length()),
                RequestBody.fromContentProvider(content::stream, content.length(), "application/octet-stream"));
    }

    /** Reads a key and tells which of the possible versions it holds. */
    private static long read(S3Client via, String bucket, String key, Set<Long> seeds) {
        ResponseBytes<GetObjectResponse> got;
        try {
            got = via.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new AssertionError(key + " (acknowledged) cannot be read: " + e.getMessage(), e);
        }
        byte[] body = got.asByteArray();
        for (long seed : seeds) {
            if (body.length == size(seed) && java.util.Arrays.equals(body, new SeededContent(seed, body.length)
                    .bytes())) {
                return seed;
            }
        }
        throw new AssertionError(key + ": " + body.length + " bytes that match none of " + seeds.size()
                + " possible versions");
    }
}
