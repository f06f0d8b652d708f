/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

/**
 * Concurrent overwrites of one key leave exactly one complete winner, and a reader never sees a mix of versions.
 */
class ConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void overwritesAndReadsOfOneKey() throws Exception {
        long seed = Long.getLong("test.seed", 1208L);
        try (TestCluster c = new TestCluster(tmp, 1, 4, TestCluster.small())) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random rnd = new Random(seed + t);
                int id = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        String value = "w" + id + "-" + i;
                        byte[] body = SimulationTest.body(value, rnd.nextBoolean() ? 200_000 : 3000);
                        c.put("bucket", "hot", body);
                        acknowledged.add(value);
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        try {
                            String value = SimulationTest.decode(c.get("bucket", "hot"));
                            if (value == null) {
                                problems.add("a reader saw bytes of no single version");
                            }
                            reads.incrementAndGet();
                        } catch (ObjectStoreException e) {
                            if (e.kind() != ErrorKind.NO_SUCH_KEY) {
                                problems.add(e.toString());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(List.of(), problems, "seed " + seed);
            String winner = SimulationTest.decode(c.get("bucket", "hot"));
            assertNotNull(winner, "seed " + seed);
            assertTrue(acknowledged.contains(winner), "seed " + seed);
            assertEquals(48, acknowledged.size());
            assertTrue(reads.get() > 0);
            assertEquals(0, c.tempFiles());
            // Exactly one version's data directory remains on each drive.
            for (Path dir : c.dirs) {
                try (var s = java.nio.file.Files.list(dir.resolve("bucket").resolve("hot"))) {
                    assertTrue(s.filter(p -> p.getFileName().toString().startsWith("__cairn.d.")).count() <= 1);
                }
            }
        }
    }
}
