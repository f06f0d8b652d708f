/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edit of the node's settings file while the node runs is logged once, naming what it changes. */
class NodeSettingsWatchTest {

    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    void anEditIsWarnedOfOnceNamingEveryChangedSetting(@TempDir Path dir) throws Exception {
        Path file = write(dir, "lockTimeoutMs = 5000\nioThreads = 64\n", 1);
        NodeSettingsWatch watch = new NodeSettingsWatch(file, NodeSettingsFile.read(file), warnings::add,
                notes::add);
        watch.poll();
        assertEquals(List.of(), warnings, "nothing changed");

        write(dir, "lockTimeoutMs = 7000\nmaxThreads = 512\n", 2);
        watch.poll();
        watch.poll();
        assertEquals(List.of(NodeSettings.FILE + " changed while the node runs: ioThreads removed (was 64),"
                + " lockTimeoutMs = 7000 (was 5000), maxThreads = 512 (was unset); they apply at the next start"
                + " (the node keeps running with the settings it started with)"), warnings);

        write(dir, "ioThreads = 64\nlockTimeoutMs = 5000\n# a comment\n", 3);
        watch.poll();
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(List.of(NodeSettings.FILE + " holds the settings the node runs with again"), notes);
    }

    @Test
    void anEditTheNextStartWouldRefuseSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.cfg");
        NodeSettingsWatch watch = new NodeSettingsWatch(file, Map.of(), warnings::add, notes::add);
        watch.poll();
        write(dir, "lockTimeoutMs = 0\naddress = :9100\n", 1);
        watch.poll();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(NodeSettings.FILE + " changed while the node runs: address = :9100"
                + " (was unset) (not used: cairn server sets it from --address), lockTimeoutMs = 0 (was unset);"),
                warnings.get(0));
        assertTrue(warnings.get(0).endsWith("; as written, the next start refuses the file: " + NodeSettings.FILE
                + ": lockTimeoutMs = 0 is refused: must be at least 1; the node does not start until the file is"
                + " corrected"), warnings.get(0));
    }

    @Test
    void aRemovedFileIsAnEditToo(@TempDir Path dir) throws Exception {
        Path file = write(dir, "lockTimeoutMs = 5000\n", 1);
        NodeSettingsWatch watch = new NodeSettingsWatch(file, NodeSettingsFile.read(file), warnings::add,
                notes::add);
        Files.delete(file);
        watch.poll();
        assertEquals(List.of(NodeSettings.FILE + " changed while the node runs: lockTimeoutMs removed (was 5000);"
                + " they apply at the next start (the node keeps running with the settings it started with)"),
                warnings);
    }

    /** Writes the file with a distinct modification time, as edits seconds apart have. */
    private static Path write(Path dir, String text, int edit) throws Exception {
        Path file = dir.resolve("node.cfg");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(edit)));
        return file;
    }
}
