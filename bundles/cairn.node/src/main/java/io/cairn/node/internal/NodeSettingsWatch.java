/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Notices edits of {@value NodeSettings#FILE} while the node runs. The file is read only when the node starts
 * (see {@link NodeConfigurator}), so an edit changes nothing until the next start; without a word, an operator
 * would take the edit for applied. Each poll compares the file's size and modification time with the last poll's
 * and, when they differ, reads it: when its settings differ from the last ones seen, one {@code WARN} names every
 * setting that now differs from what the node runs with, and says that they apply at the next start (and what the
 * next start would refuse); when they are back to what the node runs with, one {@code INFO} says so.
 */
final class NodeSettingsWatch {

    /** Milliseconds between two polls of the file, as File Install polls {@code conf/}. */
    static final long POLL_MS = 1_000L;

    private final Path file;
    private final Map<String, String> running;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private Map<String, String> seen;
    private Stamp stamp;

    /** The size and modification time of the file, {@code null} fields when there is none. */
    private record Stamp(Long size, Long modifiedNanos) {
    }

    /**
     * Creates the watch.
     *
     * @param file the settings file
     * @param running the settings as the node read them at start (empty when there was no file)
     * @param warn where the warning about an edit goes
     * @param info where the note about an edit undone goes
     */
    NodeSettingsWatch(Path file, Map<String, String> running, Consumer<String> warn, Consumer<String> info) {
        this.file = file;
        this.running = Map.copyOf(running);
        this.warn = warn;
        this.info = info;
        this.seen = this.running;
        this.stamp = stamp(file);
    }

    /** Looks at the file once; called every {@value #POLL_MS} ms. */
    synchronized void poll() {
        Stamp now = stamp(file);
        if (now.equals(stamp)) {
            return;
        }
        stamp = now;
        Map<String, String> edited;
        try {
            edited = NodeSettingsFile.read(file);
        } catch (IOException e) {
            warn.accept(NodeSettings.FILE + " changed while the node runs and cannot be read (" + e
                    + "); the node keeps the settings it started with");
            return;
        }
        if (edited.equals(seen)) {
            return;
        }
        seen = Map.copyOf(edited);
        List<String> changes = changes(running, edited);
        if (changes.isEmpty()) {
            info.accept(NodeSettings.FILE + " holds the settings the node runs with again");
        } else {
            warn.accept(warning(changes, edited));
        }
    }

    private static String warning(List<String> changes, Map<String, String> edited) {
        StringBuilder text = new StringBuilder(NodeSettings.FILE).append(" changed while the node runs: ")
                .append(String.join(", ", changes))
                .append("; they apply at the next start (the node keeps running with the settings it started with)");
        try {
            NodeSettings.check(edited);
        } catch (IllegalArgumentException e) {
            text.append("; as written, the next start refuses the file: ").append(e.getMessage());
        }
        return text.toString();
    }

    /**
     * Describes how edited settings differ from the running ones, one entry per setting in name order.
     *
     * @param running the settings the node runs with
     * @param edited the settings now in the file
     * @return entries such as {@code lockTimeoutMs = 7000 (was 5000)}, {@code ioThreads removed (was 64)}; a
     *     setting of {@code cairn server} is marked as not used
     */
    static List<String> changes(Map<String, String> running, Map<String, String> edited) {
        TreeSet<String> keys = new TreeSet<>(running.keySet());
        keys.addAll(edited.keySet());
        List<String> changes = new ArrayList<>();
        for (String key : keys) {
            String before = running.get(key);
            String after = edited.get(key);
            if (Objects.equals(before, after)) {
                continue;
            }
            String change = after == null ? key + " removed" : key + " = " + after;
            change += before == null ? " (was unset)" : " (was " + before + ")";
            String owned = NodeProperties.ownedSetting(key);
            if (owned != null) {
                change += " (not used: cairn server sets it from " + NodeProperties.SOURCES.get(owned) + ")";
            }
            changes.add(change);
        }
        return changes;
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (NoSuchFileException e) {
            return new Stamp(null, null);
        } catch (IOException e) {
            // Unreadable attributes count as a change, so that the read reports the problem once.
            return new Stamp(-1L, null);
        }
    }
}
