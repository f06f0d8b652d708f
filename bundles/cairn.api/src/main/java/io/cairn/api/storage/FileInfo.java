/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One drive's metadata of an object version.
 *
 * <p>The drive stores it with a format version first and reads older versions through a migration, so fields can
 * be added. {@code inlineData}, when not {@code null}, holds this drive's whole shard file of a small object (the
 * bitrot-framed shard blocks), so that reading it needs no second file.
 *
 * @param versionId the version id ({@code "null"} while versioning is off)
 * @param dataDir the name of the directory holding the shard files, or {@code null} when the data is inline
 * @param modTime the modification time
 * @param size the object size in bytes
 * @param etag the ETag without quotes
 * @param storageClass the storage class name ({@code STANDARD} or {@code REDUCED_REDUNDANCY})
 * @param metadata the content and user metadata, case-preserving
 * @param erasure the erasure layout with this drive's shard index
 * @param parts the parts, at least one when the object has data
 * @param inlineData this drive's framed shard bytes when stored inline, else {@code null}
 */
public record FileInfo(String versionId, String dataDir, Instant modTime, long size, String etag,
        String storageClass, Map<String, String> metadata, ErasureLayout erasure, List<PartMeta> parts,
        byte[] inlineData) {

    /**
     * Validates and copies the components.
     *
     * @param versionId the version id
     * @param dataDir the data directory name or {@code null}
     * @param modTime the modification time
     * @param size the size
     * @param etag the etag
     * @param storageClass the storage class
     * @param metadata the metadata
     * @param erasure the layout
     * @param parts the parts
     * @param inlineData inline shard bytes or {@code null}
     */
    public FileInfo {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(modTime, "modTime");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(erasure, "erasure");
        metadata = Map.copyOf(metadata);
        parts = List.copyOf(parts);
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    /**
     * Returns a copy without inline data (as listings return it).
     *
     * @return this metadata with {@code inlineData} set to {@code null}
     */
    public FileInfo withoutData() {
        return inlineData == null ? this
                : new FileInfo(versionId, dataDir, modTime, size, etag, storageClass, metadata, erasure, parts, null);
    }

    /**
     * Returns a copy with other metadata and modification time (for a metadata-only update).
     *
     * @param newMetadata the new metadata map
     * @param newModTime the new modification time
     * @return the updated copy
     */
    public FileInfo withMetadata(Map<String, String> newMetadata, Instant newModTime) {
        return new FileInfo(versionId, dataDir, newModTime, size, etag, storageClass, newMetadata, erasure, parts,
                inlineData);
    }

    /**
     * Tells whether two drives' copies describe the same version (everything but the shard index and inline
     * bytes agree).
     *
     * @param other another drive's metadata
     * @return {@code true} when both describe one version
     */
    public boolean sameVersion(FileInfo other) {
        return versionId.equals(other.versionId) && Objects.equals(dataDir, other.dataDir)
                && modTime.equals(other.modTime) && size == other.size && etag.equals(other.etag)
                && erasure.dataShards() == other.erasure.dataShards()
                && erasure.parityShards() == other.erasure.parityShards()
                && erasure.distribution().equals(other.erasure.distribution());
    }
}
