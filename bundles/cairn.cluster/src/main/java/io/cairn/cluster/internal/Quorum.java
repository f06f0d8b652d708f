/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

/**
 * Quorum arithmetic of an erasure set (DESIGN §4).
 */
final class Quorum {

    private Quorum() {
    }

    /**
     * Returns the read quorum: any {@code k} shards rebuild the data.
     *
     * @param dataShards k
     * @return k
     */
    static int read(int dataShards) {
        return dataShards;
    }

    /**
     * Returns the write quorum: {@code k}, or {@code k + 1} when {@code k == m} so that two halves of a set can never
     * both commit different versions.
     *
     * @param dataShards k
     * @param parityShards m
     * @return the number of drives a write must reach
     */
    static int write(int dataShards, int parityShards) {
        return dataShards == parityShards ? dataShards + 1 : dataShards;
    }

    /**
     * Returns the parity for a new object when some drives are offline at the start of a write: raised by the
     * number of offline drives so the object keeps its protection, but never above half the set (the data shards
     * must still be at least half) and never below the configured parity.
     *
     * @param setSize n
     * @param parity the configured parity m
     * @param offline drives offline now
     * @return the parity to write with
     */
    static int raisedParity(int setSize, int parity, int offline) {
        if (offline <= 0) {
            return parity;
        }
        return Math.max(parity, Math.min(parity + offline, setSize / 2));
    }

    /**
     * Returns how many drives of a set must list an entry for a listing to show it: a majority (rounded up) so
     * that leftovers of a delete that reached write quorum are not listed, while objects written with up to half
     * the drives offline still are.
     *
     * @param setSize n
     * @return the listing quorum
     */
    static int list(int setSize) {
        return (setSize + 1) / 2;
    }
}
