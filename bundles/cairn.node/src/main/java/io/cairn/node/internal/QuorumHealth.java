/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.api.object.DriveStatus;
import io.cairn.api.topology.StorageClass;

/**
 * Decides whether every erasure set still has write quorum, which is what {@code /minio/health/cluster} reports:
 * a set of n drives with m parity has k = n - m data shards and needs k online drives, or k + 1 when k == m.
 */
final class QuorumHealth {

    private QuorumHealth() {
    }

    /**
     * Checks every set.
     *
     * @param drives every drive's state
     * @param standardParity the configured STANDARD parity, or -1 for the default by set size
     * @return {@code null} when every set has write quorum, otherwise which set lacks it
     */
    static String missingWriteQuorum(List<DriveStatus> drives, int standardParity) {
        Map<String, int[]> sets = new LinkedHashMap<>();
        for (DriveStatus drive : drives) {
            // Numbered from 1, as cairn:info and the docs number pools and sets.
            int[] counts = sets.computeIfAbsent("pool " + (drive.pool() + 1) + ", set " + (drive.set() + 1),
                    k -> new int[2]);
            counts[0]++;
            if (drive.online()) {
                counts[1]++;
            }
        }
        for (Map.Entry<String, int[]> set : sets.entrySet()) {
            int size = set.getValue()[0];
            int online = set.getValue()[1];
            int needed = writeQuorum(size, standardParity);
            if (online < needed) {
                return set.getKey() + " has " + online + " of " + size + " drives online, needs " + needed;
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
        int parity = standardParity >= 0 ? Math.min(standardParity, setSize / 2) : StorageClass.defaultParity(setSize);
        int data = setSize - parity;
        return data == parity ? data + 1 : data;
    }
}
