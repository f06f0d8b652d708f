/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * Options of a copy.
 *
 * @param replaceMetadata the destination's metadata (REPLACE directive), or {@code null} to copy the source's
 * @param storageClass the destination's storage class, or {@code null} to keep the source's
 * @param sourceConditions the {@code x-amz-copy-source-if-*} conditions (failure: {@code PRECONDITION_FAILED})
 * @param destinationConditions conditional write on the destination, as for puts
 */
public record CopyOptions(java.util.Map<String, String> replaceMetadata, StorageClass storageClass,
        Conditions sourceConditions, Conditions destinationConditions) {

    /** Copy data and metadata, no conditions. */
    public static final CopyOptions DEFAULT = new CopyOptions(null, null, null, null);

    /**
     * Normalises the components.
     *
     * @param replaceMetadata the replacement metadata or {@code null}
     * @param storageClass the storage class or {@code null}
     * @param sourceConditions source conditions
     * @param destinationConditions destination conditions
     */
    public CopyOptions {
        replaceMetadata = replaceMetadata == null ? null : java.util.Map.copyOf(replaceMetadata);
        sourceConditions = sourceConditions == null ? Conditions.NONE : sourceConditions;
        destinationConditions = destinationConditions == null ? Conditions.NONE : destinationConditions;
    }
}
