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
 * @param multipartExpiry uploads older than this are removed by the cleanup, and so are the records of uploads
 *     completed longer ago than this, which answer a repeated complete (24 hours)
 * @param walkPageEntries how many entries one drive walk call returns (bounds listing memory per drive)
 * @param pinnedShardFiles how many shard files a GET opens ahead under the object's read lock (16): the parts of a
 *     multipart object beyond it are opened later, and the read lock is kept until the last one is open
 */
record EngineConfig(int blockSizeBytes, int inlineLimitBytes, Duration lockTimeout, int standardParity,
        int rrsParity, Duration multipartExpiry, int walkPageEntries, int pinnedShardFiles) {

    /** The defaults of DESIGN §4. */
    static final EngineConfig DEFAULT = new EngineConfig(1 << 20, 128 << 10, Duration.ofSeconds(30), -1, -1,
            Duration.ofHours(24), 256, 16);

    /**
     * Returns a copy with other parities.
     *
     * @param standard STANDARD parity or -1
     * @param rrs REDUCED_REDUNDANCY parity or -1
     * @return the copy
     */
    EngineConfig withParity(int standard, int rrs) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, lockTimeout, standard, rrs, multipartExpiry,
                walkPageEntries, pinnedShardFiles);
    }

    /**
     * Returns a copy with another lock timeout.
     *
     * @param timeout the timeout
     * @return the copy
     */
    EngineConfig withLockTimeout(Duration timeout) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, timeout, standardParity, rrsParity,
                multipartExpiry, walkPageEntries, pinnedShardFiles);
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
                walkPageEntries, pinnedShardFiles);
    }

    /**
     * Returns a copy with another multipart expiry.
     *
     * @param expiry the expiry
     * @return the copy
     */
    EngineConfig withMultipartExpiry(Duration expiry) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, lockTimeout, standardParity, rrsParity, expiry,
                walkPageEntries, pinnedShardFiles);
    }

    /**
     * Returns a copy with another walk page size.
     *
     * @param entries entries per drive walk call
     * @return the copy
     */
    EngineConfig withWalkPageEntries(int entries) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, lockTimeout, standardParity, rrsParity,
                multipartExpiry, entries, pinnedShardFiles);
    }

    /**
     * Returns a copy with another number of shard files a GET opens ahead.
     *
     * @param files the shard files
     * @return the copy
     */
    EngineConfig withPinnedShardFiles(int files) {
        return new EngineConfig(blockSizeBytes, inlineLimitBytes, lockTimeout, standardParity, rrsParity,
                multipartExpiry, walkPageEntries, files);
    }
}
