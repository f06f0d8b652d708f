/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkStorageTest {

    @TempDir
    Path tmp;

    @Test
    void theDirectoryOfAProcessThatIsGoneIsRemovedAndTheOthersStay() throws Exception {
        Path dead = owned("cairn-felix-1", deadPid());
        Files.createDirectories(dead.resolve("bundle3/version0.0"));
        Files.writeString(dead.resolve("bundle3/version0.0/bundle.jar"), "jar");
        Path alive = owned("cairn-felix-2", ProcessHandle.current().pid());
        Path unowned = Files.createDirectory(tmp.resolve("cairn-felix-3"));
        Path garbled = Files.createDirectory(tmp.resolve("cairn-felix-4"));
        Files.writeString(garbled.resolve(FrameworkStorage.OWNER_FILE), "not a pid");
        Path other = owned("other-1", deadPid());

        assertEquals(1, FrameworkStorage.removeStale(tmp));

        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(alive));
        assertTrue(Files.exists(unowned));
        assertTrue(Files.exists(garbled));
        assertTrue(Files.exists(other));
    }

    @Test
    void aNewDirectoryRecordsItsOwnerAndCleansUpFirst() throws Exception {
        Path dead = owned("cairn-felix-9", deadPid());

        Path storage = FrameworkStorage.create(tmp);

        assertFalse(Files.exists(dead));
        assertTrue(storage.getFileName().toString().startsWith(FrameworkStorage.PREFIX));
        assertEquals(Long.toString(ProcessHandle.current().pid()),
                Files.readString(storage.resolve(FrameworkStorage.OWNER_FILE)));
        assertTrue(Files.isDirectory(storage.resolve(FrameworkStorage.FRAMEWORK_DIR)));
        assertEquals(0, FrameworkStorage.removeStale(tmp));
    }

    @Test
    void nodesStartingTogetherRemoveTheSameDirectoryWithoutFailing() throws Exception {
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            long dead = deadPid();
            for (int round = 0; round < 20; round++) {
                Path stale = owned("cairn-felix-" + round, dead);
                for (int b = 0; b < 30; b++) {
                    Path bundle = Files.createDirectories(stale.resolve("framework/bundle" + b + "/version0.0"));
                    for (int f = 0; f < 10; f++) {
                        Files.writeString(bundle.resolve("f" + f), "x");
                    }
                }
                CyclicBarrier start = new CyclicBarrier(nodes);
                List<Future<Integer>> removals = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    removals.add(pool.submit(() -> {
                        start.await();
                        return FrameworkStorage.removeStale(tmp);
                    }));
                }
                for (Future<Integer> removal : removals) {
                    removal.get();
                }
                assertFalse(Files.exists(stale), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStoppingNodeRemovesItsWholeDirectoryOwnerFileIncluded() throws Exception {
        Path storage = FrameworkStorage.create(tmp);
        Files.createDirectories(storage.resolve("framework/bundle2/version0.0"));
        Files.writeString(storage.resolve("framework/bundle2/version0.0/bundle.jar"), "jar");
        Files.createDirectories(storage.resolve("framework/fileinstall"));

        assertTrue(FrameworkStorage.remove(storage));

        assertFalse(Files.exists(storage));
    }

    @Test
    void theLaunchersDirectoryForThisProcessIsAdoptedAfterTheDeadOnesBesideItAreRemoved() throws Exception {
        Path dead = owned("cairn-felix-5", deadPid());
        Path own = owned("cairn-felix-6", ProcessHandle.current().pid());

        assertEquals(Optional.of(own), FrameworkStorage.adopt(own.toString()));

        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(own));
    }

    @Test
    void aDirectoryOfAnotherProcessOrNoneIsNotAdopted() throws Exception {
        Path other = owned("cairn-felix-7", ProcessHandle.current().parent().orElseThrow().pid());
        Path unowned = Files.createDirectory(tmp.resolve("cairn-felix-8"));

        assertEquals(Optional.empty(), FrameworkStorage.adopt(other.toString()));
        assertEquals(Optional.empty(), FrameworkStorage.adopt(unowned.toString()));
        assertEquals(Optional.empty(), FrameworkStorage.adopt(null));

        assertTrue(Files.exists(other));
        assertTrue(Files.exists(unowned));
    }

    private Path owned(String name, long pid) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve(FrameworkStorage.OWNER_FILE), Long.toString(pid));
        return dir;
    }

    /** The id of a process that has exited (ids are not reused this soon). */
    private static long deadPid() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }
}
