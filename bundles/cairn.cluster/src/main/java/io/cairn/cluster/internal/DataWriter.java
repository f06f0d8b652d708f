/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;

/**
 * Streams a body through the erasure code onto the drives of a set.
 *
 * <p>The body is read in blocks of {@code blockSize}; each block is encoded and its framed shards are written to
 * every live drive in parallel before the next block is read, so memory stays at one block plus one frame per
 * shard. A drive whose write fails is dropped; the write goes on while a write quorum of drives is live. The MD5 is
 * computed on the way. Small bodies (up to the inline limit, when allowed) are kept in memory as per-drive framed
 * bytes for inline storage instead of being written to files. The buffers are granted by the engine's
 * {@link MemoryBudget} before the first is taken, so that the bodies moving through the node at once fit its heap.
 */
final class DataWriter {

    /** The result of a write. */
    static final class Written {
        /** Per drive position: whether its shard data was written completely. */
        final boolean[] alive;
        /** Per drive position: inline framed shard bytes, or {@code null} when written to files. */
        byte[][] inline;
        /** The body's MD5. */
        byte[] md5;
        /** The body's size. */
        long size;

        Written(int n) {
            alive = new boolean[n];
        }

        int aliveCount() {
            int c = 0;
            for (boolean a : alive) {
                c += a ? 1 : 0;
            }
            return c;
        }
    }

    /**
     * What a shard upload to another node's drive holds besides the frames: the peer transport keeps a copy of the
     * first 1 MiB it sent, to start over when the peer refuses the upload (see the architecture's peer transport),
     * and a frame buffer of 64 KiB.
     */
    static final long REMOTE_UPLOAD_BYTES = (1 << 20) + (64 << 10);

    private final Engine engine;
    private final List<Drive> drives;
    private final ErasureCodec codec;
    private final BitrotChecksum checksum;
    private final int k;
    private final int m;
    private final List<Integer> distribution;
    private final int writeQuorum;

    /**
     * Creates a writer for one body.
     *
     * @param engine the shared engine
     * @param drives the set's drives
     * @param codec the codec captured for this write
     * @param checksum the checksum captured for this write
     * @param k data shards
     * @param m parity shards
     * @param distribution shard index per drive position
     */
    DataWriter(Engine engine, List<Drive> drives, ErasureCodec codec, BitrotChecksum checksum, int k, int m,
            List<Integer> distribution) {
        this.engine = engine;
        this.drives = drives;
        this.codec = codec;
        this.checksum = checksum;
        this.k = k;
        this.m = m;
        this.distribution = distribution;
        this.writeQuorum = Quorum.write(k, m);
    }

    /**
     * Writes a body.
     *
     * @param body the body
     * @param size the declared size or -1
     * @param maxSize the largest accepted body
     * @param online which drives to write to
     * @param tempPath the shard file path in the temp volume (same on every drive)
     * @param allowInline whether a small body may be returned inline instead of written
     * @return the result
     * @throws ObjectStoreException {@code INCOMPLETE_BODY}, {@code ENTITY_TOO_LARGE}, {@code WRITE_QUORUM},
     *     {@code DRIVE_FULL}, {@code BUSY} (the node's buffers were not free in time), {@code INTERNAL}
     */
    Written write(InputStream body, long size, long maxSize, boolean[] online, String tempPath, boolean allowInline)
            throws ObjectStoreException {
        if (size > maxSize) {
            throw new ObjectStoreException(ErrorKind.ENTITY_TOO_LARGE, "body of " + size + " bytes is too large");
        }
        int blockSize = engine.config().blockSizeBytes();
        // A body of known size smaller than a block needs buffers of its size only.
        int capacity = size >= 0 ? (int) Math.max(1, Math.min(blockSize, size)) : blockSize;
        // Every buffer this write may take is granted before the first is taken: a body never waits holding some.
        try (MemoryBudget.Grant grant = engine.memory().acquire(bufferBytes(capacity, online), "a body")) {
            return write(body, size, maxSize, online, tempPath, allowInline, capacity);
        }
    }

    /**
     * Returns the most bytes a write holds: two blocks and two frames per shard, and per drive on another node
     * what its upload keeps ({@link #REMOTE_UPLOAD_BYTES}).
     *
     * @param capacity the block buffer length
     * @param online which drives are written to
     * @return the bytes
     */
    long bufferBytes(int capacity, boolean[] online) {
        long frame = checksum.sizeBytes() + (long) BlockLayout.shardLength(capacity, k);
        long bytes = 2L * capacity + 2L * (k + m) * frame;
        for (int pos = 0; pos < drives.size(); pos++) {
            if (online[pos] && !Engine.isLocal(drives.get(pos))) {
                bytes += REMOTE_UPLOAD_BYTES;
            }
        }
        return bytes;
    }

    private Written write(InputStream body, long size, long maxSize, boolean[] online, String tempPath,
            boolean allowInline, int capacity) throws ObjectStoreException {
        int blockSize = engine.config().blockSizeBytes();
        BufferPool pool = engine.buffers();
        Md5Pipeline md5 = new Md5Pipeline(md5(), engine.io());
        byte[][] blocks = {pool.take(capacity), null};
        BlockEncoder[] encoders = {new BlockEncoder(codec, checksum, k, m, capacity, pool), null};
        Lane[] lanes = null;
        List<Future<Object>> pending = null;
        try {
            Written result = new Written(drives.size());
            int current = 0;
            int n = readBlock(body, blocks[current], size, 0, maxSize, blockSize);
            long total = n;
            boolean eof = size >= 0 ? total == size : n < blockSize;
            if (eof && allowInline && total <= engine.config().inlineLimitBytes()) {
                md5.update(blocks[current], n);
                result.inline = inline(encoders[current], blocks[current], n, online);
                System.arraycopy(online, 0, result.alive, 0, online.length);
                result.md5 = md5.digest();
                result.size = total;
                return result;
            }
            lanes = lanes(online, tempPath, result);
            // Two blocks and two encoders: while one block is hashed and its frames are written to the drives,
            // the next block is read and encoded. The MD5 runs beside the coding, on another thread. Each drive's
            // file is opened by its first frame write and synced and closed by its last, so a body of one block
            // costs one round of hand-offs to the drive threads, not three.
            boolean closing = false;
            while (true) {
                if (n > 0 || total == 0) {
                    if (n > 0) {
                        md5.update(blocks[current], n);
                        encoders[current].encode(blocks[current], n);
                    }
                    if (pending != null) {
                        finishFrames(pending, lanes, result);
                    }
                    closing = eof;
                    pending = startFrames(encoders[current], n > 0, lanes, result, closing);
                    current ^= 1;
                }
                if (eof) {
                    break;
                }
                if (blocks[current] == null) {
                    blocks[current] = pool.take(capacity);
                    encoders[current] = new BlockEncoder(codec, checksum, k, m, capacity, pool);
                }
                // blocks[current] held the block before the last one: its MD5 finished before the last one started.
                n = readBlock(body, blocks[current], size, total, maxSize, blockSize);
                total += n;
                eof = size >= 0 ? total == size : n < blockSize;
            }
            List<Future<Object>> last = pending;
            pending = null;
            finishFrames(last, lanes, result);
            if (!closing) {
                // A body of unknown length ended exactly at a block boundary: the last frames are out, the files
                // still open.
                last = startFrames(encoders[current], false, lanes, result, true);
                finishFrames(last, lanes, result);
            }
            result.md5 = md5.digest();
            result.size = total;
            return result;
        } finally {
            if (pending != null) {
                engine.await(pending);
            }
            md5.awaitIdle();
            if (lanes != null) {
                abortAll(lanes);
            }
            for (int i = 0; i < 2; i++) {
                pool.give(blocks[i]);
                if (encoders[i] != null) {
                    encoders[i].release(pool);
                }
            }
        }
    }

    /**
     * Fails when fewer than the write quorum of drives are still live.
     *
     * @param result the write state
     * @param outcomes the last outcomes for the message
     * @throws ObjectStoreException {@code WRITE_QUORUM} or {@code DRIVE_FULL}
     */
    private void checkQuorum(Written result, List<Engine.Outcome<Object>> outcomes) throws ObjectStoreException {
        int alive = result.aliveCount();
        if (alive < writeQuorum) {
            throw Errors.writeQuorum(outcomes, "write", alive, writeQuorum);
        }
    }

    private byte[][] inline(BlockEncoder encoder, byte[] block, int n, boolean[] online) {
        byte[][] inline = new byte[drives.size()][];
        if (n > 0) {
            encoder.encode(block, n);
        }
        for (int pos = 0; pos < drives.size(); pos++) {
            if (online[pos]) {
                inline[pos] = n == 0 ? new byte[0]
                        : Arrays.copyOf(encoder.frame(distribution.get(pos)), encoder.frameLength());
            }
        }
        return inline;
    }

    /**
     * One drive's shard file: opened by the first frame written to it, synced and closed after the last. Its tasks
     * run one after another (each is submitted after the previous one finished), so the fields need no locking.
     */
    private static final class Lane {
        private final Drive drive;
        private final String path;
        private OutputStream out;

        Lane(Drive drive, String path) {
            this.drive = drive;
            this.path = path;
        }

        void write(byte[] frame, int length, boolean last) throws IOException {
            if (out == null) {
                out = drive.createFile(Drive.TEMP_VOLUME, path);
            }
            if (length > 0) {
                out.write(frame, 0, length);
            }
            if (last) {
                OutputStream done = out;
                out = null;
                done.close();
            }
        }

        void abort() {
            OutputStream open = out;
            out = null;
            closeQuietly(open);
        }
    }

    private Lane[] lanes(boolean[] online, String tempPath, Written result) {
        Lane[] lanes = new Lane[drives.size()];
        for (int pos = 0; pos < lanes.length; pos++) {
            if (online[pos]) {
                lanes[pos] = new Lane(drives.get(pos), tempPath);
                result.alive[pos] = true;
            }
        }
        return lanes;
    }

    private List<Future<Object>> startFrames(BlockEncoder encoder, boolean data, Lane[] lanes, Written result,
            boolean last) {
        List<Callable<Object>> tasks = new ArrayList<>();
        int len = data ? encoder.frameLength() : 0;
        for (int pos = 0; pos < lanes.length; pos++) {
            Lane lane = lanes[pos];
            byte[] frame = data ? encoder.frame(distribution.get(pos)) : null;
            tasks.add(result.alive[pos] ? () -> {
                lane.write(frame, len, last);
                return null;
            } : null);
        }
        return engine.submit(tasks);
    }

    private void finishFrames(List<Future<Object>> pending, Lane[] lanes, Written result)
            throws ObjectStoreException {
        List<Engine.Outcome<Object>> outcomes = engine.await(pending);
        for (int pos = 0; pos < lanes.length; pos++) {
            Engine.Outcome<Object> o = outcomes.get(pos);
            if (o != null && !o.ok()) {
                result.alive[pos] = false;
                lanes[pos].abort();
            }
        }
        checkQuorum(result, outcomes);
    }

    private static void abortAll(Lane[] lanes) {
        for (Lane lane : lanes) {
            if (lane != null) {
                lane.abort();
            }
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // The temp file is removed by the caller's cleanup; nothing of it becomes visible.
            }
        }
    }

    /**
     * Reads the next block: a full block, or less only at the end of the body.
     */
    private static int readBlock(InputStream body, byte[] block, long size, long total, long maxSize,
            int blockSize) throws ObjectStoreException {
        int want = size >= 0 ? (int) Math.min(blockSize, size - total) : blockSize;
        int n;
        try {
            n = body.readNBytes(block, 0, want);
        } catch (IOException e) {
            if (e.getCause() instanceof ObjectStoreException busy && busy.kind() == ErrorKind.BUSY) {
                // A copy's source found the node's buffers taken: the copy is as busy, its body is not short.
                throw busy;
            }
            throw new ObjectStoreException(ErrorKind.INCOMPLETE_BODY, "reading the body failed: " + e, e);
        }
        if (size >= 0 && n < want) {
            throw new ObjectStoreException(ErrorKind.INCOMPLETE_BODY, "the body ended after " + (total + n)
                    + " of " + size + " bytes");
        }
        if (total + n > maxSize) {
            throw new ObjectStoreException(ErrorKind.ENTITY_TOO_LARGE, "the body exceeds " + maxSize + " bytes");
        }
        return n;
    }

    private static MessageDigest md5() throws ObjectStoreException {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "MD5 unavailable", e);
        }
    }
}
