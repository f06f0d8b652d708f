/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static io.cairn.systest.heal.HealTestSupport.assertReadsBack;
import static io.cairn.systest.heal.HealTestSupport.assertSameTree;
import static io.cairn.systest.heal.HealTestSupport.await;
import static io.cairn.systest.heal.HealTestSupport.healConf;
import static io.cairn.systest.heal.HealTestSupport.put;
import static io.cairn.systest.heal.HealTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Healing on one node with four drive folders, from the packaged distribution: a wiped drive is refilled while
 * clients read and write, injected bitrot is found and repaired by the scanner with matching counters, and a drive
 * heal killed half-way resumes where it stopped.
 */
class HealSingleNodeTest {

    private static final long SEED = Long.getLong("systest.seed", 7_331L);
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final Duration HEAL_LIMIT = Duration.ofMinutes(3);

    private static SeededContent content(long salt, long size) {
        return new SeededContent(SEED * 1_000_003L + salt, size);
    }

    @Test
    void aWipedDriveIsRefilledUnderLoadAndServesReadsWithAnotherDriveGone() throws Exception {
        // EC:1 on four drives: a read needs three of them, so reading with d1 gone proves d2 holds its shards.
        Map<String, String> env = Map.of("CAIRN_STORAGE_CLASS_STANDARD", "EC:1");
        try (S3Server server = S3Server.start("heal-wipe", env, healConf("scannerEnabled", "false",
                "freshDriveCheckMs", "500", "maxBytesPerSecond", "0", "mrfRetryMs", "500"))) {
            String bucket = S3Server.bucketName("wipe");
            long[] sizes = {4 * KIB, 200 * KIB, MIB + 123, 3 * MIB};
            Map<String, SeededContent> objects = new ConcurrentHashMap<>();
            try (S3Client s3 = server.aws()) {
                s3.createBucket(b -> b.bucket(bucket));
                for (int i = 0; i < 32; i++) {
                    SeededContent c = content(i, sizes[i % sizes.length]);
                    put(s3, bucket, "base/" + i, c);
                    objects.put("base/" + i, c);
                }
                List<String> baseKeys = List.copyOf(objects.keySet());
                AtomicBoolean stop = new AtomicBoolean();
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                AtomicInteger requests = new AtomicInteger();
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int client = t;
                    clients.add(new Thread(() -> load(s3, bucket, client, baseKeys, objects, stop, failures,
                            requests), "load-" + t));
                }
                clients.forEach(Thread::start);
                await("load running", Duration.ofMinutes(1), () -> requests.get() >= 10);
                HealTestSupport.wipe(server.drives().get(1));
                await("a drive heal of d2 finished", HEAL_LIMIT,
                        () -> HealView.of(server.node()).finishedDriveHeal() != null);
                int before = requests.get();
                await("more load after the heal", Duration.ofMinutes(1), () -> requests.get() >= before + 10);
                stop.set(true);
                for (Thread c : clients) {
                    c.join();
                }
                assertTrue(failures.isEmpty(), "seed " + SEED + ": client requests failed: " + failures);
                await("the missed-write queue drained", HEAL_LIMIT, () -> HealView.of(server.node()).queued() == 0);
                // The queue no longer counts the object its worker is healing: wait until d2 holds it too.
                await("d2 holds what d1 holds", HEAL_LIMIT, () -> tree(server.drives().get(0), bucket)
                        .equals(tree(server.drives().get(1), bucket)));
                assertSameTree(server.drives().get(0), server.drives().get(1), bucket);
                // Take d1 away for good (a file where its folder was: it cannot come back as a fresh drive).
                Path d1 = server.drives().get(0);
                Files.move(d1, d1.resolveSibling("d1.gone"));
                Files.writeString(d1, "not a drive");
                for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                    assertReadsBack(s3, bucket, e.getKey(), e.getValue());
                }
            }
        }
    }

    private static void load(S3Client s3, String bucket, int client, List<String> baseKeys,
            Map<String, SeededContent> objects, AtomicBoolean stop, ConcurrentLinkedQueue<Throwable> failures,
            AtomicInteger requests) {
        Random random = new Random(SEED + client);
        for (int n = 0; !stop.get(); n++) {
            try {
                if (n % 2 == 0) {
                    String key = "load/" + client + "/" + n;
                    SeededContent c = content(10_000 + client * 100_000L + n, 64 * KIB + random.nextInt(512 * KIB));
                    put(s3, bucket, key, c);
                    objects.put(key, c);
                } else {
                    String key = baseKeys.get(random.nextInt(baseKeys.size()));
                    assertReadsBack(s3, bucket, key, objects.get(key));
                }
                requests.incrementAndGet();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
    }

    @Test
    void theScannerFindsAndHealsEveryInjectedCorruption() throws Exception {
        try (S3Server server = S3Server.start("heal-rot", Map.of(), healConf("scannerIntervalMs", "1000",
                "scannerDeepFraction", "1", "scannerObjectsPerSecond", "0", "mrfRetryMs", "500"))) {
            String bucket = S3Server.bucketName("rot");
            Map<String, SeededContent> objects = new java.util.TreeMap<>();
            try (S3Client s3 = server.aws()) {
                s3.createBucket(b -> b.bucket(bucket));
                for (int i = 0; i < 24; i++) {
                    SeededContent c = content(500 + i, i % 2 == 0 ? 20 * KIB : 3 * MIB / 2);
                    put(s3, bucket, "obj/" + i, c);
                    objects.put("obj/" + i, c);
                }
                Random random = new Random(SEED);
                int injected = 0;
                for (int n = 0; n < 12; n++) {
                    boolean inline = n % 2 == 0;
                    int i = inline ? 2 * n : 2 * n + 1;
                    Path drive = server.drives().get(random.nextInt(4));
                    Path target = corruptible(drive.resolve(bucket).resolve("obj").resolve(Integer.toString(i)),
                            inline);
                    long size = Files.size(target);
                    // Inline data sits at the end of the metadata; a shard file is checksummed block by block.
                    long offset = inline ? size - 1 - random.nextInt(4 * KIB) : random.nextInt((int) size);
                    HealTestSupport.flip(target, offset, 1 + random.nextInt(255));
                    injected++;
                }
                for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                    assertReadsBack(s3, bucket, e.getKey(), e.getValue());
                }
                int expected = injected;
                await("corruptFound reaches " + expected, HEAL_LIMIT,
                        () -> HealView.of(server.node()).total("corruptFound") >= expected);
                long cycles = HealView.of(server.node()).scannerCycles();
                await("two more scanner cycles", HEAL_LIMIT,
                        () -> HealView.of(server.node()).scannerCycles() >= cycles + 2);
                HealView view = HealView.of(server.node());
                assertEquals(expected, view.total("corruptFound"), "seed " + SEED + ": corruptions found");
                assertEquals(0, view.total("failures"), "seed " + SEED);
                for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                    assertReadsBack(s3, bucket, e.getKey(), e.getValue());
                }
            }
        }
    }

    private static Path corruptible(Path objectDir, boolean metadata) throws Exception {
        try (Stream<Path> files = Files.walk(objectDir)) {
            String wanted = metadata ? HealTestSupport.META : HealTestSupport.PART_PREFIX + "1";
            return files.filter(f -> f.getFileName().toString().equals(wanted)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + wanted + " under " + objectDir));
        }
    }

    @Test
    void aDriveHealKilledHalfWayResumesWhereItStopped() throws Exception {
        // 1 MiB/s of heal writes: 48 objects of 512 KiB put 12 MiB of shards on the wiped drive (EC:2).
        Map<String, String> conf = healConf("scannerEnabled", "false", "freshDriveCheckMs", "500",
                "maxBytesPerSecond", Integer.toString(MIB), "healWorkers", "1");
        try (S3Server server = S3Server.start("heal-resume", Map.of(), conf)) {
            String bucket = S3Server.bucketName("resume");
            Map<String, SeededContent> objects = new java.util.TreeMap<>();
            try (S3Client s3 = server.aws()) {
                s3.createBucket(b -> b.bucket(bucket));
                for (int i = 0; i < 48; i++) {
                    SeededContent c = content(900 + i, 512 * KIB);
                    put(s3, bucket, String.format("k%03d", i), c);
                    objects.put(String.format("k%03d", i), c);
                }
            }
            HealTestSupport.wipe(server.drives().get(2));
            await("the drive heal is a third done", HEAL_LIMIT, () -> {
                Map<String, String> t = HealView.of(server.node()).runningDriveHeal();
                return t != null && Long.parseLong(t.get("objectsDone")) >= 16;
            });
            server.node().kill();
            server.node().restart().awaitReady().awaitS3();
            await("the heal resumed", Duration.ofMinutes(1), () -> server.node().log().contains("Resuming heal"));
            Matcher m = Pattern.compile("Resuming heal of drive \\S+ \\((\\d+) of (\\d+) objects done\\)")
                    .matcher(server.node().log());
            assertTrue(m.find(), server.node().log());
            assertTrue(Integer.parseInt(m.group(1)) >= 8, "resumed from " + m.group(1));
            assertEquals(objects.size(), Integer.parseInt(m.group(2)), "objects counted");
            await("the resumed heal finished", HEAL_LIMIT,
                    () -> HealView.of(server.node()).finishedDriveHeal() != null);
            Map<String, String> done = HealView.of(server.node()).finishedDriveHeal();
            assertNotNull(done);
            assertEquals(done.get("objectsTotal"), done.get("objectsDone"), "no object walked twice: " + done);
            assertSameTree(server.drives().get(0), server.drives().get(2), bucket);
            try (S3Client s3 = server.aws()) {
                for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                    assertReadsBack(s3, bucket, e.getKey(), e.getValue());
                }
            }
        }
    }
}
