/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

/**
 * The erasure set size rule of one pool, as a pure function of its node count and drives per node.
 *
 * <p>With {@code N} nodes serving {@code D} drives each ({@code T = N × D} drives; a pool of local drives is one
 * node), the set size is the largest {@code s} in 2…16 such that {@code s} divides {@code T} and either
 * {@code s % N == 0} (every set takes {@code s / N} drives from every node) or {@code N % s == 0} (every set takes
 * one drive from each of {@code s} nodes, and every node serves the same number of sets). This is MinIO's rule
 * with the node count in place of the length of the host ellipsis. A pool of one drive is a set of one. It follows
 * that 2 to 16 nodes always fit (with {@code s = N} at least), that more than 16 nodes fit only when their count
 * has a divisor in 2…16, and that a single node fits unless its drive count is above 16 with no divisor in 2…16
 * (17, 19, 23, 29, 31, 37, …).
 */
final class SetSizes {

    private SetSizes() {
    }

    /**
     * Returns the set size for a pool, or 0 when none fits.
     *
     * @param nodes number of nodes, at least 1
     * @param drivesPerNode drives per node, at least 1
     * @return the set size, or 0
     */
    static int setSize(int nodes, int drivesPerNode) {
        long total = (long) nodes * drivesPerNode;
        if (total == 1) {
            return 1;
        }
        for (int s = Topology.MAX_SET_SIZE; s >= Topology.MIN_SET_SIZE; s--) {
            if (total % s == 0 && (s % nodes == 0 || nodes % s == 0)) {
                return s;
            }
        }
        return 0;
    }
}
