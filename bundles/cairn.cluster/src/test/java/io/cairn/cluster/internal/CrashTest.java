/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

/**
 * Kills a writing process with SIGKILL in the middle of puts and multipart completes, reopens its drives and checks
 * that every acknowledged object reads back byte for byte, that an unacknowledged write left either the previous
 * version or the new one, and that no temporary file survives the restart.
 */
class CrashTest {

    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void killDuringWritesThenRestart() throws Exception {
        long seed = Long.getLong("test.seed", 1209L);
        String deployment = UUID.randomUUID().toString();
        Map<String, Set<String>> allowed = new HashMap<>();
        Random rnd = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(deployment, rnd.nextLong(), 3 + rnd.nextInt(10), allowed, seed);
            try (TestCluster c = new TestCluster(tmp, 1, 4, TestCluster.small(), UnaryOperator.identity(),
                    deployment)) {
                assertEquals(0, c.tempFiles(), "seed " + seed + ": temporary files survived the restart");
                for (Map.Entry<String, Set<String>> e : allowed.entrySet()) {
                    String value;
                    try {
                        value = SimulationTest.decode(c.get("crash", e.getKey()));
                        assertNotNull(value, "seed " + seed + ": torn object " + e.getKey());
                    } catch (ObjectStoreException ex) {
                        assertEquals(ErrorKind.NO_SUCH_KEY, ex.kind(), "seed " + seed);
                        value = null;
                    }
                    assertTrue(e.getValue().contains(value), "seed " + seed + ": " + e.getKey() + " = " + value
                            + ", allowed " + e.getValue());
                    e.getValue().clear();
                    e.getValue().add(value);
                }
            }
        }
    }

    private void runAndKill(String deployment, long childSeed, int acksBeforeKill, Map<String, Set<String>> allowed,
            long seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), tmp.toString(), deployment, Long.toString(childSeed));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try (ChildProcess child = ChildProcess.start(pb, Duration.ofSeconds(120))) {
            int acks = 0;
            while (acks < acksBeforeKill) {
                String line = child.nextLine();
                assertNotNull(line, "seed " + seed + ": the writer died or stopped answering");
                acks += apply(line, allowed) ? 1 : 0;
            }
            // The writer goes on until it is killed: the lines it printed meanwhile (a write it started, perhaps
            // finished) must reach the allowed values too, or the check would take that write for a bug.
            for (String line : child.kill()) {
                apply(line, allowed);
            }
        }
        assertTrue(Files.isDirectory(tmp));
    }

    /** Records a START (the value becomes possible) or an ACK (the value becomes the only one). */
    private static boolean apply(String line, Map<String, Set<String>> allowed) {
        String[] f = line.split(" ");
        if (f.length != 3) {
            return false;
        }
        Set<String> states = allowed.computeIfAbsent(f[1], k -> {
            Set<String> s = new HashSet<>();
            s.add(null);
            return s;
        });
        if ("START".equals(f[0])) {
            states.add(f[2]);
            return false;
        }
        if ("ACK".equals(f[0])) {
            states.clear();
            states.add(f[2]);
            return true;
        }
        return false;
    }
}
