/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens drives of one kind (local directories; remote drives come with the peer transport). The object layer uses
 * it at bootstrap: it reads every drive's format to learn the deployment id, then opens each drive with the
 * format it must have, which formats empty drives.
 */
@ProviderType
public interface DriveFactory {

    /**
     * Reads a drive's format without opening it.
     *
     * @param endpoint the drive endpoint (for local drives a directory path)
     * @return the format, or empty when the drive is empty or missing (not yet formatted)
     * @throws DriveException {@code FOREIGN_FORMAT} for a non-empty directory that is not a Cairn drive,
     *     {@code CORRUPT} for an unreadable format file, {@code OFFLINE} when the drive cannot be read
     */
    Optional<FormatInfo> readFormat(String endpoint) throws DriveException;

    /**
     * Opens a drive, formatting it with {@code expected} when it is empty or missing, and empties its temp volume.
     *
     * @param endpoint the drive endpoint
     * @param expected the deployment and position the drive must have
     * @return the drive
     * @throws DriveException {@code FOREIGN_FORMAT} when the drive belongs to another deployment or position or
     *     is a non-empty non-Cairn directory, {@code OFFLINE} when it cannot be used
     */
    Drive open(String endpoint, FormatInfo expected) throws DriveException;
}
