/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * Streams a byte range of an object across its parts, one {@link PartStream} at a time.
 */
final class ObjectStream extends InputStream {

    private final SetStore set;
    private final String volume;
    private final String key;
    private final SetStore.Resolved resolved;
    private final ErasureCodec codec;
    private final BitrotChecksum checksum;
    private final List<PartMeta> parts;
    private long position;
    private final long end;
    private int partIndex;
    private long partStart;
    private PartStream current;

    ObjectStream(SetStore set, String volume, String key, SetStore.Resolved resolved, long offset, long length,
            ErasureCodec codec, BitrotChecksum checksum) {
        this.set = set;
        this.volume = volume;
        this.key = key;
        this.resolved = resolved;
        this.codec = codec;
        this.checksum = checksum;
        this.parts = resolved.info().parts();
        this.position = offset;
        this.end = offset + length;
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
        while (position < end) {
            if (current == null) {
                openPartAt(position);
            }
            int n = current.read(b, off, (int) Math.min(len, end - position));
            if (n > 0) {
                position += n;
                return n;
            }
            current.close();
            current = null;
            partStart += parts.get(partIndex).size();
            partIndex++;
        }
        return -1;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private void openPartAt(long pos) throws IOException {
        while (partIndex < parts.size() && pos >= partStart + parts.get(partIndex).size()) {
            partStart += parts.get(partIndex).size();
            partIndex++;
        }
        if (partIndex >= parts.size()) {
            throw new IOException("object " + volume + "/" + key + " has fewer bytes than its size");
        }
        PartMeta part = parts.get(partIndex);
        long inPart = pos - partStart;
        long length = Math.min(part.size() - inPart, end - pos);
        FileInfo info = resolved.info();
        int k = info.erasure().dataShards();
        int m = info.erasure().parityShards();
        BlockLayout layout = new BlockLayout(part.size(), info.erasure().blockSizeBytes(), k, checksum.sizeBytes());
        String[] names = new String[k + m];
        ShardSource[] sources = shardSources(set.drives(), volume, key, info, resolved.perDrive(), part, names);
        current = new PartStream(layout, codec, checksum, m, sources, names, inPart, length,
                set.engine().damage(), volume, key, k > 1 ? set.engine().io() : null);
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
