/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cairn.api.heal.HealService;
import io.cairn.api.heal.HealStatus;

/**
 * {@code cairn:heal}: the state of healing on this node, and manual heals.
 * <pre>
 * cairn:heal status [--json]
 * cairn:heal start [BUCKET[/PREFIX]] [--deep]
 * cairn:heal stop
 * </pre>
 */
@Component(service = HealCommand.class,
        property = {"osgi.command.scope=cairn", "osgi.command.function=heal"})
public final class HealCommand {

    static final String USAGE = "usage: cairn:heal status [--json] | start [BUCKET[/PREFIX]] [--deep] | stop";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealService heal;

    /**
     * Runs a heal subcommand.
     *
     * @param args the subcommand and its arguments
     * @return the text to print
     */
    public String heal(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty()) {
            return USAGE;
        }
        String sub = rest.remove(0);
        boolean json = rest.remove("--json");
        boolean deep = rest.remove("--deep");
        HealService service = heal;
        if (service == null) {
            throw new IllegalStateException("healing is not running on this node (the object store has not"
                    + " started, or the cairn.heal bundle is not installed)");
        }
        return switch (sub) {
            case "status" -> json ? HealText.json(service.status()) : HealText.text(service.status());
            case "start" -> start(service, rest, deep);
            case "stop" -> service.stop() ? "Manual heal stopped" : "No manual heal is running";
            default -> USAGE;
        };
    }

    private static String start(HealService service, List<String> rest, boolean deep) {
        if (rest.size() > 1) {
            return USAGE;
        }
        String scope = rest.isEmpty() ? "" : rest.get(0);
        int slash = scope.indexOf('/');
        String bucket = slash < 0 ? scope : scope.substring(0, slash);
        String prefix = slash < 0 ? "" : scope.substring(slash + 1);
        HealStatus.Task task = service.start(bucket, prefix, deep);
        return "Heal " + task.id() + " of " + task.scope() + " started" + (deep ? " (deep)" : "")
                + "; follow it with cairn:heal status";
    }
}
