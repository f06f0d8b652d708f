/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cairn.api.heal.HealService;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.object.BucketStore;
import io.cairn.api.object.ObjectStoreException;

/**
 * {@code cairn:heal}: the state of healing on this node, and manual heals.
 * <pre>
 * cairn:heal status [--json]
 * cairn:heal start [BUCKET[/PREFIX]] [--deep] [--force]
 * cairn:heal stop
 * </pre>
 */
@Component(service = HealCommand.class,
        property = {"osgi.command.scope=cairn", "osgi.command.function=heal"})
public final class HealCommand {

    static final String USAGE = "usage: cairn:heal status [--json] | start [BUCKET[/PREFIX]] [--deep] [--force]"
            + " | stop";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealService heal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BucketStore buckets;

    /** Creates the command; SCR injects the services. */
    public HealCommand() {
    }

    HealCommand(HealService heal, BucketStore buckets) {
        this.heal = heal;
        this.buckets = buckets;
    }

    /**
     * Runs a heal subcommand.
     *
     * @param args the subcommand and its arguments
     * @return the text to print
     * @throws IllegalArgumentException with the usage when the arguments are wrong (the admin endpoint answers it
     *         as bad usage)
     * @throws IllegalStateException when healing does not run here or the bucket does not exist
     */
    public String heal(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        String sub = rest.remove(0);
        List<String> options = checkOptions(sub, rest);
        boolean json = options.contains("--json");
        boolean deep = options.contains("--deep");
        boolean force = options.contains("--force");
        HealService service = heal;
        if (service == null) {
            throw new IllegalStateException("healing is not running on this node: the object store has not"
                    + " started, the cairn.heal bundle is not installed, or it refused its settings"
                    + " (conf/io.cairn.heal.cfg); the node's log says which");
        }
        return switch (sub) {
            case "status" -> json ? HealText.json(service.status()) : HealText.text(service.status());
            case "start" -> start(service, buckets, rest, deep, force);
            default -> service.stop() ? "Manual heal stopped" : "No manual heal is running";
        };
    }

    /**
     * Takes the options out of a subcommand's arguments, refusing what the subcommand does not take: an unknown
     * option, or an argument other than the scope of {@code start}. Bucket names never start with a dash.
     */
    private static List<String> checkOptions(String sub, List<String> rest) {
        Set<String> allowed = switch (sub) {
            case "status" -> Set.of("--json");
            case "start" -> Set.of("--deep", "--force");
            case "stop" -> Set.of();
            default -> throw new IllegalArgumentException(USAGE);
        };
        List<String> options = rest.stream().filter(a -> a.startsWith("-")).toList();
        for (String option : options) {
            if (!allowed.contains(option)) {
                throw new IllegalArgumentException("cairn:heal " + sub + " has no option " + option + "; " + USAGE);
            }
        }
        rest.removeAll(options);
        if (!sub.equals("start") && !rest.isEmpty()) {
            throw new IllegalArgumentException("cairn:heal " + sub + " takes no argument '" + rest.get(0) + "'; "
                    + USAGE);
        }
        return options;
    }

    /**
     * Starts a manual heal. One already running is refused, naming it, unless {@code --force} replaces it, as MinIO
     * refuses a second heal of an overlapping scope unless forced.
     */
    private static String start(HealService service, BucketStore store, List<String> rest, boolean deep,
            boolean force) {
        if (rest.size() > 1) {
            throw new IllegalArgumentException(USAGE);
        }
        String scope = rest.isEmpty() ? "" : rest.get(0);
        int slash = scope.indexOf('/');
        String bucket = slash < 0 ? scope : scope.substring(0, slash);
        String prefix = slash < 0 ? "" : scope.substring(slash + 1);
        if (!bucket.isEmpty()) {
            requireBucket(store, bucket);
        }
        HealStatus.Task task;
        try {
            task = service.start(bucket, prefix, deep, force);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; stop it with cairn:heal stop, or replace it with"
                    + " cairn:heal start --force", e);
        }
        return "Heal " + task.id() + " of " + task.scope() + " started" + (deep ? " (deep)" : "")
                + "; follow it with cairn:heal status";
    }

    private static void requireBucket(BucketStore store, String bucket) {
        if (store == null) {
            throw new IllegalStateException("the object store has not started");
        }
        try {
            if (store.bucketInfo(bucket).isEmpty()) {
                throw new IllegalStateException("bucket '" + bucket + "' does not exist");
            }
        } catch (ObjectStoreException e) {
            throw new IllegalStateException("cannot look up bucket '" + bucket + "': " + e.getMessage(), e);
        }
    }
}
