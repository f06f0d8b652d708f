/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.util.List;
import java.util.Objects;

/**
 * What healing one object (or one bucket) found and did.
 *
 * @param volume the bucket, or the system volume
 * @param key the object key, empty for a bucket
 * @param outcome the overall result
 * @param before per drive position of the set (for a bucket: per drive of the deployment), the state found
 * @param drivesHealed how many drives were written
 * @param bytesWritten the shard and metadata bytes written to those drives
 * @param objectSize the object's size in bytes, 0 when unknown
 * @param detail a short human-readable explanation, never {@code null}
 */
public record HealResult(String volume, String key, Outcome outcome, List<DriveHealState> before, int drivesHealed,
        long bytesWritten, long objectSize, String detail) {

    /** The overall result of healing one object. */
    public enum Outcome {
        /** Every drive that answered held the current version intact; nothing was written. */
        HEALTHY,
        /** Missing, stale or corrupt copies were rebuilt on the drives that needed them. */
        HEALED,
        /** A write quorum of drives no longer holds the object (a delete some drives missed): the leftovers were
         * removed. */
        DELETED,
        /** No drive holds the object. */
        NOT_FOUND,
        /** Fewer drives than the read quorum hold the object, it cannot be rebuilt, and removal was not allowed. */
        DANGLING,
        /** A dangling object was removed. */
        DANGLING_REMOVED,
        /** The object could not be decided or repaired now (drives offline, lock busy); a later heal retries. */
        SKIPPED
    }

    /**
     * Validates the components.
     *
     * @param volume the volume
     * @param key the key
     * @param outcome the outcome
     * @param before per drive state
     * @param drivesHealed drives written
     * @param bytesWritten bytes written
     * @param objectSize the object size
     * @param detail the explanation
     */
    public HealResult {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        before = List.copyOf(before);
        detail = detail == null ? "" : detail;
    }

    /**
     * Counts the drives found in a state.
     *
     * @param state the state
     * @return how many drives were in it before the heal
     */
    public int count(DriveHealState state) {
        int n = 0;
        for (DriveHealState s : before) {
            n += s == state ? 1 : 0;
        }
        return n;
    }
}
