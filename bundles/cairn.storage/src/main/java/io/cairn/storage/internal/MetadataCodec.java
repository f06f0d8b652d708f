/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * Encodes an object's metadata file.
 *
 * <p>File layout: the magic {@code CRNM}, a big-endian 16-bit format version, the CBOR payload, and a CRC32C of
 * everything before it. The checksum turns a flipped byte anywhere in the file (inline data included) into
 * {@code CORRUPT}, so the object layer treats the drive's copy as missing instead of trusting it.
 *
 * <p>Versions: 1 held a single version with a millisecond modification time and no storage class; 2 (current)
 * holds a list of versions (newest first, one while versioning is off) with nanosecond times and the storage
 * class. Older versions are read through {@link #migrate(V1)}; files are always written in the current version.
 */
final class MetadataCodec {

    /** The version written. */
    static final int CURRENT_VERSION = 2;

    private static final byte[] MAGIC = {'C', 'R', 'N', 'M'};
    private static final int HEADER = MAGIC.length + 2;
    private static final int TRAILER = 4;

    private final ObjectMapper mapper = new ObjectMapper(new CBORFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Version 1 payload: one object version. Public fields for Jackson. */
    public static final class V1 {
        public String versionId;
        public String dataDir;
        public long modTimeMillis;
        public long size;
        public String etag;
        public Map<String, String> metadata;
        public ErasureDto erasure;
        public List<PartDto> parts;
        public byte[] inline;
    }

    /** Version 2 payload. */
    public static final class V2 {
        public List<VersionDto> versions;
    }

    /** One version in format 2. */
    public static final class VersionDto {
        public String versionId;
        public String dataDir;
        public long modTimeSeconds;
        public int modTimeNanos;
        public long size;
        public String etag;
        public String storageClass;
        public Map<String, String> metadata;
        public ErasureDto erasure;
        public List<PartDto> parts;
        public byte[] inline;
    }

    /** The erasure layout. */
    public static final class ErasureDto {
        public String codecId;
        public String checksumId;
        public int dataShards;
        public int parityShards;
        public int blockSizeBytes;
        public int index;
        public List<Integer> distribution;
    }

    /** One part. */
    public static final class PartDto {
        public int number;
        public long size;
        public String etag;
        public long modTimeMillis;
    }

    /**
     * Encodes metadata in the current format.
     *
     * @param info the metadata
     * @return the file content
     * @throws IOException when encoding fails
     */
    byte[] encode(FileInfo info) throws IOException {
        V2 v2 = new V2();
        v2.versions = List.of(toDto(info));
        return frame(CURRENT_VERSION, mapper.writeValueAsBytes(v2));
    }

    /**
     * Encodes metadata in format 1 (kept so that tests can write old files and prove the migration).
     *
     * @param info the metadata
     * @return the file content
     * @throws IOException when encoding fails
     */
    byte[] encodeV1(FileInfo info) throws IOException {
        VersionDto d = toDto(info);
        V1 v1 = new V1();
        v1.versionId = d.versionId;
        v1.dataDir = d.dataDir;
        v1.modTimeMillis = info.modTime().toEpochMilli();
        v1.size = d.size;
        v1.etag = d.etag;
        v1.metadata = d.metadata;
        v1.erasure = d.erasure;
        v1.parts = d.parts;
        v1.inline = d.inline;
        return frame(1, mapper.writeValueAsBytes(v1));
    }

    /**
     * Decodes a metadata file of any known format version.
     *
     * @param file the file content
     * @param includeData whether inline data is kept
     * @return the newest version's metadata
     * @throws DriveException {@code CORRUPT} on a bad magic, checksum, version or payload
     */
    FileInfo decode(byte[] file, boolean includeData) throws DriveException {
        if (file.length < HEADER + TRAILER || !startsWithMagic(file)) {
            throw corrupt("bad magic or short file");
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - TRAILER);
        int stored = ByteBuffer.wrap(file, file.length - TRAILER, TRAILER).getInt();
        if ((int) crc.getValue() != stored) {
            throw corrupt("checksum mismatch");
        }
        int version = ((file[4] & 0xff) << 8) | (file[5] & 0xff);
        int len = file.length - HEADER - TRAILER;
        try {
            VersionDto dto = switch (version) {
                case 1 -> migrate(mapper.readValue(file, HEADER, len, V1.class));
                case 2 -> present(MetadataV2Reader.latest(file, HEADER, len, includeData));
                default -> throw corrupt("unknown metadata format version " + version);
            };
            return fromDto(dto, includeData);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DriveException de) {
                throw de;
            }
            throw new DriveException(DriveException.Reason.CORRUPT, "unreadable metadata: " + e, e);
        }
    }

    /**
     * Migrates a format 1 payload: the modification time had millisecond precision and the storage class did not
     * exist (every object was STANDARD).
     *
     * @param v1 the old payload
     * @return the current form
     */
    static VersionDto migrate(V1 v1) {
        VersionDto d = new VersionDto();
        Instant t = Instant.ofEpochMilli(v1.modTimeMillis);
        d.versionId = v1.versionId;
        d.dataDir = v1.dataDir;
        d.modTimeSeconds = t.getEpochSecond();
        d.modTimeNanos = t.getNano();
        d.size = v1.size;
        d.etag = v1.etag;
        d.storageClass = "STANDARD";
        d.metadata = v1.metadata;
        d.erasure = v1.erasure;
        d.parts = v1.parts;
        d.inline = v1.inline;
        return d;
    }

    private static VersionDto present(VersionDto newest) throws DriveException {
        if (newest == null) {
            throw corrupt("no versions");
        }
        return newest;
    }

    private static boolean startsWithMagic(byte[] file) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (file[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] frame(int version, byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
        buf.put(MAGIC).putShort((short) version).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, HEADER + payload.length);
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    private static VersionDto toDto(FileInfo info) {
        VersionDto d = new VersionDto();
        d.versionId = info.versionId();
        d.dataDir = info.dataDir();
        d.modTimeSeconds = info.modTime().getEpochSecond();
        d.modTimeNanos = info.modTime().getNano();
        d.size = info.size();
        d.etag = info.etag();
        d.storageClass = info.storageClass();
        d.metadata = new LinkedHashMap<>(info.metadata());
        ErasureLayout l = info.erasure();
        ErasureDto e = new ErasureDto();
        e.codecId = l.codecId();
        e.checksumId = l.checksumId();
        e.dataShards = l.dataShards();
        e.parityShards = l.parityShards();
        e.blockSizeBytes = l.blockSizeBytes();
        e.index = l.index();
        e.distribution = l.distribution();
        d.erasure = e;
        d.parts = new ArrayList<>();
        for (PartMeta p : info.parts()) {
            PartDto pd = new PartDto();
            pd.number = p.number();
            pd.size = p.size();
            pd.etag = p.etag();
            pd.modTimeMillis = p.modTime().toEpochMilli();
            d.parts.add(pd);
        }
        d.inline = info.inlineData();
        return d;
    }

    private static FileInfo fromDto(VersionDto d, boolean includeData) throws DriveException {
        if (d.erasure == null || d.versionId == null || d.etag == null) {
            throw corrupt("incomplete metadata");
        }
        ErasureDto e = d.erasure;
        ErasureLayout layout = new ErasureLayout(e.codecId, e.checksumId, e.dataShards, e.parityShards,
                e.blockSizeBytes, e.index, e.distribution == null ? List.of() : e.distribution);
        List<PartMeta> parts = new ArrayList<>();
        if (d.parts != null) {
            for (PartDto p : d.parts) {
                parts.add(new PartMeta(p.number, p.size, p.etag, Instant.ofEpochMilli(p.modTimeMillis)));
            }
        }
        return new FileInfo(d.versionId, d.dataDir, Instant.ofEpochSecond(d.modTimeSeconds, d.modTimeNanos),
                d.size, d.etag, d.storageClass == null ? "STANDARD" : d.storageClass,
                d.metadata == null ? Map.of() : d.metadata, layout, parts, includeData ? d.inline : null);
    }

    private static DriveException corrupt(String message) {
        return new DriveException(DriveException.Reason.CORRUPT, "corrupt object metadata: " + message);
    }
}
