/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.time.Instant;

/**
 * A volume (bucket directory) on a drive.
 *
 * @param name the volume name
 * @param created when the volume was created
 */
public record VolumeInfo(String name, Instant created) {
}
