/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.topology.StorageClass;

/**
 * Decides whether the empty drives of an erasure set may be formatted into an existing deployment. As in MinIO,
 * they are only when at least a read quorum of the set's drives (the data-shard count of the STANDARD class) already
 * carry the deployment's format. With fewer, the set's real drives are most likely unmounted (an unmounted disk's
 * mount point is an empty directory): formatting the empty directories would start drive heals that cannot rebuild
 * anything, and heals would then take the empty drives for evidence that the set's objects were deleted. A set
 * whose other drives are online and hold no object has nothing to lose, and formats its empty drives whatever their
 * number (a pool added to the deployment, a first start interrupted while formatting).
 */
final class FormatQuorum {

    private FormatQuorum() {
    }

    /**
     * Returns the read quorum of a set for STANDARD objects, as the set computes it.
     *
     * @param standardParity the configured STANDARD parity, or -1 for the set-size default
     * @param setSize the number of drives of the set
     * @return the data-shard count
     */
    static int readQuorum(int standardParity, int setSize) {
        int parity = standardParity >= 0 ? standardParity : StorageClass.defaultParity(setSize);
        return Quorum.read(setSize - Math.min(parity, setSize / 2));
    }

    /**
     * Tells whether a set may format its empty drives.
     *
     * @param formatted how many of the set's drives carry the deployment's format
     * @param readQuorum the set's read quorum
     * @return {@code true} when at least a read quorum of drives is formatted
     */
    static boolean allows(int formatted, int readQuorum) {
        return formatted >= readQuorum;
    }

    /**
     * Tells whether a drive holds any object, in any bucket. A drive that cannot tell counts as holding some.
     *
     * @param drive an online drive
     * @return {@code true} unless every bucket of the drive answers that it is empty
     */
    static boolean holdsObjects(Drive drive) {
        try {
            for (VolumeInfo v : drive.listVolumes()) {
                if (!drive.listDir(v.name(), "", 1).isEmpty()) {
                    return true;
                }
            }
            return false;
        } catch (DriveException e) {
            return true;
        }
    }

    /**
     * Explains to the operator why an empty drive is left unformatted and what to do.
     *
     * @param endpoint the empty drive
     * @param formatted how many of its set's drives carry the deployment's format
     * @param setSize the number of drives of the set
     * @param readQuorum the set's read quorum
     * @return the message
     */
    static String refusal(String endpoint, int formatted, int setSize, int readQuorum) {
        return "Drive " + endpoint + " is empty but is not formatted: only " + formatted + " of the " + setSize
                + " drives of its erasure set carry the deployment's format, fewer than its read quorum of "
                + readQuorum + ", and the set holds objects. It stays offline and nothing is written to it. If"
                + " drives of this set are unmounted or their paths changed, mount them again: they are reopened"
                + " within driveReconnectIntervalMs, and the set's empty drives are formatted and healed once "
                + readQuorum + " of its drives carry the format";
    }
}
