/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.Node;

/**
 * What a packaged node logs when one of its drive folders is replaced while it runs: one WARN naming the drive and
 * why it is refused, however many times the node tries it again, and one line when it is back.
 */
class DriveStateLogTest {

    private static final Map<String, String> CREDENTIALS =
            Map.of("CAIRN_ROOT_USER", "systest-admin", "CAIRN_ROOT_PASSWORD", "systest-password");
    /** Several reconnect attempts ({@code driveReconnectIntervalMs}, 10 s) fit in this. */
    private static final Duration LOG_LIMIT = Duration.ofSeconds(60);

    private static Distribution distribution;

    @BeforeAll
    static void locate() {
        distribution = Distribution.fromBuild();
    }

    @Test
    void aDriveFolderReplacedWhileTheNodeRunsIsLoggedOfflineOnceAndBackOnce() throws Exception {
        Path dir = distribution.scratch("drive-state-log");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            Path drive = dir.resolve("data2");
            Path aside = dir.resolve("data2.old");
            Files.move(drive, aside);
            Files.createDirectories(drive.resolve("leftover"));
            Files.writeString(drive.resolve("leftover").resolve("f"), "x");

            Predicate<String> refused = l -> l.contains(" WARN ") && l.contains("data2 is offline: ")
                    && l.contains("is not a Cairn drive");
            awaitLine(node, refused);
            Distribution.Result info = node.admin("cairn:info");
            assertTrue(info.out().contains("Status:     3 Online, 1 Offline"), info.out());
            assertTrue(info.out().contains("is not a Cairn drive"), info.out());

            deleteTree(drive);
            Files.move(aside, drive);
            awaitLine(node, l -> l.contains(" INFO ") && l.contains("data2 is back online"));
            List<String> offline = lines(node, l -> l.contains("data2 is offline: "));
            assertTrue(offline.size() <= 2, "once per reason (a move seen half done says missing first):\n"
                    + node.log());
            assertEquals(1, lines(node, refused).size(), node.log());
            assertEquals(1, lines(node, l -> l.contains("data2 is back online")).size(), node.log());
            String back = node.admin("cairn:info").out();
            assertTrue(back.contains("Status:     4 Online, 0 Offline"), back);
        }
    }

    private static void awaitLine(Node node, Predicate<String> line) throws Exception {
        long deadline = System.nanoTime() + LOG_LIMIT.toNanos();
        while (lines(node, line).isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertTrue(!lines(node, line).isEmpty(), "no such line in the node's log:\n" + node.log());
    }

    private static List<String> lines(Node node, Predicate<String> line) throws Exception {
        return node.log().lines().filter(line).toList();
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
