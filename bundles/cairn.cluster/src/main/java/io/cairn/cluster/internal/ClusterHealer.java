/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.lock.Lease;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * The object layer's side of healing: heals objects and buckets, describes the drives, scans sets and keeps heal
 * state files on drives. Registered as {@link ObjectHealer} and {@link DriveInventory} next to the object layer.
 */
public final class ClusterHealer implements ObjectHealer, DriveInventory {

    /** Directory of heal state files in a drive's system volume. */
    static final String STATE_DIR = "heal/";

    private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");

    private final ObjectLayer layer;

    /**
     * Creates the healer.
     *
     * @param layer the object layer
     */
    public ClusterHealer(ObjectLayer layer) {
        this.layer = layer;
    }

    @Override
    public HealResult healObject(String volume, String key, HealOptions options) throws ObjectStoreException {
        if (!Drive.SYSTEM_VOLUME.equals(volume)) {
            Validation.bucket(volume);
        }
        Validation.key(key);
        HealResult first = null;
        for (int p = 0; p < layer.pools().size(); p++) {
            HealResult r = new SetHealer(layer.setOf(p, volume, key)).heal(volume, key, options);
            if (first == null || first.outcome() == HealResult.Outcome.NOT_FOUND) {
                first = r;
            }
        }
        return first;
    }

    @Override
    public HealResult healBucket(String bucket) throws ObjectStoreException {
        Validation.bucket(bucket);
        List<Drive> all = allDrives();
        List<Callable<VolumeInfo>> tasks = new ArrayList<>();
        for (Drive d : all) {
            tasks.add(() -> d.statVolume(bucket));
        }
        List<Engine.Outcome<VolumeInfo>> outcomes = layer.engine().parallel(tasks);
        List<DriveHealState> states = new ArrayList<>();
        for (Engine.Outcome<VolumeInfo> o : outcomes) {
            states.add(o.ok() ? DriveHealState.OK : o.error() instanceof DriveException de
                    && de.reason() == DriveException.Reason.VOLUME_NOT_FOUND ? DriveHealState.MISSING
                            : DriveHealState.OFFLINE);
        }
        int found = count(states, DriveHealState.OK);
        int missing = count(states, DriveHealState.MISSING);
        int n = all.size();
        if (found == 0 && missing == 0) {
            throw new ObjectStoreException(ErrorKind.READ_QUORUM, "no drive answers for bucket " + bucket);
        }
        if (missing == 0) {
            return new HealResult(bucket, "", HealResult.Outcome.HEALTHY, states, 0, 0, 0, "");
        }
        // Drives under a drive heal lack buckets they were not given yet: they decide neither way.
        int healing = found >= (n + 1) / 2 ? 0 : DriveHealMarks.countUnderHeal(layer.engine(), all, states);
        int known = n - healing;
        if (found > 0 && found >= (known + 1) / 2) {
            int made = apply(all, states, DriveHealState.MISSING, d -> d.makeVolume(bucket));
            return new HealResult(bucket, "", HealResult.Outcome.HEALED, states, made, 0, 0, "");
        }
        if (found == 0) {
            return new HealResult(bucket, "", HealResult.Outcome.NOT_FOUND, states, 0, 0, 0, "");
        }
        if (missing - healing >= ObjectLayer.bucketQuorum(n)) {
            int removed = apply(all, states, DriveHealState.OK, d -> d.deleteVolume(bucket, false));
            return new HealResult(bucket, "", HealResult.Outcome.DELETED, states, removed, 0, 0, "");
        }
        return new HealResult(bucket, "", HealResult.Outcome.SKIPPED, states, 0, 0, 0, found + " of " + n
                + " drives hold it, " + (missing - healing) + " do not, " + healing + " are under a drive heal;"
                + " the others do not answer");
    }

    @Override
    public List<SetDrive> drives() {
        List<SetDrive> out = new ArrayList<>();
        for (List<SetStore> sets : layer.pools()) {
            for (SetStore set : sets) {
                for (int pos = 0; pos < set.drives().size(); pos++) {
                    Drive d = set.drives().get(pos);
                    boolean local = Engine.isLocal(d);
                    SetDrive.State state = d.diskInfo().online() ? SetDrive.State.ONLINE
                            : d instanceof ReconnectingDrive r && r.isFresh() ? SetDrive.State.UNFORMATTED
                                    : SetDrive.State.OFFLINE;
                    out.add(new SetDrive(d.endpoint(), set.pool(), set.index(), pos, local, state));
                }
            }
        }
        return out;
    }

    @Override
    public List<String> buckets() throws ObjectStoreException {
        List<Callable<List<VolumeInfo>>> tasks = new ArrayList<>();
        for (Drive d : allDrives()) {
            tasks.add(d::listVolumes);
        }
        TreeSet<String> names = new TreeSet<>();
        int answered = 0;
        for (Engine.Outcome<List<VolumeInfo>> o : layer.engine().parallel(tasks)) {
            if (o.ok()) {
                answered++;
                o.value().forEach(v -> names.add(v.name()));
            }
        }
        if (answered == 0) {
            throw new ObjectStoreException(ErrorKind.READ_QUORUM, "no drive answers");
        }
        return List.copyOf(names);
    }

    @Override
    public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max)
            throws ObjectStoreException {
        return scan(pool, set, volume, prefix, afterKey, max, false);
    }

    @Override
    public List<ScanEntry> scanWithOrphans(int pool, int set, String volume, String prefix, String afterKey,
            int max) throws ObjectStoreException {
        return scan(pool, set, volume, prefix, afterKey, max, true);
    }

    private List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max,
            boolean orphans) throws ObjectStoreException {
        SetStore s = layer.pools().get(pool).get(set);
        SetCursor cursor = SetCursor.scan(layer.engine(), s.drives(), volume, prefix, afterKey,
                Math.max(1, Math.min(max, layer.engine().config().walkPageEntries())), orphans);
        List<ScanEntry> out = new ArrayList<>();
        for (WalkEntry e = cursor.peek(); e != null && out.size() < max; e = cursor.peek()) {
            if (e.info() != null) {
                out.add(new ScanEntry(e.name(), e.info().size(), cursor.finishPending()));
            } else if (e.isOrphan()) {
                // No drive holds metadata for it: no object, only data for the finish to remove.
                out.add(ScanEntry.orphan(e.name(), cursor.finishPending()));
            }
            cursor.advance();
        }
        return out;
    }

    @Override
    public int finishCommits(int pool, int set, String volume, String key, List<Integer> positions)
            throws ObjectStoreException {
        if (!Drive.SYSTEM_VOLUME.equals(volume)) {
            Validation.bucket(volume);
        }
        Validation.key(key);
        SetStore s = layer.pools().get(pool).get(set);
        boolean[] chosen = new boolean[s.drives().size()];
        for (int pos : positions) {
            if (pos < 0 || pos >= chosen.length) {
                throw new IllegalArgumentException("no drive " + pos + " in set " + pool + "/" + set);
            }
            chosen[pos] = true;
        }
        // Under the write lock no commit of the object is between its commit and its finish or undo.
        try (Lease lease = s.writeLock(volume, key)) {
            return CommitFinisher.finish(layer.engine(), s.drives(), volume, key, chosen, "by the scanner");
        }
    }

    @Override
    public boolean formatFresh(int pool, int set, int position) throws ObjectStoreException {
        Drive d = drive(pool, set, position);
        if (!(d instanceof ReconnectingDrive r)) {
            return false;
        }
        SetStore s = layer.pools().get(pool).get(set);
        if (!FormatQuorum.allows(formatted(s), s.defaultReadQuorum()) && !holdsNoObject(s)) {
            // Its set's real drives are likely unmounted: formatting would let heals take it for a delete.
            return false;
        }
        try {
            if (!r.formatFresh()) {
                return false;
            }
            // Marked at once: until its drive heal has filled it, what it lacks is no evidence of a delete.
            DriveHealMarks.markFresh(r);
            return true;
        } catch (DriveException e) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "cannot format " + d.endpoint() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Tells whether every drive of the set is online without objects or an empty local drive. */
    private static boolean holdsNoObject(SetStore set) {
        for (Drive d : set.drives()) {
            boolean empty = d instanceof ReconnectingDrive r && r.isFresh();
            if (!empty && (!d.diskInfo().online() || FormatQuorum.holdsObjects(d))) {
                return false;
            }
        }
        return true;
    }

    /** Counts the set's online drives that carry the deployment's format. */
    private int formatted(SetStore set) {
        int formatted = 0;
        for (Drive d : set.drives()) {
            try {
                formatted += d.diskInfo().online() && d.format().deploymentId().equals(layer.deploymentId()) ? 1 : 0;
            } catch (DriveException e) {
                // It vouches for nothing.
                continue;
            }
        }
        return formatted;
    }

    @Override
    public Optional<byte[]> readState(int pool, int set, int position, String name) {
        try {
            return Optional.of(drive(pool, set, position).readAll(Drive.SYSTEM_VOLUME, statePath(name)));
        } catch (DriveException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean writeState(int pool, int set, int position, String name, byte[] data) {
        try {
            drive(pool, set, position).writeAll(Drive.SYSTEM_VOLUME, statePath(name), data);
            return true;
        } catch (DriveException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void deleteState(int pool, int set, int position, String name) {
        try {
            drive(pool, set, position).delete(Drive.SYSTEM_VOLUME, statePath(name), false);
        } catch (DriveException | IllegalArgumentException e) {
            // A drive that is offline keeps its file; the next heal of it finds and replaces it.
            return;
        }
    }

    private static String statePath(String name) {
        if (!STATE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad heal state name " + name);
        }
        return STATE_DIR + name;
    }

    private Drive drive(int pool, int set, int position) {
        return layer.pools().get(pool).get(set).drives().get(position);
    }

    private List<Drive> allDrives() {
        List<Drive> all = new ArrayList<>();
        for (List<SetStore> sets : layer.pools()) {
            for (SetStore set : sets) {
                all.addAll(set.drives());
            }
        }
        return all;
    }

    private int apply(List<Drive> drives, List<DriveHealState> states, DriveHealState which,
            ObjectLayer.DriveAction action) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < drives.size(); i++) {
            Drive d = drives.get(i);
            tasks.add(states.get(i) == which ? () -> {
                action.run(d);
                return null;
            } : null);
        }
        int ok = 0;
        for (Engine.Outcome<Object> o : layer.engine().parallel(tasks)) {
            ok += o != null && o.ok() ? 1 : 0;
        }
        return ok;
    }

    private static int count(List<DriveHealState> states, DriveHealState state) {
        return (int) states.stream().filter(s -> s == state).count();
    }
}
