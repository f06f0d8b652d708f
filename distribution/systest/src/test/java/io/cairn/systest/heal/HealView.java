/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.Node;

/**
 * What {@code cairn:heal status --json} reports, read with a few patterns (the output is one flat JSON object
 * whose strings hold no braces in these tests).
 *
 * @param tasks every task's fields, as text
 * @param queued objects in the missed-write queue
 * @param scannerCycles scanner cycles completed
 * @param scannerCommitsFinished drive copies on which the scanner finished a commit whose finish was lost
 * @param totals the node's heal counters
 */
record HealView(List<Map<String, String>> tasks, long queued, long scannerCycles, long scannerCommitsFinished,
        Map<String, Long> totals) {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|-?\\d+|null|true|false)");

    /**
     * Asks a node.
     *
     * @param node the node
     * @return its heal status
     * @throws Exception when the command fails
     */
    static HealView of(Node node) throws Exception {
        Distribution.Result r = node.admin("heal", "status", "--json");
        if (r.status() != 0) {
            throw new AssertionError("cairn:heal status failed: " + r.out() + r.err());
        }
        return parse(r.out().substring(r.out().indexOf('{')).trim());
    }

    static HealView parse(String json) {
        int tasksStart = json.indexOf("\"tasks\":[") + 9;
        int tasksEnd = json.indexOf("],\"queued\"");
        List<Map<String, String>> tasks = new ArrayList<>();
        String tasksText = json.substring(tasksStart, tasksEnd);
        if (!tasksText.isBlank()) {
            for (String one : tasksText.substring(1, tasksText.length() - 1).split("\\},\\{")) {
                tasks.add(fields(one));
            }
        }
        Map<String, String> rest = fields(json.substring(tasksEnd));
        Map<String, Long> totals = new LinkedHashMap<>();
        fields(json.substring(json.indexOf("\"totals\":{"))).forEach((k, v) -> totals.put(k, Long.parseLong(v)));
        String scanner = json.substring(json.indexOf("\"scanner\":{"), json.indexOf("\"totals\":{"));
        Map<String, String> scannerFields = fields(scanner);
        return new HealView(tasks, Long.parseLong(rest.get("queued")), Long.parseLong(scannerFields.get("cycles")),
                Long.parseLong(scannerFields.getOrDefault("commitsFinished", "0")), totals);
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            String v = m.group(2);
            out.putIfAbsent(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    /** @return the drive heal tasks */
    List<Map<String, String>> driveTasks() {
        return tasks.stream().filter(t -> "drive".equals(t.get("kind"))).toList();
    }

    /** @return the drive heal that finished with objects to heal, or {@code null} */
    Map<String, String> finishedDriveHeal() {
        return driveTasks().stream().filter(t -> "done".equals(t.get("state"))
                && Long.parseLong(t.get("objectsTotal")) > 0).reduce((a, b) -> b).orElse(null);
    }

    /** @return a drive heal still running, or {@code null} */
    Map<String, String> runningDriveHeal() {
        return driveTasks().stream().filter(t -> "null".equals(t.get("finished"))).findFirst().orElse(null);
    }

    long total(String name) {
        return totals.getOrDefault(name, 0L);
    }
}
