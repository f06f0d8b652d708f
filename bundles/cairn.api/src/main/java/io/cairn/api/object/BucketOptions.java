/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * Options of a new bucket.
 *
 * @param location the region (LocationConstraint), empty for the default
 */
public record BucketOptions(String location) {

    /** The options of a bucket in the default location. */
    public static final BucketOptions DEFAULT = new BucketOptions("");

    /**
     * Normalises the components.
     *
     * @param location the location
     */
    public BucketOptions {
        location = location == null ? "" : location;
    }
}
