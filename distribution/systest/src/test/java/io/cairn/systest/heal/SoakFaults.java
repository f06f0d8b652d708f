/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.Distribution;

/**
 * The faults of a soak, one at a time and each undone before the next, so that an erasure set of 2+2 never loses
 * more than it tolerates: a node killed with {@code kill -9} and restarted, a node frozen with SIGSTOP and resumed,
 * a drive's folder wiped under a running node and refilled by its drive heal, and a byte flipped in a shard or
 * metadata file and healed by a deep heal. Chooses the fault, node, timing and byte from a seeded generator.
 */
final class SoakFaults {

    /** How long a drive heal or a deep heal may take on this shared machine. */
    static final Duration HEAL_LIMIT = Duration.ofMinutes(5);
    private static final int MAX_DOWN_MS = 20_000;
    private static final int MAX_FROZEN_MS = 45_000;

    private final Cluster cluster;
    private final String bucket;
    private final Random random;
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private volatile List<Integer> healthy;
    /** Kills and freezes: node, start, end (nanoTime; {@code Long.MAX_VALUE} while it lasts). */
    private final List<long[]> outages = new ArrayList<>();

    SoakFaults(Cluster cluster, String bucket, long seed) {
        this.cluster = cluster;
        this.bucket = bucket;
        this.random = new Random(seed);
        this.healthy = allNodes();
    }

    /** @return the nodes clients may send requests to: every node but the one under a fault */
    List<Integer> healthy() {
        return healthy;
    }

    /** @return faults injected, by kind */
    Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /** @return what a fault did not do as expected (a heal that did not repair a flipped byte, ...) */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The drive folder of a node.
     *
     * @param node the node index
     * @return its folder
     */
    Path drive(int node) {
        return cluster.dir().resolve("node" + (node + 1)).resolve("drive1");
    }

    /**
     * Lets the load run a while, then injects one fault and undoes it.
     *
     * @throws Exception when the cluster does not recover from it in time
     */
    void next() throws Exception {
        pause(5_000 + random.nextInt(10_000));
        int node = random.nextInt(cluster.size());
        int dice = random.nextInt(100);
        String kind = dice < 35 ? "kill" : dice < 60 ? "sigstop" : dice < 75 ? "wipe" : "flip";
        long started = System.nanoTime();
        switch (kind) {
            case "kill" -> kill(node);
            case "sigstop" -> freeze(node);
            case "wipe" -> wipe(node);
            default -> kind = flip(node) ? kind : "flip (no file)";
        }
        counts.merge(kind, 1L, Long::sum);
        System.out.printf("soak: %s %s of node %d, recovered in %d s%n", java.time.Instant.now(), kind, node + 1,
                (System.nanoTime() - started) / 1_000_000_000L);
    }

    /**
     * Whether a node was killed or frozen during part of an interval.
     *
     * @param node the node index
     * @param from the interval's start (nanoTime)
     * @param to its end
     * @return whether it was
     */
    synchronized boolean cut(int node, long from, long to) {
        return outages.stream().anyMatch(o -> o[0] == node && o[1] < to && o[2] > from);
    }

    private synchronized long[] outage(int node) {
        long[] outage = {node, System.nanoTime(), Long.MAX_VALUE};
        outages.add(outage);
        return outage;
    }

    private synchronized void over(long[] outage) {
        outage[2] = System.nanoTime();
    }

    private void kill(int node) throws Exception {
        healthy = without(node);
        long[] outage = outage(node);
        cluster.kill(node);
        pause(2_000 + random.nextInt(MAX_DOWN_MS));
        cluster.restart(node);
        cluster.node(node).awaitReady().awaitS3();
        awaitEveryDriveOnline();
        healthy = allNodes();
        over(outage);
    }

    private void freeze(int node) throws Exception {
        healthy = without(node);
        long[] outage = outage(node);
        cluster.node(node).pause();
        try {
            pause(2_000 + random.nextInt(MAX_FROZEN_MS));
        } finally {
            cluster.node(node).resume();
        }
        awaitEveryDriveOnline();
        healthy = allNodes();
        over(outage);
    }

    private void wipe(int node) throws Exception {
        Set<String> before = driveHeals(node);
        HealTestSupport.wipe(drive(node));
        if (random.nextBoolean()) {
            // Its contents deleted rather than the folder itself: an empty mount point.
            Files.createDirectories(drive(node));
        }
        HealTestSupport.await("a new drive heal of node " + (node + 1) + " finishes", HEAL_LIMIT, () -> {
            HealView view = HealView.of(cluster.node(node));
            return view.driveTasks().stream().anyMatch(t -> !before.contains(t.get("id"))
                    && !"null".equals(t.get("finished")));
        });
        for (Map<String, String> t : HealView.of(cluster.node(node)).driveTasks()) {
            if (!before.contains(t.get("id")) && !"0".equals(t.get("failed"))) {
                notes.add("drive heal of node " + (node + 1) + " after a wipe: " + t);
            }
        }
    }

    private Set<String> driveHeals(int node) throws Exception {
        return HealView.of(cluster.node(node)).driveTasks().stream().map(t -> t.get("id"))
                .collect(Collectors.toSet());
    }

    /**
     * Flips one byte of a random shard file or metadata file (inline objects keep their shards there) and waits
     * until a deep heal of its key has rewritten the file (or a write or delete replaced it).
     */
    private boolean flip(int node) throws Exception {
        List<Path> files = objectFiles(drive(node));
        if (files.isEmpty()) {
            return false;
        }
        Path file = files.get(random.nextInt(files.size()));
        boolean shard = file.getFileName().toString().startsWith(HealTestSupport.PART_PREFIX);
        byte[] before;
        Object identity;
        try {
            identity = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            before = Files.readAllBytes(file);
        } catch (IOException e) {
            return false;
        }
        if (before.length == 0) {
            return false;
        }
        int offset = random.nextInt(before.length);
        HealTestSupport.flip(file, offset, 1 << random.nextInt(8));
        Path keyDir = shard ? file.getParent().getParent() : file.getParent();
        String key = drive(node).resolve(bucket).relativize(keyDir).toString();
        Distribution.Result started = cluster.node(node).admin("heal", "start", bucket + "/" + key, "--deep",
                "--force");
        if (started.status() != 0) {
            notes.add("heal start for a flipped byte of " + file + ": " + started.out() + started.err());
        }
        try {
            HealTestSupport.await("the flipped byte of " + file + " is healed", HEAL_LIMIT,
                    () -> rewritten(file, identity, before, offset));
        } catch (AssertionError e) {
            notes.add("not healed: the byte at " + offset + " of " + file + " (" + key + ")");
        }
        return true;
    }

    private static boolean rewritten(Path file, Object identity, byte[] before, int offset) throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        byte[] now = Files.readAllBytes(file);
        return now.length != before.length || now[offset] == before[offset]
                || !identity.equals(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
    }

    private List<Path> objectFiles(Path drive) throws IOException {
        Path root = drive.resolve(bucket);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().startsWith(HealTestSupport.PART_PREFIX)
                    || f.getFileName().toString().equals(HealTestSupport.META)).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            // A write or delete under load removed a file while the walk met it: no shard this time.
            return List.of();
        }
    }

    void awaitEveryDriveOnline() throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            cluster.awaitAllOnline(i);
        }
    }

    private List<Integer> allNodes() {
        return IntStream.range(0, cluster.size()).boxed().toList();
    }

    private List<Integer> without(int node) {
        return allNodes().stream().filter(i -> i != node).toList();
    }

    /** Lets the load run for a while: a fault's duration, not a wait for a condition. */
    private static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }
}
