/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static io.cairn.systest.heal.HealTestSupport.assertReadsBack;
import static io.cairn.systest.heal.HealTestSupport.await;
import static io.cairn.systest.heal.HealTestSupport.healConf;
import static io.cairn.systest.heal.HealTestSupport.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A packaged node with two server pools of four drives each (EC 2+2), restarted with three of pool 2's drives
 * unmounted: their mount points are empty directories. The set lacks a read quorum of formatted drives, so the node
 * formats none of them, writes nothing to them and counts them offline, and no heal takes an object for deleted;
 * once the disks are mounted again (while the node runs) every object reads back. Formatting the mount points used
 * to start drive heals that could rebuild nothing, after which the scanner counted the three empty drives as a
 * write quorum's evidence of a delete and removed the objects' copies from the one drive still mounted.
 */
class HealUnmountedDrivesTest {

    private static final long SEED = Long.getLong("systest.seed", 4_211L);
    private static final int OBJECTS = 24;
    private static final Duration HEAL_LIMIT = Duration.ofMinutes(2);

    @Test
    void emptyMountPointsOfMostOfASetAreNotFormattedAndNoObjectIsLost() throws Exception {
        Map<String, String> conf = healConf("freshDriveCheckMs", "500", "scannerIntervalMs", "500",
                "scannerObjectsPerSecond", "0", "mrfRetryMs", "500");
        try (S3Server server = S3Server.start("heal-unmounted", conf, List.of("./p1/d{1...4}", "./p2/d{1...4}"))) {
            String bucket = S3Server.bucketName("unmounted");
            Map<String, SeededContent> objects = new TreeMap<>();
            try (S3Client s3 = server.aws()) {
                s3.createBucket(b -> b.bucket(bucket));
                for (int i = 0; i < OBJECTS; i++) {
                    SeededContent c = new SeededContent(SEED + i, 1000 + 7000L * i);
                    put(s3, bucket, "k" + i, c);
                    objects.put("k" + i, c);
                }
            }
            Path pool2 = server.dir().resolve("p2");
            Path real = pool2.resolve("d1").resolve(bucket);
            List<Path> inPool2 = list(real);
            assertTrue(inPool2.size() > 1, "seed " + SEED + ": no object was placed in pool 2");

            server.node().stop();
            for (int i = 2; i <= 4; i++) {
                unmount(pool2.resolve("d" + i));
            }
            server.node().restart().awaitS3();
            // Drive heals of formatted mount points would end at once: nothing can be rebuilt from one copy. Then two
            // scanner cycles, each of which judges every object of pool 2.
            await("no drive of pool 2 under a drive heal", HEAL_LIMIT, () -> !underDriveHeal(pool2));
            long cycles = HealView.of(server.node()).scannerCycles();
            await("two scanner cycles", HEAL_LIMIT, () -> HealView.of(server.node()).scannerCycles() >= cycles + 2);
            assertEquals(inPool2, list(real), "the one mounted drive of the set keeps every object");
            assertEquals(0, HealView.of(server.node()).total("deletesApplied"), "no delete is applied");
            for (int i = 2; i <= 4; i++) {
                assertEquals(List.of(), list(pool2.resolve("d" + i)), "nothing is written to a mount point");
            }
            Distribution.Result info = server.node().admin("cairn:info");
            assertEquals(0, info.status(), info.err());
            assertTrue(info.out().contains("Status:     5 Online, 3 Offline"), info.out());
            assertTrue(server.node().log().contains("is empty but is not formatted: only 1 of the 4 drives of its"
                    + " erasure set"), server.node().log());

            // Mounted again while the node runs: the reconnect loop reopens them.
            for (int i = 2; i <= 4; i++) {
                remount(pool2.resolve("d" + i));
            }
            await("the remounted drives are back", Duration.ofMinutes(1), () -> {
                Distribution.Result r = server.node().admin("cairn:info");
                return r.status() == 0 && r.out().contains("Status:     8 Online, 0 Offline");
            });
            try (S3Client s3 = server.aws()) {
                for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                    assertReadsBack(s3, bucket, e.getKey(), e.getValue());
                }
            }
        }
    }

    /** Tells whether a drive of the pool carries a drive heal's mark or tracker. */
    private static boolean underDriveHeal(Path pool) throws Exception {
        try (Stream<Path> files = Files.walk(pool)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(n -> n.equals("drive-fresh") || n.equals("drive-heal.bin"));
        }
    }

    /** Puts a drive's folder aside and leaves an empty directory in its place, as an unmounted disk does. */
    private static void unmount(Path drive) throws Exception {
        Files.move(drive, drive.resolveSibling(drive.getFileName() + ".disk"));
        Files.createDirectory(drive);
    }

    private static void remount(Path drive) throws Exception {
        try (Stream<Path> files = Files.walk(drive)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.move(drive.resolveSibling(drive.getFileName() + ".disk"), drive);
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
