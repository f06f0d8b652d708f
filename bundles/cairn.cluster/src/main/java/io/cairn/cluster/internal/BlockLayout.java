/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

/**
 * Size arithmetic of one part's shard file: the part's data is cut into blocks of {@code blockSize} bytes, each
 * block into {@code k} shards of {@code ceil(blockLen / k)} bytes (the last block is shorter), and each shard block
 * is stored as {@code [checksum][shard bytes]}.
 *
 * @param partSize the part's size in bytes
 * @param blockSize the erasure block size
 * @param dataShards k
 * @param checksumSize the checksum size in bytes
 */
record BlockLayout(long partSize, int blockSize, int dataShards, int checksumSize) {

    /**
     * Returns the number of blocks.
     *
     * @return {@code ceil(partSize / blockSize)}
     */
    long blocks() {
        return (partSize + blockSize - 1) / blockSize;
    }

    /**
     * Returns the data length of a block.
     *
     * @param block the block index
     * @return the bytes of object data in the block
     */
    int blockLength(long block) {
        return (int) Math.min(blockSize, partSize - block * blockSize);
    }

    /**
     * Returns the shard length of a block.
     *
     * @param block the block index
     * @return {@code ceil(blockLength / k)}
     */
    int shardLength(long block) {
        return shardLength(blockLength(block), dataShards);
    }

    /**
     * Returns the shard length for a block of {@code blockLength} bytes.
     *
     * @param blockLength the block's data length
     * @param k the data shards
     * @return {@code ceil(blockLength / k)}
     */
    static int shardLength(int blockLength, int k) {
        return (blockLength + k - 1) / k;
    }

    /**
     * Returns where a block's frame starts in the shard file.
     *
     * @param block the block index
     * @return the byte offset
     */
    long frameOffset(long block) {
        return block * (checksumSize + (long) shardLength(blockSize, dataShards));
    }

    /**
     * Returns the shard file's size.
     *
     * @return the total framed size
     */
    long shardFileSize() {
        long blocks = blocks();
        return blocks == 0 ? 0 : frameOffset(blocks - 1) + checksumSize + shardLength(blocks - 1);
    }
}
