/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Healing on one node, for operators: manual heals and the state of every kind of healing (missed-write queue,
 * scanner, drive heals). Behind {@code cairn:heal} and the admin API.
 */
@ProviderType
public interface HealService {

    /**
     * Starts a manual heal of every object under a scope. Only one manual heal runs at a time: while one runs, the
     * start is refused unless {@code replace} is set, which stops the running one first.
     *
     * @param bucket the bucket, empty for every bucket
     * @param prefix the key prefix within the bucket, may be empty
     * @param deep whether every shard block is verified
     * @param replace whether a manual heal still running is stopped and replaced rather than refused
     * @return the task as it starts
     * @throws IllegalArgumentException when the bucket name is not valid
     * @throws IllegalStateException when a manual heal is running and {@code replace} is not set; the message names
     *         the running heal
     */
    HealStatus.Task start(String bucket, String prefix, boolean deep, boolean replace);

    /**
     * Starts a manual heal of every object under a scope unless one is running: the same as {@link #start(String,
     * String, boolean, boolean)} without {@code replace}.
     *
     * @param bucket the bucket, empty for every bucket
     * @param prefix the key prefix within the bucket, may be empty
     * @param deep whether every shard block is verified
     * @return the task as it starts
     * @throws IllegalArgumentException when the bucket name is not valid
     * @throws IllegalStateException when a manual heal is running
     */
    default HealStatus.Task start(String bucket, String prefix, boolean deep) {
        return start(bucket, prefix, deep, false);
    }

    /**
     * Stops the running manual heal.
     *
     * @return {@code true} when one was running
     */
    boolean stop();

    /**
     * Returns the state of healing on this node.
     *
     * @return a snapshot
     */
    HealStatus status();
}
