/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Options of a copy.
 *
 * @param replaceMetadata the destination's metadata (REPLACE directive), or {@code null} to copy the source's
 * @param storageClass the destination's storage class, or {@code null} to keep the source's
 * @param sourceConditions the {@code x-amz-copy-source-if-*} conditions (failure: {@code PRECONDITION_FAILED})
 * @param destinationConditions conditional write on the destination, as for puts
 * @param metadataChange computes the destination's metadata from the metadata of the source version the copy
 *     reads (given unmodifiable; it never returns {@code null}), or {@code null}; it wins over
 *     {@code replaceMetadata}. Entries that describe the data, such as checksums, must come from that map: a
 *     source read before the copy may have been overwritten since.
 */
public record CopyOptions(Map<String, String> replaceMetadata, StorageClass storageClass,
        Conditions sourceConditions, Conditions destinationConditions,
        UnaryOperator<Map<String, String>> metadataChange) {

    /** Copy data and metadata, no conditions. */
    public static final CopyOptions DEFAULT = new CopyOptions(null, null, null, null);

    /**
     * Normalises the components.
     *
     * @param replaceMetadata the replacement metadata or {@code null}
     * @param storageClass the storage class or {@code null}
     * @param sourceConditions source conditions
     * @param destinationConditions destination conditions
     * @param metadataChange the destination's metadata from the source's, or {@code null}
     */
    public CopyOptions {
        replaceMetadata = replaceMetadata == null ? null : Map.copyOf(replaceMetadata);
        sourceConditions = sourceConditions == null ? Conditions.NONE : sourceConditions;
        destinationConditions = destinationConditions == null ? Conditions.NONE : destinationConditions;
    }

    /**
     * Options without a metadata change function.
     *
     * @param replaceMetadata the replacement metadata or {@code null}
     * @param storageClass the storage class or {@code null}
     * @param sourceConditions source conditions
     * @param destinationConditions destination conditions
     */
    public CopyOptions(Map<String, String> replaceMetadata, StorageClass storageClass,
            Conditions sourceConditions, Conditions destinationConditions) {
        this(replaceMetadata, storageClass, sourceConditions, destinationConditions, null);
    }

    /**
     * Tells whether the copy gives the destination other metadata than the source's.
     *
     * @return {@code true} with {@code replaceMetadata} or {@code metadataChange}
     * @since 1.3
     */
    public boolean changesMetadata() {
        return replaceMetadata != null || metadataChange != null;
    }

    /**
     * The destination's metadata for a source version with the given metadata.
     *
     * @param source the metadata of the source version the copy reads
     * @return the destination's metadata: computed by {@code metadataChange}, else {@code replaceMetadata}, else
     *     {@code source}
     * @since 1.3
     */
    public Map<String, String> destinationMetadata(Map<String, String> source) {
        if (metadataChange != null) {
            return Objects.requireNonNull(metadataChange.apply(Collections.unmodifiableMap(source)),
                    "metadataChange returned null");
        }
        return replaceMetadata != null ? replaceMetadata : source;
    }
}
