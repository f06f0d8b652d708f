/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.api.object.ObjectStoreException;

/**
 * The deployment's drives and their content as healing walks them; provided by the object layer.
 * <p>Unlike a listing, a {@link #scan} returns every name that <em>any</em> drive of a set holds, so that objects
 * too damaged to be listed are still found. Heal state files (a drive heal's progress, the missed-write queue) are
 * kept in the system volume of the drive they concern, so they move with the drive.
 */
@ProviderType
public interface DriveInventory {

    /**
     * The name of the heal state file the object layer leaves on a local drive it formatted at start in a
     * deployment whose other drives were already formatted (a disk replaced while the node was down): healing
     * finds it and fills the drive with its set's objects.
     */
    String FRESH_DRIVE_STATE = "drive-fresh";

    /**
     * The name of the heal state file that tracks a running drive heal on the drive being healed; healing deletes it
     * when the heal completes. While this file or {@link #FRESH_DRIVE_STATE} is on a drive, the drive is under a
     * drive heal: what it lacks it may not have received yet, so the object layer's heals count it neither as a
     * copy nor as evidence of a delete.
     *
     * @since 1.2
     */
    String DRIVE_HEAL_STATE = "drive-heal.bin";

    /**
     * Returns every drive slot of the deployment with its state now.
     *
     * @return the drives in pool, set and position order
     */
    List<SetDrive> drives();

    /**
     * Returns the names of every bucket any drive holds.
     *
     * @return the bucket names, sorted
     * @throws ObjectStoreException {@code READ_QUORUM} when no drive answers
     */
    List<String> buckets() throws ObjectStoreException;

    /**
     * Walks the union of the object names the drives of one set hold, in key order.
     *
     * @param pool the pool index
     * @param set the set index in the pool
     * @param volume a bucket, or the system volume
     * @param prefix only names starting with it
     * @param afterKey only names greater than it, empty to start at the beginning
     * @param max the most entries to return
     * @return up to {@code max} entries; fewer means the walk is complete
     * @throws ObjectStoreException {@code READ_QUORUM} when no drive of the set answers
     */
    List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max)
            throws ObjectStoreException;

    /**
     * Walks like {@link #scan} and also returns, in key order among the objects, an {@link ScanEntry#orphan() orphan}
     * for every key that no drive of the set holds metadata for while some drive's
     * {@link io.cairn.api.storage.Drive#walkWithOrphans walk} reports leftovers of it that a finish would remove:
     * what a first commit of the key left when a crash interrupted it on every drive it reached, or a delete of the
     * key that a crash cut short after removing the metadata and before dropping a kept version. The background scanner
     * scans this way and has {@link #finishCommits} remove it. The default implementation scans with
     * {@link #scan}, which returns no orphan.
     *
     * @param pool the pool index
     * @param set the set index in the pool
     * @param volume a bucket, or the system volume
     * @param prefix only names starting with it
     * @param afterKey only names greater than it, empty to start at the beginning
     * @param max the most entries to return, orphans included
     * @return up to {@code max} entries; fewer means the walk is complete
     * @throws ObjectStoreException {@code READ_QUORUM} when no drive of the set answers
     * @since 1.5
     */
    default List<ScanEntry> scanWithOrphans(int pool, int set, String volume, String prefix, String afterKey,
            int max) throws ObjectStoreException {
        return scan(pool, set, volume, prefix, afterKey, max);
    }

    /**
     * Finishes the last commit of an object on some drives of one set, under the object's write lock: drops what
     * {@link io.cairn.api.storage.Drive#finishCommit} drops there (a previous version a commit kept whose finish was
     * lost, data directories the object's version does not use that a crash left), and nothing else. Holding the
     * lock, no commit of the object is in flight, so nothing a commit may still need to undo is dropped. For an
     * {@link ScanEntry#orphan() orphan} that is what its crashed first commit or delete left (since 1.5).
     *
     * @param pool the pool index
     * @param set the set index in the pool
     * @param volume a bucket, or the system volume
     * @param key the object key
     * @param positions the positions in the set of the drives to finish, as {@link ScanEntry#finishPending()} names
     *     them
     * @return how many of those drives finished; a drive that failed is logged and counted out
     * @throws ObjectStoreException {@code LOCK_TIMEOUT} when the object's write lock is held by someone else (the
     *     caller tries again later), {@code INVALID_KEY}
     * @since 1.4
     */
    default int finishCommits(int pool, int set, String volume, String key, List<Integer> positions)
            throws ObjectStoreException {
        // An inventory whose scans report nothing to finish is never asked.
        return 0;
    }

    /**
     * Formats an {@link SetDrive.State#UNFORMATTED} local drive for its slot and brings it online (empty), marked
     * with {@link #FRESH_DRIVE_STATE} for its drive heal.
     *
     * @param pool the pool index
     * @param set the set index
     * @param position the position in the set
     * @return {@code true} when the drive was formatted now, {@code false} when it is not a local unformatted drive
     * @throws ObjectStoreException {@code INTERNAL} when formatting failed
     */
    boolean formatFresh(int pool, int set, int position) throws ObjectStoreException;

    /**
     * Reads a heal state file from a drive.
     *
     * @param pool the pool index
     * @param set the set index
     * @param position the position in the set
     * @param name the file name (letters, digits, dots and dashes)
     * @return the content, empty when the file does not exist or the drive is offline
     */
    Optional<byte[]> readState(int pool, int set, int position, String name);

    /**
     * Writes a heal state file to a drive atomically.
     *
     * @param pool the pool index
     * @param set the set index
     * @param position the position in the set
     * @param name the file name
     * @param data the content
     * @return {@code true} when written, {@code false} when the drive is offline or the write failed
     */
    boolean writeState(int pool, int set, int position, String name, byte[] data);

    /**
     * Deletes a heal state file from a drive; a missing file counts as deleted.
     *
     * @param pool the pool index
     * @param set the set index
     * @param position the position in the set
     * @param name the file name
     */
    void deleteState(int pool, int set, int position, String name);
}
