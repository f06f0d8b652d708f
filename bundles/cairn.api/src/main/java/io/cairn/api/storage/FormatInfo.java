/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.util.Objects;

/**
 * The identity a formatted drive carries: which deployment it belongs to and where it sits in the layout.
 *
 * @param formatVersion version of the drive format file
 * @param deploymentId the deployment's id (a UUID string)
 * @param driveId this drive's own id (a UUID string)
 * @param pool the index of the drive's pool, from 0
 * @param set the index of the drive's erasure set within the pool, from 0
 * @param position the drive's position within its set, from 0
 * @param setCount the number of sets in the pool
 * @param setSize the number of drives per set
 */
public record FormatInfo(int formatVersion, String deploymentId, String driveId, int pool, int set, int position,
        int setCount, int setSize) {

    /** The drive format version this API describes. */
    public static final int CURRENT_VERSION = 1;

    /**
     * Validates the components.
     *
     * @param formatVersion the format version
     * @param deploymentId the deployment id
     * @param driveId the drive id
     * @param pool the pool index
     * @param set the set index
     * @param position the position in the set
     * @param setCount sets in the pool
     * @param setSize drives per set
     */
    public FormatInfo {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(driveId, "driveId");
        if (pool < 0 || set < 0 || position < 0 || setCount < 1 || setSize < 1 || set >= setCount
                || position >= setSize) {
            throw new IllegalArgumentException("bad drive position " + pool + "/" + set + "/" + position);
        }
    }

    /**
     * Tells whether this format names the same deployment and position as {@code other}.
     *
     * @param other the expected format
     * @return {@code true} when deployment, pool, set and position agree
     */
    public boolean samePlace(FormatInfo other) {
        return deploymentId.equals(other.deploymentId) && pool == other.pool && set == other.set
                && position == other.position;
    }
}
