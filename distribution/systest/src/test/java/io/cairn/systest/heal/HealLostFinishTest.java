/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static io.cairn.systest.heal.HealTestSupport.assertReadsBack;
import static io.cairn.systest.heal.HealTestSupport.await;
import static io.cairn.systest.heal.HealTestSupport.healConf;
import static io.cairn.systest.heal.HealTestSupport.put;
import static io.cairn.systest.heal.HealTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scanner of a packaged node finishes a commit whose finish was lost: a drive left holding the previous
 * version beside the new one, as a node killed between the commit and its finish leaves it, gets it dropped, while
 * a data directory just moved into place (a commit in flight could own it) stays; on a drive of another node too.
 */
class HealLostFinishTest {

    private static final long SEED = Long.getLong("systest.seed", 9_173L);
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final Duration HEAL_LIMIT = Duration.ofMinutes(2);
    private static final String DATA_PREFIX = "__cairn.d.";

    @TempDir
    Path saved;

    private static SeededContent content(long salt, long size) {
        return new SeededContent(SEED * 1_000_003L + salt, size);
    }

    @Test
    void theScannerDropsAKeptVersionAndLeavesYoungDataAlone() throws Exception {
        try (S3Server server = S3Server.start("heal-finish", Map.of(), healConf("scannerIntervalMs", "500",
                "scannerObjectsPerSecond", "0"))) {
            String bucket = S3Server.bucketName("finish");
            List<Path> drives = server.drives();
            try (S3Client s3 = server.aws()) {
                s3.createBucket(b -> b.bucket(bucket));
                SeededContent v2 = content(2, 3 * MIB / 2);
                SeededContent other = content(3, 20 * KIB);
                put(s3, bucket, "obj", content(1, 3 * MIB / 2));
                put(s3, bucket, "other", other);
                Path objDir = drives.get(1).resolve(bucket).resolve("obj");
                copyTree(objDir, saved);
                put(s3, bucket, "obj", v2);
                keepPrevious(drives.get(1), objDir);
                // A data directory moved in just now on d3: the first commit of a folder marker "obj/" between its
                // two renames could own it.
                Path young = drives.get(2).resolve(bucket).resolve("obj").resolve(DATA_PREFIX + UUID.randomUUID());
                Files.createDirectories(young);
                byte[] youngBytes = new byte[4 * KIB];
                new Random(SEED).nextBytes(youngBytes);
                Files.write(young.resolve("part.1"), youngBytes);

                await("the scanner finishes the commit on d2", HEAL_LIMIT,
                        () -> HealView.of(server.node()).scannerCommitsFinished() >= 1);
                long cycles = HealView.of(server.node()).scannerCycles();
                await("two more scanner cycles", HEAL_LIMIT,
                        () -> HealView.of(server.node()).scannerCycles() >= cycles + 2);

                HealView view = HealView.of(server.node());
                assertEquals(1, view.scannerCommitsFinished(), "one drive had something to finish");
                assertEquals(0, view.total("failures"));
                assertEquals(List.of(DATA_PREFIX.length() + 36), dataDirs(objDir).stream().map(String::length)
                        .toList(), "one data directory left on d2");
                assertEquals(names(drives.get(0).resolve(bucket).resolve("obj")), names(objDir),
                        "d2 holds what d1 holds");
                assertEquals(tree(drives.get(0), bucket), tree(drives.get(1), bucket));
                assertTrue(Files.exists(young.resolve("part.1")), "young data stays");
                Map<String, Long> d3 = new TreeMap<>(tree(drives.get(2), bucket));
                d3.remove(drives.get(2).resolve(bucket).relativize(young.resolve("part.1")).toString());
                assertEquals(tree(drives.get(0), bucket), d3, "d3 lost nothing else");
                assertReadsBack(s3, bucket, "obj", v2);
                assertReadsBack(s3, bucket, "other", other);
            }
        }
    }

    /**
     * A kept version on a drive of another node is found by the walk the scanning node makes over the peer
     * transport and dropped there: four nodes with one drive each, the kept version on the third.
     */
    @Test
    void theScanningNodeDropsAKeptVersionOnAPeersDrive() throws Exception {
        try (Cluster cluster = Cluster.builder("heal-finish-peers").conf("io.cairn.heal.cfg",
                "scannerIntervalMs = 500\nscannerObjectsPerSecond = 0\n").start().awaitReady()) {
            for (int i = 0; i < cluster.size(); i++) {
                cluster.awaitAllOnline(i);
            }
            String bucket = S3Server.bucketName("peers");
            S3Client s3 = cluster.client(0);
            s3.createBucket(b -> b.bucket(bucket));
            SeededContent v2 = content(12, 3 * MIB / 2);
            put(s3, bucket, "obj", content(11, 3 * MIB / 2));
            Path drive = cluster.dir().resolve("node3").resolve("drive1");
            Path objDir = drive.resolve(bucket).resolve("obj");
            copyTree(objDir, saved);
            put(s3, bucket, "obj", v2);
            keepPrevious(drive, objDir);

            Cluster.await("a scanner finishes the commit on node 3's drive",
                    () -> commitsFinished(cluster) >= 1);
            assertEquals(0, HealView.of(cluster.node(2)).scannerCommitsFinished(), "node 1 scans the set, remotely");
            assertEquals(List.of("__cairn.meta"), names(objDir).stream().filter(n -> !n.startsWith(DATA_PREFIX))
                    .toList());
            assertEquals(1, dataDirs(objDir).size());
            Path first = cluster.dir().resolve("node1").resolve("drive1");
            assertEquals(tree(first, bucket), tree(drive, bucket));
            for (int i = 0; i < cluster.size(); i++) {
                assertReadsBack(cluster.client(i), bucket, "obj", v2);
            }
        }
    }

    private static long commitsFinished(Cluster cluster) throws Exception {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            sum += HealView.of(cluster.node(i)).scannerCommitsFinished();
        }
        return sum;
    }

    /**
     * Leaves on a drive what a crash between the commit of an overwrite and its finish leaves: the replaced
     * version's data directory (saved before the overwrite) back in place first, then its metadata kept beside the
     * new one, moved in at once so that no scan sees half of it.
     */
    private void keepPrevious(Path drive, Path objDir) throws IOException {
        String previousDir = dataDirs(saved).get(0);
        copyTree(saved.resolve(previousDir), objDir.resolve(previousDir));
        Path staging = drive.resolve("kept-" + UUID.randomUUID());
        Files.copy(saved.resolve("__cairn.meta"), staging);
        Files.move(staging, objDir.resolve("__cairn.meta.prev"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> dataDirs(Path dir) throws IOException {
        return names(dir).stream().filter(n -> n.startsWith(DATA_PREFIX)).toList();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
