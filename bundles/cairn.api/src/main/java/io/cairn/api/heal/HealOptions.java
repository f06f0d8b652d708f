/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

/**
 * How thoroughly one object is examined and what a heal may remove.
 *
 * @param deep read every shard block and verify its bitrot checksum, instead of checking only that each drive holds
 *     the object's current metadata and shard files of the right size
 * @param removeDangling remove an object that fewer drives than its read quorum hold and that cannot be rebuilt;
 *     without it such an object is only reported as {@link HealResult.Outcome#DANGLING}
 */
public record HealOptions(boolean deep, boolean removeDangling) {

    /** Metadata and shard presence, no removal of dangling objects. */
    public static final HealOptions NORMAL = new HealOptions(false, false);

    /** Every shard block verified, no removal of dangling objects. */
    public static final HealOptions DEEP = new HealOptions(true, false);
}
