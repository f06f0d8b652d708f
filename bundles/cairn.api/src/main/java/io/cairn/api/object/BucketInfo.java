/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;

/**
 * A bucket.
 *
 * @param name the bucket name
 * @param created when it was created
 * @param location its region, empty for the default
 */
public record BucketInfo(String name, Instant created, String location) {
}
