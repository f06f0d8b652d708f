/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.lock.Lease;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * Streams a byte range of an object across its parts, one {@link PartStream} at a time.
 *
 * <p>The object's read lock is held only while the shard files are opened, not while the body streams. The stream
 * is created under the lock and at once opens ({@link PartStream#pin pins}) the shard files of the parts in the
 * range, as many as {@link EngineConfig#pinnedShardFiles} allows and at least those of the first part. Open files
 * survive a writer that replaces or deletes the object (the writer unlinks them, and every version has its own
 * data directory), so once every part in the range is pinned the lock is released and the reader still returns
 * exactly the version it resolved. When the range spans more parts than fit, the lock is kept and the next parts
 * are pinned as the reader reaches them; the lock goes as soon as the last part is pinned, or when the stream is
 * closed.
 *
 * <p>Before it opens a shard file the stream takes a grant of the engine's {@link MemoryBudget} for everything its
 * reader may hold: the frame buffers of the range's largest part (one part is read at a time), and for each shard
 * stream it may keep open at once what that stream buffers ahead of the reader ({@link Drive#readAheadBytes()}: a
 * remote shard's transfer receives up to its window whether or not anybody reads it). So a reader that stops
 * reading holds a bounded share of the node's memory, and the number of such readers is bounded by the budget;
 * when the budget stays taken, the stream is not created and the GET fails {@code BUSY}. Inline objects are in
 * memory already and take none.
 */
final class ObjectStream extends InputStream {

    private final SetStore set;
    private final String volume;
    private final String key;
    private final SetStore.Resolved resolved;
    private final ErasureCodec codec;
    private final BitrotChecksum checksum;
    /** Per part in the range: {part index, offset in the part, length}. */
    private final List<long[]> segments = new ArrayList<>();
    private final Deque<PartStream> pinned = new ArrayDeque<>();
    /** Whether the parts hold fewer bytes than the range asks for (a broken metadata record). */
    private final boolean truncated;
    private Lease lease;
    private int nextToPin;
    private PartStream current;
    /** The buffers' grant, taken before the first shard file is opened; {@code null} for inline objects. */
    private final MemoryBudget.Grant grant;

    /**
     * Creates the stream and pins the first parts; the caller holds the object's read lock.
     *
     * @param set the set
     * @param volume the volume
     * @param key the key
     * @param resolved the version read under the lock
     * @param offset the first byte
     * @param length the number of bytes
     * @param codec the object's codec
     * @param checksum the object's checksum
     * @param lease the read lock, handed over to the stream (released once every part is pinned, or when the stream
     *     cannot be created), or {@code null}
     * @throws ObjectStoreException {@code BUSY} when the node's buffers were not free in time
     */
    ObjectStream(SetStore set, String volume, String key, SetStore.Resolved resolved, long offset, long length,
            ErasureCodec codec, BitrotChecksum checksum, Lease lease) throws ObjectStoreException {
        this.set = set;
        this.volume = volume;
        this.key = key;
        this.resolved = resolved;
        this.codec = codec;
        this.checksum = checksum;
        this.lease = lease;
        List<PartMeta> parts = resolved.info().parts();
        long partStart = 0;
        long end = offset + length;
        for (int p = 0; p < parts.size() && partStart < end; p++) {
            long size = parts.get(p).size();
            if (offset < partStart + size) {
                long from = Math.max(offset, partStart) - partStart;
                segments.add(new long[] {p, from, Math.min(size, end - partStart) - from});
            }
            partStart += size;
        }
        this.truncated = partStart < end;
        try {
            this.grant = resolved.info().dataDir() == null || segments.isEmpty() ? null
                    : set.engine().memory().acquire(bufferBytes(), "reading " + volume + "/" + key);
        } catch (ObjectStoreException e) {
            releaseLease();
            throw e;
        }
        try {
            pinAhead();
        } catch (RuntimeException e) {
            close();
            throw e;
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
        if (len == 0) {
            return 0;
        }
        while (nextPart()) {
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
            current.close();
            current = null;
        }
        return -1;
    }

    /**
     * Makes {@link #current} the part being read, pinning the next parts when none is waiting.
     *
     * @return {@code false} at the end of the range
     * @throws IOException when the parts hold fewer bytes than the range
     */
    private boolean nextPart() throws IOException {
        if (current == null) {
            if (pinned.isEmpty()) {
                pinAhead();
            }
            current = pinned.poll();
            if (current == null && truncated) {
                throw new IOException("object " + volume + "/" + key + " has fewer bytes than its size");
            }
        }
        return current != null;
    }

    /** Hands each part's bytes to {@code out} straight from its shard frames (see {@link PartStream#transferTo}). */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long sent = 0;
        while (nextPart()) {
            sent += current.transferTo(out);
            current.close();
            current = null;
        }
        return sent;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        for (PartStream p : pinned) {
            p.close();
        }
        pinned.clear();
        nextToPin = segments.size();
        releaseLease();
        if (grant != null) {
            grant.close();
        }
    }

    /**
     * Returns the bytes of the frame buffers of the range's largest part, plus the read-ahead of the most shard
     * streams the reader keeps open at once.
     */
    private long bufferBytes() {
        FileInfo info = resolved.info();
        int k = info.erasure().dataShards();
        int m = info.erasure().parityShards();
        long most = 0;
        for (long[] segment : segments) {
            PartMeta part = info.parts().get((int) segment[0]);
            BlockLayout layout = new BlockLayout(part.size(), info.erasure().blockSizeBytes(), k,
                    checksum.sizeBytes());
            most = Math.max(most, PartStream.bufferBytes(layout, m, checksum.sizeBytes()));
        }
        return most + openStreamsAtMost(k + m, set.engine().config().pinnedShardFiles()) * readAheadBytes();
    }

    /**
     * Returns the most shard streams open at once: {@link #pinAhead} pins parts while fewer than
     * {@code pinnedShardFiles} files are open, so the last part it pins may pass that by up to one part's files,
     * and a part opens at most all its shards (parity in place of failed data shards).
     *
     * @param shardsPerPart data and parity shards of a part
     * @param pinnedShardFiles the engine's limit of files pinned ahead
     * @return the number of streams
     */
    private long openStreamsAtMost(int shardsPerPart, int pinnedShardFiles) {
        long all = (long) segments.size() * shardsPerPart;
        return Math.min(all, Math.max(0, pinnedShardFiles - 1) + (long) shardsPerPart);
    }

    /** Returns the largest read-ahead of one stream of the set's drives. */
    private long readAheadBytes() {
        long most = 0;
        for (Drive d : set.drives()) {
            most = Math.max(most, d.readAheadBytes());
        }
        return most;
    }

    /**
     * Tells whether the stream still holds the object's read lock (for tests).
     *
     * @return {@code true} while parts remain to be pinned
     */
    boolean holdsLock() {
        return lease != null;
    }

    /**
     * Pins the next parts of the range, at least one, while their shard files fit the budget; releases the lock
     * once the last part is pinned.
     */
    private void pinAhead() {
        int budget = set.engine().config().pinnedShardFiles();
        int files = 0;
        while (nextToPin < segments.size() && (files == 0 || files < budget)) {
            // At least one part, so that a reader always makes progress.
            PartStream part = partStream(segments.get(nextToPin++));
            files += Math.max(1, part.pin());
            pinned.add(part);
        }
        if (nextToPin >= segments.size()) {
            releaseLease();
        }
    }

    private void releaseLease() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private PartStream partStream(long[] segment) {
        PartMeta part = resolved.info().parts().get((int) segment[0]);
        FileInfo info = resolved.info();
        int k = info.erasure().dataShards();
        int m = info.erasure().parityShards();
        BlockLayout layout = new BlockLayout(part.size(), info.erasure().blockSizeBytes(), k, checksum.sizeBytes());
        String[] names = new String[k + m];
        ShardSource[] sources = shardSources(set.drives(), volume, key, info, resolved.perDrive(), part, names);
        // Inline shards are in memory already, and a local shard is a read from the page cache that takes less
        // than handing it to another thread would: only reads from other nodes run in parallel.
        boolean parallel = k > 1 && info.dataDir() != null && anyRemote(set.drives());
        return new PartStream(layout, codec, checksum, m, sources, names, segment[1], segment[2],
                set.engine().damage(), volume, key, parallel ? set.engine().io() : null, set.engine().buffers());
    }

    private static boolean anyRemote(List<Drive> drives) {
        for (Drive d : drives) {
            if (!Engine.isLocal(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds one source per shard index of a part from the drives holding the resolved version.
     *
     * @param drives the set's drives in position order
     * @param volume the volume
     * @param key the key
     * @param info the resolved version
     * @param perDrive per drive position its copy of the version, {@code null} where it is missing or unusable
     * @param part the part
     * @param names filled with a description per shard index
     * @return per shard index the source, {@code null} where no drive holds it
     */
    static ShardSource[] shardSources(List<Drive> drives, String volume, String key, FileInfo info,
            FileInfo[] perDrive, PartMeta part, String[] names) {
        int k = info.erasure().dataShards();
        int m = info.erasure().parityShards();
        ShardSource[] sources = new ShardSource[k + m];
        for (int p = 0; p < drives.size(); p++) {
            FileInfo fi = perDrive[p];
            if (fi == null) {
                continue;
            }
            int shard = info.erasure().distribution().get(p);
            Drive d = drives.get(p);
            names[shard] = d.endpoint() + " " + volume + "/" + key + " part " + part.number();
            byte[] inline = fi.inlineData();
            if (inline != null) {
                sources[shard] = (offset, len) -> {
                    if (offset + len > inline.length) {
                        throw new DriveException(DriveException.Reason.CORRUPT, "inline data too short");
                    }
                    return new ByteArrayInputStream(inline, (int) offset, (int) len);
                };
            } else if (info.dataDir() != null) {
                sources[shard] = (offset, len) -> d.readShard(volume, key, info.dataDir(), part.number(), offset,
                        len);
            }
        }
        return sources;
    }
}
