/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.cairn.api.object.DriveStatus;
import io.cairn.api.topology.StorageClass;

/**
 * Decides whether every erasure set still has quorum, which is what {@code /minio/health/cluster} (write quorum)
 * and {@code /minio/health/cluster/read} (read quorum) report: a set of n drives with m parity has k = n - m data
 * shards; a read needs k online drives, a write k, or k + 1 when k == m.
 */
final class QuorumHealth {

    private QuorumHealth() {
    }

    /**
     * Checks every set for write quorum.
     *
     * @param drives every drive's state
     * @param standardParity the configured STANDARD parity, or -1 for the default by set size
     * @return {@code null} when every set has write quorum, otherwise which set lacks it
     */
    static String missingWriteQuorum(List<DriveStatus> drives, int standardParity) {
        return missingQuorum(drives, standardParity, true, d -> false);
    }

    /**
     * Checks every set for read or write quorum, counting some drives as offline.
     *
     * @param drives every drive's state
     * @param standardParity the configured STANDARD parity, or -1 for the default by set size
     * @param write {@code true} for write quorum, {@code false} for read quorum
     * @param down drives to count as offline even when online (this node's, for a maintenance check)
     * @return {@code null} when every set has the quorum, otherwise which set lacks it
     */
    static String missingQuorum(List<DriveStatus> drives, int standardParity, boolean write,
            Predicate<DriveStatus> down) {
        Map<String, int[]> sets = new LinkedHashMap<>();
        for (DriveStatus drive : drives) {
            // Numbered from 1, as cairn:info and the docs number pools and sets.
            int[] counts = sets.computeIfAbsent("pool " + (drive.pool() + 1) + ", set " + (drive.set() + 1),
                    k -> new int[2]);
            counts[0]++;
            if (drive.online() && !down.test(drive)) {
                counts[1]++;
            }
        }
        for (Map.Entry<String, int[]> set : sets.entrySet()) {
            int size = set.getValue()[0];
            int online = set.getValue()[1];
            int needed = write ? writeQuorum(size, standardParity) : readQuorum(size, standardParity);
            if (online < needed) {
                return set.getKey() + " has " + online + " of " + size + " drives online, needs " + needed
                        + (write ? "" : " to read");
            }
        }
        return null;
    }

    /**
     * Write quorum of a set.
     *
     * @param setSize drives in the set
     * @param standardParity the configured parity, or -1 for the default by set size
     * @return the number of drives a write needs
     */
    static int writeQuorum(int setSize, int standardParity) {
        int data = readQuorum(setSize, standardParity);
        return data == setSize - data ? data + 1 : data;
    }

    /**
     * Read quorum of a set: its data shards.
     *
     * @param setSize drives in the set
     * @param standardParity the configured parity, or -1 for the default by set size
     * @return the number of drives a read needs
     */
    static int readQuorum(int setSize, int standardParity) {
        int parity = standardParity >= 0 ? Math.min(standardParity, setSize / 2) : StorageClass.defaultParity(setSize);
        return setSize - parity;
    }
}
