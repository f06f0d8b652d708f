/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.heal.HealRequest;

/**
 * Streams a byte range of one erasure-coded part.
 *
 * <p>Reads the data shards block by block, verifies each shard block's checksum, and when a shard is missing,
 * unreadable or corrupt treats it as missing: opens parity shards in its place and reconstructs the data, so a
 * corrupt block is never returned. Each problem is reported once per shard to the {@link DamageReporter}. Memory:
 * one frame per shard, independent of the part size, borrowed from the {@link BufferPool} at the first read and
 * given back by {@link #close()}. A block is served from the data shards' frames themselves: its bytes are their
 * payloads one after another, so nothing is copied into a block buffer.
 *
 * <p>{@link #pin} opens the shard files a healthy read needs up front, while the caller holds the object's read
 * lock. A shard source names the version's own data directory, which no other version ever uses, so a parity
 * file opened later (after a shard failed mid-stream) is that version's file or missing, never another version's.
 */
final class PartStream extends InputStream {

    private final BlockLayout layout;
    private final ErasureCodec codec;
    private final BitrotChecksum checksum;
    private final int k;
    private final int m;
    private final int c;
    private final ShardSource[] sources;
    private final String[] names;
    private final InputStream[] streams;
    private final boolean[] dead;
    private byte[][] frames;
    private final boolean[] present;
    /** One checksum buffer per shard: the shards of a block are verified in parallel. */
    private byte[][] sums;
    private final DamageReporter reporter;
    private final String volume;
    private final String key;
    private final long endBlock;
    private final ExecutorService io;
    private final BufferPool pool;
    private final long rangeEnd;
    private boolean closed;
    private long blockIndex;
    private int blockPos;
    private int blockLen;
    /** Shard length of the block being served: its bytes are the data shards' payloads one after another. */
    private int blockShardLen;
    private long position;

    /**
     * Creates the stream.
     *
     * @param layout the part's block layout
     * @param codec the codec the object was written with
     * @param checksum the checksum it was written with
     * @param m parity shards
     * @param sources one source per shard index, {@code null} where the shard is unavailable
     * @param names a description per shard for reports
     * @param offset the first byte of the part to return
     * @param length the number of bytes to return
     * @param reporter receives damage
     * @param volume the object's volume (for reports)
     * @param key the object's key (for reports)
     * @param io runs shard reads in parallel, or {@code null} to read them one after another
     * @param pool lends the frame buffers, which {@link #close()} gives back
     */
    PartStream(BlockLayout layout, ErasureCodec codec, BitrotChecksum checksum, int m, ShardSource[] sources,
            String[] names, long offset, long length, DamageReporter reporter, String volume, String key,
            ExecutorService io, BufferPool pool) {
        this.layout = layout;
        this.codec = codec;
        this.checksum = checksum;
        this.k = layout.dataShards();
        this.m = m;
        this.c = checksum.sizeBytes();
        this.sources = sources;
        this.names = names;
        this.streams = new InputStream[k + m];
        this.dead = new boolean[k + m];
        this.present = new boolean[k + m];
        this.reporter = reporter;
        this.volume = volume;
        this.key = key;
        this.position = offset;
        this.rangeEnd = offset + length;
        this.blockIndex = length == 0 ? 0 : offset / layout.blockSize();
        this.endBlock = length == 0 ? -1 : (rangeEnd - 1) / layout.blockSize();
        this.blockPos = 0;
        this.blockLen = 0;
        this.io = io;
        this.pool = pool;
        for (int i = 0; i < k + m; i++) {
            dead[i] = sources[i] == null;
        }
    }

    /**
     * Opens the data shard files at the range's first block, and in place of each that cannot be opened a parity
     * shard file: the files a read without further faults needs. A file that cannot be opened is reported and
     * treated as missing, as a failed read would be.
     *
     * @return the number of shard files open afterwards
     */
    int pin() {
        if (position >= rangeEnd) {
            return 0;
        }
        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (!dead[i] && streams[i] == null) {
                data.add(i);
            }
        }
        if (io == null || data.size() < 2) {
            data.forEach(i -> openShard(i, blockIndex));
        } else {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i : data.subList(0, data.size() - 1)) {
                futures.add(io.submit(() -> openShard(i, blockIndex)));
            }
            openShard(data.get(data.size() - 1), blockIndex);
            awaitAll(futures);
        }
        int open = 0;
        for (int i = 0; i < k + m; i++) {
            open += streams[i] != null ? 1 : 0;
        }
        for (int i = k; i < k + m && open < k; i++) {
            if (!dead[i] && streams[i] == null && openShard(i, blockIndex)) {
                open++;
            }
        }
        return open;
    }

    private static void awaitAll(List<Future<Boolean>> futures) {
        boolean interrupted = false;
        for (Future<Boolean> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    // The stream slots are written by the tasks; finish them, then re-interrupt.
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Opens one shard file from block {@code j} to the range's last block.
     *
     * @param i the shard index
     * @param j the first block
     * @return {@code true} when it is open; otherwise it is marked dead and reported
     */
    private boolean openShard(int i, long j) {
        try {
            long start = layout.frameOffset(j);
            long end = layout.frameOffset(endBlock) + c + layout.shardLength(endBlock);
            streams[i] = sources[i].open(start, end - start);
            return true;
        } catch (IOException | RuntimeException e) {
            markDead(i, HealRequest.Reason.MISSING, names[i] + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (position >= rangeEnd) {
            return -1;
        }
        if (blockPos >= blockLen) {
            decodeNextBlock();
        }
        int n = (int) Math.min(Math.min(len, sliceLength()), rangeEnd - position);
        System.arraycopy(frames[blockPos / blockShardLen], sliceOffset(), b, off, n);
        blockPos += n;
        position += n;
        return n;
    }

    /**
     * Writes the rest of the range straight from the verified shard frames, without copying it through another
     * buffer first.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        long sent = 0;
        while (position < rangeEnd) {
            if (blockPos >= blockLen) {
                decodeNextBlock();
            }
            int n = (int) Math.min(sliceLength(), rangeEnd - position);
            out.write(frames[blockPos / blockShardLen], sliceOffset(), n);
            blockPos += n;
            position += n;
            sent += n;
        }
        return sent;
    }

    /** Bytes of the block left in the data shard that holds the next byte. */
    private int sliceLength() {
        int shardEnd = (blockPos / blockShardLen + 1) * blockShardLen;
        return Math.min(blockLen, shardEnd) - blockPos;
    }

    /** Where the next byte of the block lies in its data shard's frame. */
    private int sliceOffset() {
        return c + blockPos % blockShardLen;
    }

    @Override
    public void close() {
        for (int i = 0; i < streams.length; i++) {
            closeQuietly(i);
        }
        if (!closed) {
            closed = true;
            // No shard read is running: every parallel read is awaited before decodeNextBlock returns.
            if (frames != null) {
                for (byte[] frame : frames) {
                    pool.give(frame);
                }
                frames = null;
            }
        }
    }

    /**
     * Returns the bytes of the frame buffers a stream of a part takes at its first read.
     *
     * @param layout the part's block layout
     * @param m parity shards
     * @param c the checksum size
     * @return the bytes of one frame per shard
     */
    static long bufferBytes(BlockLayout layout, int m, int c) {
        return (long) (layout.dataShards() + m) * frameLength(layout, c);
    }

    /** Frames fit the largest block of the part: a small part needs small buffers. */
    private static int frameLength(BlockLayout layout, int c) {
        int largestBlock = (int) Math.max(1, Math.min(layout.blockSize(), layout.partSize()));
        return c + BlockLayout.shardLength(largestBlock, layout.dataShards());
    }

    private void decodeNextBlock() throws IOException {
        long j = position / layout.blockSize();
        if (j > endBlock) {
            throw new IOException("read past the range");
        }
        int shardLen = layout.shardLength(j);
        if (frames == null) {
            // Pooled: their contents are unspecified, and only bytes read or reconstructed for a block are used.
            frames = new byte[k + m][];
            for (int i = 0; i < k + m; i++) {
                frames[i] = pool.take(frameLength(layout, c));
            }
            sums = new byte[k + m][c];
        }
        java.util.Arrays.fill(present, false);
        // First every open stream (to keep it aligned) and every live data shard, in parallel; then parity shards
        // one at a time while fewer than k are good.
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < k + m; i++) {
            if (!dead[i] && (streams[i] != null || i < k)) {
                first.add(i);
            }
        }
        int good = readFrames(first, j, shardLen);
        for (int i = k; i < k + m && good < k; i++) {
            if (!dead[i] && streams[i] == null && readFrame(i, j, shardLen)) {
                present[i] = true;
                good++;
            }
        }
        if (good < k) {
            throw new IOException("read quorum lost for " + volume + "/" + key + ": only " + good + " of " + k
                    + " shards readable in block " + j);
        }
        boolean dataComplete = true;
        for (int i = 0; i < k; i++) {
            dataComplete &= present[i];
        }
        if (!dataComplete) {
            codec.reconstruct(k, m, frames, present, c, shardLen, true);
        }
        blockIndex = j;
        blockLen = layout.blockLength(j);
        blockShardLen = shardLen;
        blockPos = (int) (position - j * layout.blockSize());
    }

    private int readFrames(List<Integer> shards, long j, int shardLen) {
        int good = 0;
        if (io == null || shards.size() < 2) {
            for (int i : shards) {
                present[i] = readFrame(i, j, shardLen);
                good += present[i] ? 1 : 0;
            }
            return good;
        }
        // The caller would only wait: it reads the last shard itself, which saves a thread hand-off per block.
        List<Future<Boolean>> futures = new ArrayList<>();
        int last = shards.size() - 1;
        for (int x = 0; x < last; x++) {
            int i = shards.get(x);
            futures.add(io.submit(() -> readFrame(i, j, shardLen)));
        }
        present[shards.get(last)] = readFrame(shards.get(last), j, shardLen);
        good += present[shards.get(last)] ? 1 : 0;
        boolean interrupted = false;
        for (int x = 0; x < last; x++) {
            while (true) {
                try {
                    present[shards.get(x)] = futures.get(x).get();
                    break;
                } catch (InterruptedException e) {
                    // The frame buffers must not be reused while a read is running; finish, then re-interrupt.
                    interrupted = true;
                } catch (ExecutionException e) {
                    present[shards.get(x)] = false;
                    break;
                }
            }
            good += present[shards.get(x)] ? 1 : 0;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return good;
    }

    private boolean readFrame(int i, long j, int shardLen) {
        if (streams[i] == null && !openShard(i, j)) {
            return false;
        }
        try {
            int total = c + shardLen;
            int got = streams[i].readNBytes(frames[i], 0, total);
            if (got != total) {
                throw new IOException("shard file ended early");
            }
            byte[] sum = sums[i];
            checksum.checksum(frames[i], c, shardLen, sum, 0);
            if (!java.util.Arrays.equals(sum, 0, c, frames[i], 0, c)) {
                markDead(i, HealRequest.Reason.BITROT, "checksum mismatch in block " + j + " of " + names[i]);
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            markDead(i, HealRequest.Reason.MISSING, names[i] + ": " + e.getMessage());
            return false;
        }
    }

    private void markDead(int i, HealRequest.Reason reason, String detail) {
        dead[i] = true;
        closeQuietly(i);
        reporter.report(volume, key, reason, detail);
    }

    private void closeQuietly(int i) {
        if (streams[i] != null) {
            try {
                streams[i].close();
            } catch (IOException e) {
                // Closing a read-only stream cannot lose data.
            }
            streams[i] = null;
        }
    }

    /**
     * Returns the index of the block being served (for tests).
     *
     * @return the block index
     */
    long blockIndex() {
        return blockIndex;
    }
}
