/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.util.List;
import java.util.Objects;

/**
 * How an object's data is erasure coded, as recorded with each drive's copy of its metadata.
 *
 * @param codecId the {@code codec.id} of the code that wrote the object
 * @param checksumId the {@code checksum.id} of the bitrot checksum framing each shard block
 * @param dataShards the number of data shards {@code k}
 * @param parityShards the number of parity shards {@code m}
 * @param blockSizeBytes the erasure block size (bytes of object data per block)
 * @param index the shard index held by this drive, from 0
 * @param distribution for each drive position of the set, the shard index it holds
 */
public record ErasureLayout(String codecId, String checksumId, int dataShards, int parityShards, int blockSizeBytes,
        int index, List<Integer> distribution) {

    /**
     * Validates the components.
     *
     * @param codecId the codec id
     * @param checksumId the checksum id
     * @param dataShards k
     * @param parityShards m
     * @param blockSizeBytes the block size
     * @param index this drive's shard index
     * @param distribution shard index per drive position
     */
    public ErasureLayout {
        Objects.requireNonNull(codecId, "codecId");
        Objects.requireNonNull(checksumId, "checksumId");
        distribution = List.copyOf(distribution);
        if (dataShards < 1 || parityShards < 0 || blockSizeBytes < 1 || index < 0
                || index >= dataShards + parityShards || distribution.size() != dataShards + parityShards) {
            throw new IllegalArgumentException("bad erasure layout " + dataShards + "+" + parityShards);
        }
    }

    /**
     * Returns the size of one shard of a full block: {@code ceil(blockSizeBytes / dataShards)}.
     *
     * @return the shard size of a full block in bytes
     */
    public int shardSize() {
        return (blockSizeBytes + dataShards - 1) / dataShards;
    }

    /**
     * Returns a copy for another drive of the set.
     *
     * @param newIndex the shard index the other drive holds
     * @return the layout with {@code index} replaced
     */
    public ErasureLayout withIndex(int newIndex) {
        return new ErasureLayout(codecId, checksumId, dataShards, parityShards, blockSizeBytes, newIndex,
                distribution);
    }
}
