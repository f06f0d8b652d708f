/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * One server pool: the drives of one endpoint argument (or of all arguments when none uses ellipses), grouped into
 * erasure sets of equal size.
 *
 * @param index index of the pool, from 0, in argument order
 * @param argument the argument(s) the pool was written as, for messages and {@code cairn:info}
 * @param nodes the nodes ({@code host:port}) serving the pool in order of first appearance; empty for local drives
 * @param drivesPerNode drives each node serves in this pool (all drives for local drives)
 * @param sets the erasure sets, all of the same size
 */
public record ServerPool(int index, String argument, List<String> nodes, int drivesPerNode, List<ErasureSet> sets) {

    /**
     * Creates a pool; the lists are copied.
     *
     * @param index index of the pool
     * @param argument the argument(s) it was written as
     * @param nodes the nodes serving it
     * @param drivesPerNode drives per node
     * @param sets its erasure sets
     */
    public ServerPool {
        nodes = List.copyOf(nodes);
        sets = List.copyOf(sets);
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one set");
        }
    }

    /** @return drives per erasure set */
    public int setSize() {
        return sets.get(0).size();
    }

    /** @return the number of drives in the pool */
    public int driveCount() {
        return setSize() * sets.size();
    }

    /** @return the parity used when no storage class is configured */
    public int defaultParity() {
        return StorageClass.defaultParity(setSize());
    }

    /** @return every drive of the pool, set by set */
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>(driveCount());
        for (ErasureSet set : sets) {
            out.addAll(set.endpoints());
        }
        return List.copyOf(out);
    }
}
