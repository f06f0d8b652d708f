/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealQueue;
import io.cairn.api.heal.HealRequest;
import io.cairn.api.heal.HealService;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.heal.SetDrive;

/**
 * Healing on this node: takes heal requests from the object layer into the missed-write queue, runs the
 * background scanner, fresh-drive heals and manual heals, all through one {@link HealEngine} so that they share
 * the node's healing budget. Configured by the PID {@value #PID} ({@code conf/io.cairn.heal.cfg}):
 * {@link HealingComponent} runs one on the accepted settings, and replaces it when they change.
 */
public final class HealComponent implements HealQueue, HealService {

    /** The configuration PID. */
    public static final String PID = "io.cairn.heal";

    /** The name of the missed-write queue's file on the node's local drives. */
    static final String MRF_STATE = "mrf.bin";

    private static final Logger LOG = LoggerFactory.getLogger(HealComponent.class);
    private static final int MRF_COPIES = 3;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Healing settings. */
    @ObjectClassDefinition(name = "Cairn healing",
            description = "Healing: the missed-write queue, the scanner, drive and manual heals.")
    public @interface Config {

        @AttributeDefinition(description = "Most objects healed at once on this node.")
        int healWorkers() default 2;

        @AttributeDefinition(description = "Most bytes healing writes per second on this node; 0 for no limit.")
        long maxBytesPerSecond() default 256L * 1024 * 1024;

        @AttributeDefinition(description = "Most objects in the missed-write queue; more are left to the scanner.")
        int mrfQueueSize() default 10_000;

        @AttributeDefinition(description = "Milliseconds before the first retry of an object whose heal could not"
                + " reach every drive; doubles with each attempt.")
        long mrfRetryMs() default 5_000L;

        @AttributeDefinition(description = "Longest delay between two retries, in milliseconds.")
        long mrfRetryMaxMs() default 60_000L;

        @AttributeDefinition(description = "Attempts after which an object is left to the scanner.")
        int mrfMaxAttempts() default 100;

        @AttributeDefinition(description = "Whether the background scanner runs.")
        boolean scannerEnabled() default true;

        @AttributeDefinition(description = "Milliseconds the scanner waits between two cycles.")
        long scannerIntervalMs() default 60_000L;

        @AttributeDefinition(description = "Most objects the scanner examines per second; 0 for no limit.")
        double scannerObjectsPerSecond() default 200;

        @AttributeDefinition(description = "Fraction of objects whose every shard block the scanner verifies"
                + " against its checksum, from 0 to 1.")
        double scannerDeepFraction() default 0.01;

        @AttributeDefinition(description = "Milliseconds an object must stay dangling (on fewer drives than read"
                + " quorum and not rebuildable) before healing removes it.")
        long danglingGraceMs() default 86_400_000L;

        @AttributeDefinition(description = "Whether empty local drives (replaced disks) are formatted and healed.")
        boolean healFreshDrives() default true;

        @AttributeDefinition(description = "Milliseconds between two checks for empty local drives.")
        long freshDriveCheckMs() default 5_000L;

        @AttributeDefinition(description = "Milliseconds between two saves of the missed-write queue.")
        long mrfSaveMs() default 1_000L;
    }

    private final DriveInventory inventory;
    private final HealEngine engine;
    private final MrfQueue mrf;
    private final MrfDispatcher dispatcher;
    private final DriveHeals driveHeals;
    private final Scanner scanner;
    private final ScheduledExecutorService timer;
    private final HealHistory history;
    private WalkTask manual;

    /**
     * Starts healing.
     *
     * @param healer the object layer's healer
     * @param inventory the object layer's drives
     * @param history what healing has done since the node started, kept across a change of settings
     * @param config the settings
     * @param properties the settings as given, for the checks the conversion does not make
     * @throws IllegalArgumentException naming the file and setting when a setting is refused
     */
    public HealComponent(ObjectHealer healer, DriveInventory inventory, HealHistory history, Config config,
            Map<String, Object> properties) {
        HealSettings.check(config, properties);
        this.inventory = inventory;
        this.history = history;
        this.engine = new HealEngine(healer, config.healWorkers(), config.maxBytesPerSecond(),
                Duration.ofMillis(config.danglingGraceMs()), Instant::now, history);
        this.mrf = new MrfQueue(config.mrfQueueSize(), System::nanoTime);
        loadMrf();
        this.dispatcher = new MrfDispatcher(mrf, engine, new MrfDispatcher.Retry(config.mrfRetryMs(),
                config.mrfRetryMaxMs(), config.mrfMaxAttempts()));
        this.driveHeals = new DriveHeals(engine, inventory, config.healFreshDrives(), System::nanoTime);
        this.scanner = config.scannerEnabled() ? new Scanner(engine, inventory, config.scannerObjectsPerSecond(),
                config.scannerDeepFraction(), config.scannerIntervalMs(),
                ThreadLocalRandom.current().nextLong(), history) : null;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-heal-timer");
            t.setDaemon(true);
            return t;
        });
        dispatcher.start(config.healWorkers());
        timer.scheduleWithFixedDelay(this::saveMrf, config.mrfSaveMs(), Math.max(100, config.mrfSaveMs()),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::checkDrives, 0, Math.max(100, config.freshDriveCheckMs()),
                TimeUnit.MILLISECONDS);
        if (scanner != null) {
            Thread t = new Thread(scanner, "cairn-heal-scanner");
            t.setDaemon(true);
            t.start();
        }
        LOG.info("Healing started: {} workers, {} bytes/s, scanner {}", config.healWorkers(),
                config.maxBytesPerSecond() <= 0 ? "unlimited" : config.maxBytesPerSecond(),
                scanner == null ? "off" : "every " + config.scannerIntervalMs() + " ms");
    }

    /** Stops every healing thread; drive heals resume at the next start, the missed-write queue is saved. */
    void deactivate() {
        if (scanner != null) {
            scanner.stop();
            scanner.wake();
        }
        driveHeals.stop();
        stop();
        timer.shutdownNow();
        dispatcher.stop();
        saveMrf();
    }

    @Override
    public void queue(HealRequest request) {
        if (!mrf.add(request.bucket(), request.key(), request.reason() == HealRequest.Reason.BITROT)) {
            LOG.debug("Missed-write queue full; {}/{} is left to the scanner", request.bucket(), request.key());
        }
    }

    @Override
    public synchronized HealStatus.Task start(String bucket, String prefix, boolean deep, boolean replace) {
        String b = bucket == null ? "" : bucket;
        String p = prefix == null ? "" : prefix;
        if (!b.isEmpty() && !BUCKET.matcher(b).matches()) {
            throw new IllegalArgumentException("not a valid bucket name: " + b);
        }
        if (b.isEmpty() && !p.isEmpty()) {
            throw new IllegalArgumentException("a prefix needs a bucket");
        }
        WalkTask running = manual;
        if (!replace && running != null && running.progress().running()) {
            HealStatus.Task t = running.progress().snapshot();
            throw new IllegalStateException("manual heal " + t.id() + " of " + t.scope() + " is still running ("
                    + t.state() + ", " + t.objectsDone() + " of " + t.objectsTotal() + " objects)");
        }
        stop();
        String scope = b.isEmpty() ? "all buckets" : p.isEmpty() ? b : b + "/" + p;
        Progress progress = new Progress("heal-" + UUID.randomUUID().toString().substring(0, 8),
                deep ? "manual, deep" : "manual", scope, Instant.now());
        WalkTask task = new WalkTask(engine, inventory, progress, allSets(), b, p, deep, x -> { }, () -> { });
        manual = task;
        history.started(progress);
        Thread t = new Thread(task, "cairn-heal-manual");
        t.setDaemon(true);
        t.start();
        LOG.info("Heal {} of {} started{}", progress.id, scope, deep ? " (deep)" : "");
        return progress.snapshot();
    }

    private List<WalkTask.SetRef> allSets() {
        Set<WalkTask.SetRef> sets = new LinkedHashSet<>();
        for (SetDrive d : inventory.drives()) {
            sets.add(new WalkTask.SetRef(d.pool(), d.set()));
        }
        return new ArrayList<>(sets);
    }

    @Override
    public synchronized boolean stop() {
        WalkTask task = manual;
        manual = null;
        if (task == null || !task.progress().running()) {
            return false;
        }
        task.stop();
        return true;
    }

    @Override
    public HealStatus status() {
        List<HealStatus.Task> tasks = new ArrayList<>(driveHeals.tasks());
        // Newest first, and a running one before finished ones, as the status promises.
        tasks.addAll(history.manualHeals());
        tasks.sort(Comparator.comparing(t -> t.finished() != null));
        HealStatus.Scanner scan = scanner == null ? history.scanner(false) : scanner.status();
        return new HealStatus(tasks, mrf.size(), scan, engine.totals());
    }

    private void checkDrives() {
        try {
            driveHeals.check();
        } catch (RuntimeException e) {
            LOG.warn("Fresh-drive check failed: {}", e.getMessage(), e);
        }
    }

    private List<SetDrive> localOnline() {
        return inventory.drives().stream().filter(d -> d.local() && d.state() == SetDrive.State.ONLINE).toList();
    }

    private void loadMrf() {
        int loaded = 0;
        for (SetDrive d : localOnline()) {
            byte[] data = inventory.readState(d.pool(), d.set(), d.position(), MRF_STATE).orElse(null);
            if (data == null) {
                continue;
            }
            try {
                loaded += mrf.load(data);
            } catch (java.io.IOException e) {
                LOG.warn("Ignoring the missed-write queue on {}: {}", d.endpoint(), e.getMessage());
            }
        }
        if (loaded > 0) {
            LOG.info("Missed-write queue: {} objects to heal from before the restart", mrf.size());
        }
    }

    private void saveMrf() {
        try {
            byte[] data = mrf.snapshotIfDirty();
            if (data == null) {
                return;
            }
            int copies = 0;
            for (SetDrive d : localOnline()) {
                if (copies < MRF_COPIES) {
                    copies += inventory.writeState(d.pool(), d.set(), d.position(), MRF_STATE, data) ? 1 : 0;
                } else {
                    inventory.deleteState(d.pool(), d.set(), d.position(), MRF_STATE);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot save the missed-write queue: {}", e.getMessage(), e);
        }
    }
}
