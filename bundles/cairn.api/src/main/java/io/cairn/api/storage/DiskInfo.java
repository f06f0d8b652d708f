/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

/**
 * Capacity and state of a drive.
 *
 * @param endpoint the drive's endpoint as given on the command line
 * @param totalBytes the file system's size in bytes (0 when offline)
 * @param freeBytes the bytes available to Cairn (0 when offline)
 * @param online whether the drive answers and holds the expected format
 * @param error why the drive is offline, empty when online
 */
public record DiskInfo(String endpoint, long totalBytes, long freeBytes, boolean online, String error) {
}
