/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.storage.Drive;
import io.cairn.api.topology.Topology;
import io.cairn.storage.internal.LocalDriveFactory;

class BootstrapTest {

    @TempDir
    Path tmp;

    @Test
    void formatsFreshDrivesAndKeepsTheDeploymentIdAcrossRestarts() throws Exception {
        Topology t = Topology.parse(List.of(tmp.resolve("d{1...4}").toString()));
        Bootstrap.Result first = Bootstrap.open(t, new LocalDriveFactory());
        assertEquals(4, first.online());
        assertEquals(0, first.offline());
        for (Drive d : first.pools().get(0).get(0)) {
            assertFalse(hasFreshNote(d), "a new deployment's drives need no heal");
        }
        Bootstrap.Result second = Bootstrap.open(t, new LocalDriveFactory());
        assertEquals(first.deploymentId(), second.deploymentId());
        List<Drive> set = second.pools().get(0).get(0);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, set.get(i).format().position());
            assertEquals(first.deploymentId(), set.get(i).format().deploymentId());
        }
    }

    @Test
    void foreignAndReplacedDrivesAreOfflineAndAFreshOneIsFormatted() throws Exception {
        Topology t = Topology.parse(List.of(tmp.resolve("d{1...4}").toString()));
        Bootstrap.Result first = Bootstrap.open(t, new LocalDriveFactory());
        Path d2 = tmp.resolve("d2");
        try (var s = Files.walk(d2)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.createDirectories(tmp.resolve("d3").resolve("stranger"));
        Files.delete(tmp.resolve("d3").resolve(".cairn.format.json"));
        Bootstrap.Result second = Bootstrap.open(t, new LocalDriveFactory());
        assertEquals(first.deploymentId(), second.deploymentId());
        assertEquals(3, second.online(), "the emptied drive is formatted again");
        assertEquals(1, second.offline(), "the drive without format but with content is refused");
        List<Drive> set = second.pools().get(0).get(0);
        assertTrue(set.get(1).diskInfo().online());
        assertTrue(hasFreshNote(set.get(1)), "the re-formatted drive carries the note for healing");
        assertFalse(hasFreshNote(set.get(0)));
        assertFalse(set.get(2).diskInfo().online());
        assertTrue(set.get(2).diskInfo().error().contains("not a Cairn drive"), set.get(2).diskInfo().error());

        // Unreadable at run time (replaced by a file), then restored: the reconnect brings it back.
        Path d4 = tmp.resolve("d4");
        Path aside = tmp.resolve("d4-aside");
        Files.move(d4, aside);
        Files.writeString(d4, "not a directory");
        assertFalse(set.get(3).diskInfo().online());
        assertEquals(0, Bootstrap.reconnect(second.pools()));
        Files.delete(d4);
        Files.move(aside, d4);
        assertEquals(1, Bootstrap.reconnect(second.pools()));
        assertTrue(set.get(3).diskInfo().online());
        assertEquals(3, set.get(3).format().position());
        // The refused drive stays offline: it is not a Cairn drive and is never formatted at run time.
        assertFalse(set.get(2).diskInfo().online());
    }

    private static boolean hasFreshNote(Drive d) {
        try {
            d.readAll(Drive.SYSTEM_VOLUME, ClusterHealer.STATE_DIR + DriveInventory.FRESH_DRIVE_STATE);
            return true;
        } catch (io.cairn.api.storage.DriveException e) {
            return false;
        }
    }
}
