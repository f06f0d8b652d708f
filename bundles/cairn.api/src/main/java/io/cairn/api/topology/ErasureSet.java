/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.util.List;

/**
 * The drives of one erasure set, in drive-index order. Every object of the set is split over all of them.
 *
 * @param poolIndex index of the server pool, from 0
 * @param index index of the set within its pool, from 0
 * @param endpoints the drives, each placed at this pool, this set and its position in the list
 */
public record ErasureSet(int poolIndex, int index, List<Endpoint> endpoints) {

    /**
     * Creates a set; the list is copied.
     *
     * @param poolIndex index of the server pool
     * @param index index of the set within the pool
     * @param endpoints the placed drives
     */
    public ErasureSet {
        endpoints = List.copyOf(endpoints);
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            if (e.poolIndex() != poolIndex || e.setIndex() != index || e.driveIndex() != i) {
                throw new IllegalArgumentException("endpoint " + e + " is not placed at " + poolIndex + "/" + index
                        + "/" + i);
            }
        }
    }

    /** @return the number of drives in the set */
    public int size() {
        return endpoints.size();
    }

    /** @return the parity used when no storage class is configured */
    public int defaultParity() {
        return StorageClass.defaultParity(size());
    }
}
