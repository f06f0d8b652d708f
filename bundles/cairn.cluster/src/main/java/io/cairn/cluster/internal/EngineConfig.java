/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Duration;

/**
 * Tunables of the object layer.
 *
 * @param blockSizeBytes the erasure block size (1 MiB)
 * @param inlineLimitBytes objects up to this size are stored inside their metadata (128 KiB)
 * @param lockTimeout how long an operation waits for an object's lock
 * @param standardParity parity of STANDARD objects, or -1 for the set-size default
 * @param rrsParity parity of REDUCED_REDUNDANCY objects, or -1 for {@code min(1, default)}
 * @param multipartExpiry uploads older than this are removed by the cleanup
 * @param walkPageEntries how many entries one drive walk call returns (bounds listing memory per drive)
 */
record EngineConfig(int blockSizeBytes, int inlineLimitBytes, Duration lockTimeout, int standardParity,
        int rrsParity, Duration multipartExpiry, int walkPageEntries) {

    /** The defaults of DESIGN §4. */
    static final EngineConfig DEFAULT = new EngineConfig(1 << 20, 128 << 10, Duration.ofSeconds(30), -1, -1,
            Duration.ofHours(24), 256);

    /**
     * Returns a copy with other parities.
     *
     * @param standard STANDARD parity or -1
     * @param rrs REDUCED_REDUNDANCY parity or -1
     * @return the copy
     */
    EngineConfig withParity(int standard, int rrs) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, lockTimeout, standard, rrs, multipartExpiry,
                walkPageEntries);
    }

    /**
     * Returns a copy with another lock timeout.
     *
     * @param timeout the timeout
     * @return the copy
     */
    EngineConfig withLockTimeout(Duration timeout) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, timeout, standardParity, rrsParity,
                multipartExpiry, walkPageEntries);
    }

    /**
     * Returns a copy with another block size and inline limit (tests use small blocks).
     *
     * @param blockSize the block size
     * @param inlineLimit the inline limit
     * @return the copy
     */
    EngineConfig withBlocks(int blockSize, int inlineLimit) {
        return new EngineConfig(blockSize, inlineLimit, lockTimeout, standardParity, rrsParity, multipartExpiry,
                walkPageEntries);
    }
}
