/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * Rebuilds the shards of an object version for some drives of its set and commits them there.
 *
 * <p>Each part is read block by block from the intact drives through a {@link PartStream} (which verifies every
 * block and reconstructs from parity where needed), each block is encoded again, and the frames of the target
 * drives' shard indices are written to their temp volumes; the code is systematic and deterministic, so the
 * rebuilt frames equal the lost ones byte for byte. Then each target commits the version, exactly as a PUT does.
 * Inline objects are rebuilt in memory (they are at most the inline limit). Memory: one block plus one frame per
 * shard, independent of the object size.
 */
final class ShardRebuilder {

    /**
     * What a rebuild wrote.
     *
     * @param drives the drives that committed the version
     * @param bytes the bytes written to them
     * @param error the first failure, empty when none
     */
    record Written(int drives, long bytes, String error) {
    }

    private final SetStore set;
    private final String volume;
    private final String key;
    private final FileInfo version;
    private final FileInfo[] good;

    /**
     * Creates a rebuilder.
     *
     * @param set the set
     * @param volume the volume
     * @param key the key
     * @param version the version to rebuild
     * @param good per drive position its intact copy, {@code null} elsewhere; at least {@code k} are set
     */
    ShardRebuilder(SetStore set, String volume, String key, FileInfo version, FileInfo[] good) {
        this.set = set;
        this.volume = volume;
        this.key = key;
        this.version = version;
        this.good = good.clone();
    }

    /**
     * Rebuilds and commits the version on the target drives.
     *
     * @param targets the drive positions to write
     * @return what was written
     * @throws ObjectStoreException {@code INTERNAL} when the codec or checksum of the version is unavailable
     */
    Written rebuild(List<Integer> targets) throws ObjectStoreException {
        ErasureCodec codec = set.codecFor(version);
        BitrotChecksum checksum = set.checksumFor(version);
        int k = version.erasure().dataShards();
        int m = version.erasure().parityShards();
        BlockEncoder encoder = new BlockEncoder(codec, checksum, k, m, version.erasure().blockSizeBytes());
        if (version.dataDir() == null) {
            return rebuildInline(targets, encoder);
        }
        String tmpId = "heal-" + UUID.randomUUID();
        String dataPath = tmpId + "/" + version.dataDir();
        boolean[] alive = new boolean[set.drives().size()];
        for (int t : targets) {
            alive[t] = true;
        }
        String[] error = {""};
        long bytes = 0;
        try {
            for (PartMeta part : version.parts()) {
                bytes += writePart(part, dataPath + "/part." + part.number(), encoder, checksum, alive, error);
            }
            return commit(targets, alive, dataPath, null, bytes, error[0]);
        } finally {
            cleanup(targets, tmpId);
        }
    }

    private Written rebuildInline(List<Integer> targets, BlockEncoder encoder) throws ObjectStoreException {
        byte[] data;
        SetStore.Resolved resolved = new SetStore.Resolved(version, good, count(good));
        try (InputStream in = new ObjectStream(set, volume, key, resolved, 0, version.size(),
                set.codecFor(version), set.checksumFor(version), null)) {
            data = in.readAllBytes();
        } catch (IOException e) {
            return new Written(0, 0, "cannot read the intact copies: " + e.getMessage());
        }
        if (data.length > 0) {
            encoder.encode(data, data.length);
        }
        byte[][] inline = new byte[set.drives().size()][];
        long bytes = 0;
        for (int t : targets) {
            inline[t] = data.length == 0 ? new byte[0]
                    : Arrays.copyOf(encoder.frame(shardOf(t)), encoder.frameLength());
            bytes += inline[t].length;
        }
        boolean[] alive = new boolean[set.drives().size()];
        for (int t : targets) {
            alive[t] = true;
        }
        return commit(targets, alive, null, inline, bytes, "");
    }

    /**
     * Writes one part's rebuilt frames to the live targets' temp files; a target whose write fails is dropped.
     *
     * @return the bytes written
     */
    private long writePart(PartMeta part, String path, BlockEncoder encoder, BitrotChecksum checksum,
            boolean[] alive, String[] error) throws ObjectStoreException {
        List<Drive> drives = set.drives();
        OutputStream[] outs = new OutputStream[drives.size()];
        int k = version.erasure().dataShards();
        int m = version.erasure().parityShards();
        BlockLayout layout = new BlockLayout(part.size(), version.erasure().blockSizeBytes(), k,
                checksum.sizeBytes());
        long written = 0;
        try {
            for (int t = 0; t < outs.length; t++) {
                if (alive[t]) {
                    try {
                        outs[t] = drives.get(t).createFile(Drive.TEMP_VOLUME, path);
                    } catch (IOException e) {
                        drop(t, alive, outs, error, e);
                    }
                }
            }
            String[] names = new String[k + m];
            ShardSource[] sources = ObjectStream.shardSources(drives, volume, key, version, good, part, names);
            byte[] block = new byte[layout.blockSize()];
            try (PartStream in = new PartStream(layout, set.codecFor(version), checksum, m, sources, names, 0,
                    part.size(), set.engine().damage(), volume, key, k > 1 ? set.engine().io() : null,
                    set.engine().buffers())) {
                for (long j = 0; j < layout.blocks(); j++) {
                    int len = layout.blockLength(j);
                    if (in.readNBytes(block, 0, len) != len) {
                        throw new IOException("part " + part.number() + " ended early");
                    }
                    encoder.encode(block, len);
                    written += writeFrames(encoder, outs, alive, error);
                }
            }
            for (int t = 0; t < outs.length; t++) {
                if (outs[t] != null) {
                    try {
                        outs[t].close();
                        outs[t] = null;
                    } catch (IOException e) {
                        drop(t, alive, outs, error, e);
                    }
                }
            }
        } catch (IOException e) {
            for (int t = 0; t < outs.length; t++) {
                if (alive[t]) {
                    drop(t, alive, outs, error, e);
                }
            }
        }
        return written;
    }

    private long writeFrames(BlockEncoder encoder, OutputStream[] outs, boolean[] alive, String[] error) {
        long written = 0;
        int len = encoder.frameLength();
        for (int t = 0; t < outs.length; t++) {
            if (outs[t] != null) {
                try {
                    outs[t].write(encoder.frame(shardOf(t)), 0, len);
                    written += len;
                } catch (IOException e) {
                    drop(t, alive, outs, error, e);
                }
            }
        }
        return written;
    }

    private Written commit(List<Integer> targets, boolean[] alive, String dataPath, byte[][] inline, long bytes,
            String firstError) {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < alive.length; t++) {
            Drive d = set.drives().get(t);
            FileInfo fi = SetStore.forDrive(version, t, inline == null ? null : inline[t]);
            tasks.add(alive[t] && targets.contains(t)
                    ? () -> d.commitObjectReporting(Drive.TEMP_VOLUME, dataPath, volume, key, fi) : null);
        }
        int ok = 0;
        String error = firstError;
        boolean[] toFinish = new boolean[alive.length];
        int t = 0;
        for (Engine.Outcome<Boolean> o : set.engine().parallel(tasks)) {
            if (o != null && o.ok()) {
                ok++;
            } else if (o != null && error.isEmpty()) {
                error = o.error().getMessage();
            }
            // A healed copy replaces a stale or damaged one: nothing to restore, so the replaced one goes at once.
            toFinish[t++] = o != null && o.ok() && !Boolean.FALSE.equals(o.value());
        }
        CommitFinisher.finish(set.engine(), set.drives(), volume, key, toFinish, "after a heal");
        return new Written(ok, bytes, error);
    }

    private void cleanup(List<Integer> targets, String tmpId) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int t : targets) {
            Drive d = set.drives().get(t);
            tasks.add(() -> {
                d.delete(Drive.TEMP_VOLUME, tmpId, true);
                return null;
            });
        }
        set.engine().parallel(tasks);
    }

    private static void drop(int t, boolean[] alive, OutputStream[] outs, String[] error, IOException e) {
        alive[t] = false;
        if (outs[t] != null) {
            try {
                outs[t].close();
            } catch (IOException ignored) {
                // The temp file is removed by the cleanup; nothing of it becomes visible.
            }
            outs[t] = null;
        }
        if (error[0].isEmpty()) {
            error[0] = e.getMessage();
        }
    }

    private int shardOf(int position) {
        return version.erasure().distribution().get(position);
    }

    private static int count(FileInfo[] infos) {
        int c = 0;
        for (FileInfo fi : infos) {
            c += fi == null ? 0 : 1;
        }
        return c;
    }
}
