/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import java.util.Objects;

/**
 * One object that needs healing.
 *
 * @param bucket the bucket (or the system volume name for internal objects)
 * @param key the object key
 * @param reason why healing is needed
 * @param detail a short human-readable detail for logs (drive endpoint, part number), never {@code null}
 */
public record HealRequest(String bucket, String key, Reason reason, String detail) {

    /** Why an object needs healing. */
    public enum Reason {
        /** A shard block failed its bitrot checksum and was reconstructed from parity. */
        BITROT,
        /** The object's metadata or a shard was missing on a drive that was online. */
        MISSING,
        /** A write or delete reached quorum but not every drive of the set. */
        PARTIAL_WRITE,
        /** The drives disagree on the object's version. */
        INCONSISTENT
    }

    /**
     * Validates the components.
     *
     * @param bucket the bucket
     * @param key the key
     * @param reason the reason
     * @param detail the detail
     */
    public HealRequest {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }
}
