/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.Arrays;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;

/**
 * Turns one block of object data into {@code k + m} framed shard blocks, {@code [checksum][shard]} each, reusing
 * its buffers from block to block (one encoder per write, never shared between threads).
 */
final class BlockEncoder {

    private final ErasureCodec codec;
    private final BitrotChecksum checksum;
    private final int k;
    private final int m;
    private final int c;
    private final byte[][] frames;
    private int frameLength;

    /**
     * Creates an encoder.
     *
     * @param codec the codec captured for this write
     * @param checksum the checksum captured for this write
     * @param k data shards
     * @param m parity shards
     * @param blockSize the largest block to encode (the erasure block size, or less for a smaller body)
     */
    BlockEncoder(ErasureCodec codec, BitrotChecksum checksum, int k, int m, int blockSize) {
        this(codec, checksum, k, m, blockSize, null);
    }

    /**
     * Creates an encoder whose frames come from a pool; give them back with {@link #release}.
     *
     * @param codec the codec captured for this write
     * @param checksum the checksum captured for this write
     * @param k data shards
     * @param m parity shards
     * @param blockSize the largest block to encode (the erasure block size, or less for a smaller body)
     * @param pool the pool, or {@code null} to allocate
     */
    BlockEncoder(ErasureCodec codec, BitrotChecksum checksum, int k, int m, int blockSize, BufferPool pool) {
        this.codec = codec;
        this.checksum = checksum;
        this.k = k;
        this.m = m;
        this.c = checksum.sizeBytes();
        int frameSize = c + BlockLayout.shardLength(blockSize, k);
        this.frames = new byte[k + m][];
        for (int i = 0; i < k + m; i++) {
            frames[i] = pool == null ? new byte[frameSize] : pool.take(frameSize);
        }
    }

    /**
     * Gives the frames back to a pool; the encoder must not be used afterwards.
     *
     * @param pool the pool
     */
    void release(BufferPool pool) {
        for (int i = 0; i < frames.length; i++) {
            pool.give(frames[i]);
            frames[i] = null;
        }
    }

    /**
     * Encodes a block.
     *
     * @param block the data
     * @param length the number of data bytes in {@code block}, at least 1
     */
    void encode(byte[] block, int length) {
        int shardLen = BlockLayout.shardLength(length, k);
        for (int i = 0; i < k; i++) {
            int from = i * shardLen;
            int n = Math.max(0, Math.min(shardLen, length - from));
            if (n > 0) {
                System.arraycopy(block, from, frames[i], c, n);
            }
            Arrays.fill(frames[i], c + n, c + shardLen, (byte) 0);
        }
        if (m > 0) {
            codec.encode(k, m, frames, c, shardLen);
        }
        for (int i = 0; i < k + m; i++) {
            checksum.checksum(frames[i], c, shardLen, frames[i], 0);
        }
        frameLength = c + shardLen;
    }

    /**
     * Returns the framed shard block of a shard after {@link #encode}.
     *
     * @param shard the shard index
     * @return the buffer; bytes {@code [0, frameLength())} are valid
     */
    byte[] frame(int shard) {
        return frames[shard];
    }

    /**
     * Returns the length of the frames of the last encoded block.
     *
     * @return checksum size plus shard length
     */
    int frameLength() {
        return frameLength;
    }
}
