/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

/**
 * What one drive of an object's erasure set held when a heal examined the object.
 */
public enum DriveHealState {
    /** The drive holds the current version, intact as far as it was checked. */
    OK,
    /** The drive lacks the object, its metadata or a shard file. */
    MISSING,
    /** The drive's metadata or a shard block failed its checksum, or a shard file has the wrong size. */
    CORRUPT,
    /** The drive holds another (older) version of the object. */
    STALE,
    /** The drive did not answer; it was left alone. */
    OFFLINE
}
