/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * The state of one drive of the deployment.
 *
 * @param endpoint the drive's endpoint
 * @param pool the pool index
 * @param set the set index in the pool
 * @param position the position in the set
 * @param online whether it answers with the expected format
 * @param totalBytes its capacity
 * @param freeBytes its free space
 * @param error why it is offline, empty when online
 */
public record DriveStatus(String endpoint, int pool, int set, int position, boolean online, long totalBytes,
        long freeBytes, String error) {
}
