/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.ErasureSet;
import io.cairn.api.topology.ServerPool;
import io.cairn.api.topology.Topology;

/**
 * Opens the drives of a local topology: learns the deployment id from the drives already formatted (a new one
 * when none is), formats empty drives, refuses foreign ones, and stands an {@link OfflineDrive} in for every drive
 * that cannot be used. {@link #openAll} and {@link #reconnect} also serve {@link DistributedBootstrap}; there an
 * empty drive of another node is formatted only for a new deployment: in an existing one, only its own node formats
 * it, so that it is always marked for a drive heal. In an existing deployment a set formats its empty drives only
 * when a read quorum of its drives carry the deployment's format ({@link FormatQuorum}), or when it holds no object
 * (every other drive of it is online and holds none: a new pool, or a first start interrupted while formatting).
 */
final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    /** The opened drives and the deployment id. */
    record Result(String deploymentId, List<List<List<Drive>>> pools, int online, int offline) {
    }

    private Bootstrap() {
    }

    /**
     * Opens every drive of the topology.
     *
     * @param topology the parsed endpoints, all local paths
     * @param factory the local drive factory
     * @param readQuorum the read quorum of a set of the given size
     * @return the drives per pool and set
     */
    static Result open(Topology topology, DriveFactory factory, IntUnaryOperator readQuorum) {
        for (Endpoint e : topology.endpoints()) {
            if (e.isUrl()) {
                throw new IllegalArgumentException("Endpoint " + e + " is a URL; this version serves local drives"
                        + " only (distributed mode arrives with the peer transport)");
            }
        }
        String deploymentId = deploymentId(topology, factory);
        return openAll(topology, deploymentId, e -> new Slot(factory, e.path(), true), readQuorum);
    }

    /**
     * Where a drive of the topology is opened: the factory and the endpoint string it takes.
     *
     * @param factory the factory
     * @param endpoint the endpoint string the factory takes
     * @param local whether the drive belongs to this node
     */
    record Slot(DriveFactory factory, String endpoint, boolean local) {
    }

    /**
     * Opens every drive of the topology with the format its position requires; a drive that cannot be opened
     * counts as offline and is tried again by {@link #reconnect}.
     *
     * @param topology the parsed endpoints
     * @param deploymentId the deployment the drives belong to
     * @param slots where each endpoint is opened
     * @param readQuorum the read quorum of a set of the given size
     * @return the drives per pool and set
     */
    static Result openAll(Topology topology, String deploymentId, Function<Endpoint, Slot> slots,
            IntUnaryOperator readQuorum) {
        List<List<List<Drive>>> pools = new ArrayList<>();
        int online = 0;
        int offline = 0;
        boolean existing = anyFormatted(topology, slots);
        for (ServerPool pool : topology.pools()) {
            List<List<Drive>> sets = new ArrayList<>();
            for (ErasureSet set : pool.sets()) {
                List<Drive> drives = openSet(set, pool.sets().size(), deploymentId, slots, existing,
                        readQuorum.applyAsInt(set.size()));
                for (Drive d : drives) {
                    if (!d.diskInfo().online()) {
                        offline++;
                    } else {
                        online++;
                    }
                }
                sets.add(drives);
            }
            pools.add(sets);
        }
        LOG.info("Status: {} Online, {} Offline (deployment {})", online, offline, deploymentId);
        return new Result(deploymentId, pools, online, offline);
    }

    /**
     * Opens the drives of one set: those that hold a format first, since whether they hold objects decides about
     * the empty ones.
     */
    private static List<Drive> openSet(ErasureSet set, int setCount, String deploymentId,
            Function<Endpoint, Slot> slots, boolean existing, int readQuorum) {
        List<Endpoint> endpoints = set.endpoints();
        Drive[] drives = new Drive[endpoints.size()];
        boolean[] empty = new boolean[endpoints.size()];
        FreshDrives fresh = new FreshDrives(existing, formatted(endpoints, deploymentId, slots), set.size(),
                readQuorum, false);
        for (int i = 0; i < drives.length; i++) {
            Slot slot = slots.apply(endpoints.get(i));
            empty[i] = answersEmpty(slot);
            if (!empty[i]) {
                drives[i] = openOne(slot, endpoints.get(i), deploymentId, setCount, fresh);
            }
        }
        if (!fresh.mayFormat() && holdsNoObject(drives, empty)) {
            fresh = new FreshDrives(existing, fresh.formatted(), fresh.setSize(), readQuorum, true);
        }
        for (int i = 0; i < drives.length; i++) {
            if (empty[i]) {
                drives[i] = openOne(slots.apply(endpoints.get(i)), endpoints.get(i), deploymentId, setCount, fresh);
            }
        }
        return new ArrayList<>(List.of(drives));
    }

    /**
     * Tells whether every drive of a set that is not empty is online and holds no object: then the set has nothing
     * to lose (a new pool, or a first start interrupted while formatting).
     */
    private static boolean holdsNoObject(Drive[] drives, boolean[] empty) {
        for (int i = 0; i < drives.length; i++) {
            if (!empty[i] && (!drives[i].diskInfo().online() || FormatQuorum.holdsObjects(drives[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a set may do with its empty drives.
     *
     * @param existing whether the set belongs to a formatted deployment
     * @param formatted how many of its drives carry the deployment's format
     * @param setSize its drive count
     * @param readQuorum its read quorum
     * @param objectless whether every drive of the set that is not empty is online and holds no object
     */
    private record FreshDrives(boolean existing, int formatted, int setSize, int readQuorum, boolean objectless) {

        boolean mayFormat() {
            return !existing || objectless || FormatQuorum.allows(formatted, readQuorum);
        }
    }

    /** Tells whether a drive answers that it holds no format; one that cannot be read may hold one. */
    private static boolean answersEmpty(Slot slot) {
        try {
            return slot.factory().readFormat(slot.endpoint()).isEmpty();
        } catch (DriveException ex) {
            return false;
        }
    }

    /** Counts the endpoints that carry the deployment's format. */
    private static int formatted(List<Endpoint> endpoints, String deploymentId, Function<Endpoint, Slot> slots) {
        int formatted = 0;
        for (Endpoint e : endpoints) {
            Slot slot = slots.apply(e);
            try {
                Optional<FormatInfo> f = slot.factory().readFormat(slot.endpoint());
                if (f.isPresent() && f.get().deploymentId().equals(deploymentId)) {
                    formatted++;
                }
            } catch (DriveException ex) {
                // Unreadable or unreachable: it vouches for nothing.
                continue;
            }
        }
        return formatted;
    }

    private static boolean anyFormatted(Topology topology, Function<Endpoint, Slot> slots) {
        for (Endpoint e : topology.endpoints()) {
            Slot slot = slots.apply(e);
            try {
                if (slot.factory().readFormat(slot.endpoint()).isPresent()) {
                    return true;
                }
            } catch (DriveException ex) {
                // Unreadable or unreachable: it tells nothing about the deployment.
                continue;
            }
        }
        return false;
    }

    private static Drive openOne(Slot slot, Endpoint e, String deploymentId, int setCount, FreshDrives set) {
        boolean existing = set.existing();
        int setSize = set.setSize();
        DriveFactory factory = slot.factory();
        String path = slot.endpoint();
        String driveId = null;
        try {
            driveId = factory.readFormat(path).map(FormatInfo::driveId).orElse(null);
        } catch (DriveException ex) {
            driveId = UUID.randomUUID().toString();
        }
        boolean fresh = driveId == null;
        if (fresh) {
            driveId = UUID.randomUUID().toString();
        }
        FormatInfo expected = new FormatInfo(FormatInfo.CURRENT_VERSION, deploymentId, driveId, e.poolIndex(),
                e.setIndex(), e.driveIndex(), setCount, setSize);
        Drive initial;
        if (fresh && existing && !slot.local()) {
            // A replaced disk of another node: that node formats it and marks it for a drive heal (markFresh or
            // the healing service); formatting it from here would bring it online empty and never healed.
            LOG.warn("Drive {} holds no format; its node formats it for its slot and heals it", path);
            return new ReconnectingDrive(factory, path, expected, new OfflineDrive(path, "not formatted yet; its"
                    + " node formats it for its slot"), false);
        }
        if (fresh && !set.mayFormat()) {
            LOG.error(FormatQuorum.refusal(path, set.formatted(), setSize, set.readQuorum()));
            return new ReconnectingDrive(factory, path, expected, new OfflineDrive(path, "not formatted: only "
                    + set.formatted() + " of " + setSize + " drives of its set carry the deployment's format, fewer"
                    + " than its read quorum of " + set.readQuorum() + ", and the set holds objects"), slot.local());
        }
        try {
            initial = factory.open(path, expected);
            if (fresh && existing && slot.local()) {
                markFresh(initial);
            }
        } catch (DriveException ex) {
            LOG.error("Drive {} is offline: {}", path, ex.getMessage());
            initial = new OfflineDrive(path, ex.getMessage());
        }
        return new ReconnectingDrive(factory, path, expected, initial, slot.local());
    }

    /**
     * Leaves a note on a drive formatted now in a deployment whose other drives were formatted before (a disk
     * replaced while the node was down), so that healing fills it with its set's objects.
     */
    private static void markFresh(Drive drive) {
        if (DriveHealMarks.markFresh(drive)) {
            LOG.info("Drive {} was empty and is formatted for its slot; healing will fill it", drive.endpoint());
        }
    }

    /**
     * Counts the drives of a result again after {@link #reconnect} and logs the new status.
     *
     * @param result the drives
     * @return the same drives with the current counts
     */
    static Result recount(Result result) {
        int online = 0;
        int offline = 0;
        for (List<List<Drive>> sets : result.pools()) {
            for (List<Drive> set : sets) {
                for (Drive d : set) {
                    if (d.diskInfo().online()) {
                        online++;
                    } else {
                        offline++;
                    }
                }
            }
        }
        LOG.info("Status: {} Online, {} Offline (deployment {})", online, offline, result.deploymentId());
        return new Result(result.deploymentId(), result.pools(), online, offline);
    }

    /**
     * Reopens every offline drive that holds a format again (an empty directory is left to the healing service),
     * and logs each change of state once: a drive back online, and a local drive that went offline or was refused
     * (a remote drive's node logs that itself, and this node logs its peers going offline; a remote drive held
     * offline is logged at DEBUG).
     *
     * @param pools the drives from {@link #open}
     * @return how many drives came back
     */
    static int reconnect(List<List<List<Drive>>> pools) {
        List<ReconnectingDrive> slots = new ArrayList<>();
        for (List<List<Drive>> sets : pools) {
            for (List<Drive> set : sets) {
                for (Drive d : set) {
                    if (d instanceof ReconnectingDrive r) {
                        slots.add(r);
                    }
                }
            }
        }
        return reconnectDrives(slots);
    }

    /**
     * Tries some drives again as {@link #reconnect(List)} does, logging each change of state the same way.
     *
     * @param drives the drives to try
     * @return how many drives came back
     */
    static int reconnectDrives(Collection<ReconnectingDrive> drives) {
        int back = 0;
        for (ReconnectingDrive r : drives) {
            back += report(r, r.reconnect()) ? 1 : 0;
        }
        return back;
    }

    /** Logs a drive's change of state and tells whether it came back. */
    private static boolean report(ReconnectingDrive drive, ReconnectingDrive.Change change) {
        switch (change) {
            case BACK_ONLINE -> LOG.info("Drive {} is back online", drive.endpoint());
            case OFFLINE -> {
                String reason = drive.offlineReason();
                if (drive.local() && reason != null) {
                    LOG.warn("Drive {} is offline: {}", drive.endpoint(), reason);
                } else if (reason != null) {
                    LOG.debug("Drive {} of another node counts offline until it is reopened: {}", drive.endpoint(),
                            reason);
                }
            }
            case NONE -> {
                // Nothing changed since the last attempt.
            }
        }
        return change == ReconnectingDrive.Change.BACK_ONLINE;
    }

    /**
     * Returns the deployment id most formatted drives carry, or a new one when no drive is formatted.
     */
    private static String deploymentId(Topology topology, DriveFactory factory) {
        Map<String, Integer> votes = new HashMap<>();
        for (Endpoint e : topology.endpoints()) {
            try {
                Optional<FormatInfo> f = factory.readFormat(e.path());
                f.ifPresent(info -> votes.merge(info.deploymentId(), 1, Integer::sum));
            } catch (DriveException ex) {
                // Reported when the drive is opened.
                continue;
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseGet(() -> UUID.randomUUID().toString());
    }
}
