/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.DriveInventory;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;

/**
 * The marks of a drive under a drive heal: a replaced or wiped disk formatted for its slot and being filled with its
 * set's objects. The drive carries {@link DriveInventory#FRESH_DRIVE_STATE} from its format until the heal starts,
 * then the heal's tracker {@link DriveInventory#DRIVE_HEAL_STATE} until the heal completes. A bucket or object such a
 * drive lacks may simply not have been healed onto it yet, so heals count it neither as a copy nor as evidence that
 * the item was deleted.
 */
final class DriveHealMarks {

    private static final Logger LOG = LoggerFactory.getLogger(DriveHealMarks.class);

    private DriveHealMarks() {
    }

    /**
     * Marks a drive formatted empty for its slot, so that healing fills it and heals treat it as under a drive heal
     * from the start.
     *
     * @param drive the drive, online
     * @return {@code true} when the mark was written
     */
    static boolean markFresh(Drive drive) {
        try {
            drive.writeAll(Drive.SYSTEM_VOLUME, path(DriveInventory.FRESH_DRIVE_STATE), new byte[0]);
            return true;
        } catch (DriveException e) {
            LOG.warn("Drive {} was empty and is formatted for its slot, but the note for healing cannot be written"
                    + " ({}); a manual heal fills it", drive.endpoint(), e.getMessage());
            return false;
        }
    }

    /**
     * Tells whether a drive is under a drive heal. A drive whose marks cannot be read (it stopped answering, an I/O
     * error) counts as under heal: it must not count as evidence of a delete.
     *
     * @param drive the drive
     * @return {@code true} unless the drive answers that it carries neither mark
     */
    static boolean underHeal(Drive drive) {
        return marked(drive, DriveInventory.FRESH_DRIVE_STATE) || marked(drive, DriveInventory.DRIVE_HEAL_STATE);
    }

    /**
     * Counts the drives lacking an item ({@link DriveHealState#MISSING}) that are under a drive heal, asking them in
     * parallel.
     *
     * @param engine the engine to ask them with
     * @param drives the drives
     * @param states what each drive held, in the same order
     * @return how many of the drives lacking the item are under a drive heal
     */
    static int countUnderHeal(Engine engine, List<Drive> drives, List<DriveHealState> states) {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < drives.size(); i++) {
            Drive d = drives.get(i);
            tasks.add(states.get(i) == DriveHealState.MISSING ? () -> underHeal(d) : null);
        }
        int healing = 0;
        for (Engine.Outcome<Boolean> o : engine.parallel(tasks)) {
            healing += o != null && (!o.ok() || o.value()) ? 1 : 0;
        }
        return healing;
    }

    private static boolean marked(Drive drive, String name) {
        try {
            drive.readAll(Drive.SYSTEM_VOLUME, path(name));
            return true;
        } catch (DriveException e) {
            return e.reason() != DriveException.Reason.FILE_NOT_FOUND
                    && e.reason() != DriveException.Reason.VOLUME_NOT_FOUND;
        }
    }

    private static String path(String name) {
        return ClusterHealer.STATE_DIR + name;
    }
}
