/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The state of the deployment's drives, for admin commands, metrics and health checks.
 */
@ProviderType
public interface StorageStatus {

    /**
     * Returns every drive's state, ordered by pool, set and position.
     *
     * @return the drives
     */
    List<DriveStatus> drives();

    /**
     * Returns the deployment id.
     *
     * @return the deployment id (a UUID string)
     */
    String deploymentId();

    /**
     * Returns the number of shard blocks that failed their checksum since start.
     *
     * @return the counter
     */
    long bitrotErrors();
}
