/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.time.Instant;
import java.util.Locale;

import io.cairn.api.heal.HealStatus;

/**
 * Renders the state of healing for {@code cairn:heal status}: a table for people, one JSON object for scripts.
 */
final class HealText {

    private static final double MIB = 1024.0 * 1024.0;

    private HealText() {
    }

    /**
     * Renders the status as text.
     *
     * @param s the status
     * @return the text
     */
    static String text(HealStatus s) {
        StringBuilder out = new StringBuilder();
        if (s.tasks().isEmpty()) {
            out.append("Heals:     none since the node started\n");
        }
        for (HealStatus.Task t : s.tasks()) {
            out.append(String.format(Locale.ROOT, "Heal %s (%s) of %s: %s%n", t.id(), t.kind(), t.scope(),
                    t.state()));
            out.append(String.format(Locale.ROOT, "  objects %d of %d, %.1f of %.1f MiB, %d healed, %d failed%n",
                    t.objectsDone(), t.objectsTotal(), t.bytesDone() / MIB, t.bytesTotal() / MIB, t.healed(),
                    t.failed()));
            if (t.finished() == null) {
                out.append(String.format(Locale.ROOT, "  rate %.1f MiB/s, %s remaining%n", t.bytesPerSecond() / MIB,
                        t.secondsRemaining() < 0 ? "unknown time" : t.secondsRemaining() + " s"));
            }
        }
        out.append("Queued:    ").append(s.queued()).append(" objects in the missed-write queue\n");
        HealStatus.Scanner sc = s.scanner();
        out.append("Scanner:   ").append(sc.enabled() ? "on" : "off").append(", ").append(sc.cycles())
                .append(" cycles, ").append(sc.objectsScanned()).append(" objects examined, ")
                .append(sc.commitsFinished()).append(" lost commit finishes done");
        if (sc.lastCycleEnd() != null) {
            out.append(", last cycle ended ").append(sc.lastCycleEnd());
        }
        out.append('\n');
        HealStatus.Totals t = s.totals();
        out.append(String.format(Locale.ROOT, "Totals:    %d objects healed on %d drives, %.1f MiB written%n",
                t.objectsHealed(), t.drivesWritten(), t.bytesWritten() / MIB));
        out.append(String.format(Locale.ROOT,
                "Found:     %d corrupt, %d missing, %d stale copies; %d missed deletes applied%n",
                t.corruptFound(), t.missingFound(), t.staleFound(), t.deletesApplied()));
        out.append(String.format(Locale.ROOT, "Dangling:  %d found, %d removed; %d failures%n", t.danglingFound(),
                t.danglingRemoved(), t.failures()));
        return out.toString();
    }

    /**
     * Renders the status as one JSON object.
     *
     * @param s the status
     * @return the JSON text
     */
    static String json(HealStatus s) {
        StringBuilder out = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < s.tasks().size(); i++) {
            HealStatus.Task t = s.tasks().get(i);
            out.append(i == 0 ? "" : ",").append('{');
            field(out, "id", t.id()).append(',');
            field(out, "kind", t.kind()).append(',');
            field(out, "scope", t.scope()).append(',');
            field(out, "state", t.state()).append(',');
            field(out, "started", t.started()).append(',');
            field(out, "finished", t.finished()).append(',');
            number(out, "objectsTotal", t.objectsTotal()).append(',');
            number(out, "objectsDone", t.objectsDone()).append(',');
            number(out, "bytesTotal", t.bytesTotal()).append(',');
            number(out, "bytesDone", t.bytesDone()).append(',');
            number(out, "healed", t.healed()).append(',');
            number(out, "failed", t.failed()).append(',');
            number(out, "bytesPerSecond", Math.round(t.bytesPerSecond())).append(',');
            number(out, "secondsRemaining", t.secondsRemaining());
            out.append('}');
        }
        out.append("],");
        number(out, "queued", s.queued()).append(",\"scanner\":{");
        HealStatus.Scanner sc = s.scanner();
        out.append("\"enabled\":").append(sc.enabled()).append(',');
        number(out, "cycles", sc.cycles()).append(',');
        number(out, "objectsScanned", sc.objectsScanned()).append(',');
        number(out, "commitsFinished", sc.commitsFinished()).append(',');
        field(out, "lastCycleEnd", sc.lastCycleEnd()).append("},\"totals\":{");
        HealStatus.Totals t = s.totals();
        number(out, "objectsHealed", t.objectsHealed()).append(',');
        number(out, "drivesWritten", t.drivesWritten()).append(',');
        number(out, "corruptFound", t.corruptFound()).append(',');
        number(out, "missingFound", t.missingFound()).append(',');
        number(out, "staleFound", t.staleFound()).append(',');
        number(out, "deletesApplied", t.deletesApplied()).append(',');
        number(out, "danglingFound", t.danglingFound()).append(',');
        number(out, "danglingRemoved", t.danglingRemoved()).append(',');
        number(out, "failures", t.failures()).append(',');
        number(out, "bytesWritten", t.bytesWritten());
        return out.append("}}").toString();
    }

    private static StringBuilder number(StringBuilder out, String name, long value) {
        return out.append('"').append(name).append("\":").append(value);
    }

    private static StringBuilder field(StringBuilder out, String name, Object value) {
        out.append('"').append(name).append("\":");
        if (value == null) {
            return out.append("null");
        }
        String text = value instanceof Instant i ? i.toString() : value.toString();
        out.append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
