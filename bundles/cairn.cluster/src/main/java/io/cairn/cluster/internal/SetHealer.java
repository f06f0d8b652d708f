/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealResult.Outcome;
import io.cairn.api.lock.Lease;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;

/**
 * Heals one object of one erasure set (DESIGN §6): examines every drive's copy under the object's write lock,
 * decides the version a read quorum agrees on, and rebuilds the copies of the drives that lack it, hold another
 * version or hold a corrupt one, with {@link ShardRebuilder}. An object that cannot be read is removed when a write
 * quorum of drives no longer holds it (a delete some drives missed; a drive under a drive heal does not count, see
 * {@link DriveHealMarks}), and otherwise reported as dangling.
 */
final class SetHealer {

    private final SetStore set;
    private final List<Drive> drives;
    private final int n;

    SetHealer(SetStore set) {
        this.set = set;
        this.drives = set.drives();
        this.n = drives.size();
    }

    /**
     * Heals an object.
     *
     * @param volume the volume
     * @param key the key
     * @param options the options
     * @return the result
     * @throws ObjectStoreException {@code LOCK_TIMEOUT}, {@code INTERNAL}
     */
    HealResult heal(String volume, String key, HealOptions options) throws ObjectStoreException {
        try (Lease lease = set.writeLock(volume, key)) {
            return healLocked(volume, key, options);
        }
    }

    private HealResult healLocked(String volume, String key, HealOptions options) throws ObjectStoreException {
        List<Callable<FileInfo>> reads = new ArrayList<>();
        for (Drive d : drives) {
            reads.add(() -> d.readMetadata(volume, key, true));
        }
        List<Engine.Outcome<FileInfo>> outcomes = set.engine().parallel(reads);
        FileInfo[] infos = new FileInfo[n];
        DriveHealState[] states = new DriveHealState[n];
        boolean[] noVolume = new boolean[n];
        for (int i = 0; i < n; i++) {
            Engine.Outcome<FileInfo> o = outcomes.get(i);
            infos[i] = o.value();
            states[i] = o.ok() ? DriveHealState.OK : stateOf(o.error());
            noVolume[i] = o.error() instanceof DriveException de
                    && de.reason() == DriveException.Reason.VOLUME_NOT_FOUND;
        }
        SetStore.Best best = SetStore.pickBest(infos);
        if (best.info() == null && count(states, DriveHealState.CORRUPT) == 0) {
            return result(volume, key, Outcome.NOT_FOUND, states, 0, 0, 0, "no drive holds it");
        }
        if (best.info() == null || best.count() < Quorum.read(best.info().erasure().dataShards())) {
            return unreadable(volume, key, states, best.info(), options);
        }
        FileInfo version = best.info();
        FileInfo[] good = new FileInfo[n];
        for (int i = 0; i < n; i++) {
            if (infos[i] != null) {
                boolean same = infos[i].sameVersion(version);
                states[i] = same ? DriveHealState.OK : DriveHealState.STALE;
                good[i] = same ? infos[i] : null;
            }
        }
        verify(volume, key, version, good, states, options.deep());
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (states[i] == DriveHealState.MISSING || states[i] == DriveHealState.STALE
                    || states[i] == DriveHealState.CORRUPT) {
                targets.add(i);
            }
        }
        if (targets.isEmpty()) {
            return result(volume, key, Outcome.HEALTHY, states, 0, 0, version.size(), "");
        }
        int k = version.erasure().dataShards();
        int intact = count(states, DriveHealState.OK);
        if (intact < k) {
            return result(volume, key, Outcome.SKIPPED, states, 0, 0, version.size(), "only " + intact + " intact"
                    + " copies, " + k + " needed to rebuild");
        }
        makeVolumes(volume, targets, noVolume);
        ShardRebuilder.Written w = new ShardRebuilder(set, volume, key, version, good).rebuild(targets);
        return result(volume, key, w.drives() > 0 ? Outcome.HEALED : Outcome.SKIPPED, states, w.drives(), w.bytes(),
                version.size(), w.drives() == targets.size() ? "" : w.error());
    }

    /**
     * Decides what to do with an object no read quorum of drives holds.
     */
    private HealResult unreadable(String volume, String key, DriveHealState[] states, FileInfo version,
            HealOptions options) {
        int k = version != null ? version.erasure().dataShards() : n - set.parity(io.cairn.api.object.StorageClass
                .STANDARD);
        int m = version != null ? version.erasure().parityShards() : n - k;
        int missing = count(states, DriveHealState.MISSING);
        long size = version == null ? 0 : version.size();
        if (missing >= Quorum.write(k, m)) {
            // A drive under a drive heal lacks what it was not given yet: that is no evidence of a delete.
            int deleted = missing - DriveHealMarks.countUnderHeal(set.engine(), drives, Arrays.asList(states));
            if (deleted >= Quorum.write(k, m)) {
                int removed = removeCopies(volume, key, states);
                return result(volume, key, Outcome.DELETED, states, removed, 0, size, deleted + " of " + n
                        + " drives no longer hold it");
            }
        }
        if (count(states, DriveHealState.OFFLINE) > 0) {
            return result(volume, key, Outcome.SKIPPED, states, 0, 0, size, "unreadable while "
                    + count(states, DriveHealState.OFFLINE) + " drives are offline");
        }
        if (!options.removeDangling()) {
            return result(volume, key, Outcome.DANGLING, states, 0, 0, size, danglingDetail(states, k));
        }
        int removed = removeCopies(volume, key, states);
        return result(volume, key, Outcome.DANGLING_REMOVED, states, removed, 0, size, "removed from " + removed
                + " drives");
    }

    /** Says how many drives hold the object intact and how many hold a damaged or older copy of it. */
    private String danglingDetail(DriveHealState[] states, int k) {
        int intact = count(states, DriveHealState.OK);
        int damaged = count(states, DriveHealState.CORRUPT) + count(states, DriveHealState.STALE);
        return intact + " of " + n + " drives hold it intact" + (damaged > 0 ? " and " + damaged
                + " a corrupt or older copy" : "") + ", " + k + " needed to read it";
    }

    private int removeCopies(String volume, String key, DriveHealState[] states) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Drive d = drives.get(i);
            boolean holds = states[i] == DriveHealState.OK || states[i] == DriveHealState.STALE
                    || states[i] == DriveHealState.CORRUPT;
            tasks.add(holds ? () -> {
                d.deleteObject(volume, key);
                return null;
            } : null);
        }
        int removed = 0;
        for (Engine.Outcome<Object> o : set.engine().parallel(tasks)) {
            removed += o != null && o.ok() ? 1 : 0;
        }
        return removed;
    }

    /**
     * Checks the shard files of the drives holding the version and marks bad ones {@code CORRUPT} (or
     * {@code OFFLINE} when the drive stopped answering).
     */
    private void verify(String volume, String key, FileInfo version, FileInfo[] good, DriveHealState[] states,
            boolean deep) {
        BitrotChecksum checksum;
        try {
            checksum = set.checksumFor(version);
        } catch (ObjectStoreException e) {
            return;
        }
        List<Callable<DriveHealState>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Drive d = drives.get(i);
            FileInfo fi = good[i];
            tasks.add(fi == null ? null : () -> ShardCheck.check(d, volume, key, fi, checksum, deep));
        }
        List<Engine.Outcome<DriveHealState>> outcomes = set.engine().parallel(tasks);
        for (int i = 0; i < n; i++) {
            Engine.Outcome<DriveHealState> o = outcomes.get(i);
            if (o != null) {
                DriveHealState s = o.ok() ? o.value() : DriveHealState.OFFLINE;
                if (s != DriveHealState.OK) {
                    states[i] = s;
                    good[i] = null;
                }
            }
        }
    }

    private void makeVolumes(String volume, List<Integer> targets, boolean[] noVolume) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Drive d = drives.get(i);
            tasks.add(noVolume[i] && targets.contains(i) ? () -> {
                d.makeVolume(volume);
                return null;
            } : null);
        }
        set.engine().parallel(tasks);
    }

    private static DriveHealState stateOf(Exception e) {
        if (e instanceof DriveException de) {
            return switch (de.reason()) {
                case FILE_NOT_FOUND, VOLUME_NOT_FOUND -> DriveHealState.MISSING;
                case CORRUPT -> DriveHealState.CORRUPT;
                default -> DriveHealState.OFFLINE;
            };
        }
        return DriveHealState.OFFLINE;
    }

    private static int count(DriveHealState[] states, DriveHealState state) {
        return (int) Arrays.stream(states).filter(s -> s == state).count();
    }

    private static HealResult result(String volume, String key, Outcome outcome, DriveHealState[] states,
            int drivesHealed, long bytes, long size, String detail) {
        return new HealResult(volume, key, outcome, Arrays.asList(states), drivesHealed, bytes, size, detail);
    }
}
