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
 * bytes for inline storage instead of being written to files.
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
     *     {@code DRIVE_FULL}, {@code INTERNAL}
     */
    Written write(InputStream body, long size, long maxSize, boolean[] online, String tempPath, boolean allowInline)
            throws ObjectStoreException {
        if (size > maxSize) {
            throw new ObjectStoreException(ErrorKind.ENTITY_TOO_LARGE, "body of " + size + " bytes is too large");
        }
        int blockSize = engine.config().blockSizeBytes();
        // A body of known size smaller than a block needs buffers of its size only.
        int capacity = size >= 0 ? (int) Math.max(1, Math.min(blockSize, size)) : blockSize;
        BufferPool pool = engine.buffers();
        Md5Pipeline md5 = new Md5Pipeline(md5(), engine.io());
        byte[][] blocks = {pool.take(capacity), null};
        BlockEncoder[] encoders = {new BlockEncoder(codec, checksum, k, m, capacity, pool), null};
        OutputStream[] outs = null;
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
            outs = open(online, tempPath, result);
            // Two blocks and two encoders: while one block is hashed and its frames are written to the drives,
            // the next block is read and encoded. The MD5 runs beside the coding, on another thread.
            while (true) {
                if (n > 0) {
                    md5.update(blocks[current], n);
                    encoders[current].encode(blocks[current], n);
                    if (pending != null) {
                        finishFrames(pending, outs, result);
                    }
                    pending = startFrames(encoders[current], outs, result);
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
            if (pending != null) {
                List<Future<Object>> last = pending;
                pending = null;
                finishFrames(last, outs, result);
            }
            closeAll(outs, result);
            result.md5 = md5.digest();
            result.size = total;
            return result;
        } finally {
            if (pending != null) {
                engine.await(pending);
            }
            md5.awaitIdle();
            if (outs != null) {
                abortAll(outs);
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

    private OutputStream[] open(boolean[] online, String tempPath, Written result) throws ObjectStoreException {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int pos = 0; pos < drives.size(); pos++) {
            Drive d = drives.get(pos);
            tasks.add(online[pos] ? () -> d.createFile(Drive.TEMP_VOLUME, tempPath) : null);
        }
        List<Engine.Outcome<Object>> outcomes = engine.parallel(tasks);
        OutputStream[] outs = new OutputStream[drives.size()];
        for (int pos = 0; pos < outs.length; pos++) {
            Engine.Outcome<Object> o = outcomes.get(pos);
            if (o != null && o.ok()) {
                outs[pos] = (OutputStream) o.value();
                result.alive[pos] = true;
            }
        }
        try {
            checkQuorum(result, outcomes);
        } catch (ObjectStoreException e) {
            abortAll(outs);
            throw e;
        }
        return outs;
    }

    private List<Future<Object>> startFrames(BlockEncoder encoder, OutputStream[] outs, Written result) {
        List<Callable<Object>> tasks = new ArrayList<>();
        int len = encoder.frameLength();
        for (int pos = 0; pos < outs.length; pos++) {
            OutputStream out = outs[pos];
            byte[] frame = encoder.frame(distribution.get(pos));
            tasks.add(result.alive[pos] ? () -> {
                out.write(frame, 0, len);
                return null;
            } : null);
        }
        return engine.submit(tasks);
    }

    private void finishFrames(List<Future<Object>> pending, OutputStream[] outs, Written result)
            throws ObjectStoreException {
        List<Engine.Outcome<Object>> outcomes = engine.await(pending);
        dropFailed(outcomes, outs, result);
        checkQuorum(result, outcomes);
    }

    private void closeAll(OutputStream[] outs, Written result) throws ObjectStoreException {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int pos = 0; pos < outs.length; pos++) {
            OutputStream out = outs[pos];
            tasks.add(result.alive[pos] ? () -> {
                out.close();
                return null;
            } : null);
        }
        List<Engine.Outcome<Object>> outcomes = engine.parallel(tasks);
        for (int pos = 0; pos < outs.length; pos++) {
            if (result.alive[pos]) {
                outs[pos] = null;
            }
        }
        dropFailed(outcomes, outs, result);
        checkQuorum(result, outcomes);
    }

    private static void dropFailed(List<Engine.Outcome<Object>> outcomes, OutputStream[] outs, Written result) {
        for (int pos = 0; pos < outs.length; pos++) {
            Engine.Outcome<Object> o = outcomes.get(pos);
            if (o != null && !o.ok()) {
                result.alive[pos] = false;
                closeQuietly(outs[pos]);
                outs[pos] = null;
            }
        }
    }

    private static void abortAll(OutputStream[] outs) {
        for (int i = 0; i < outs.length; i++) {
            closeQuietly(outs[i]);
            outs[i] = null;
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
