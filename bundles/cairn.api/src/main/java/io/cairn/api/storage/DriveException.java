/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.io.IOException;

/**
 * A failed drive operation. It extends {@link IOException} so that the streams a drive returns can raise it in the
 * middle of a transfer.
 */
public class DriveException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a drive operation failed. */
    public enum Reason {
        /** The drive is unreachable, missing or unusable; it counts as offline in every quorum. */
        OFFLINE,
        /** The drive holds no Cairn format yet. */
        UNFORMATTED,
        /** The drive belongs to another deployment or another position, or is a non-empty non-Cairn directory. */
        FOREIGN_FORMAT,
        /** The volume does not exist. */
        VOLUME_NOT_FOUND,
        /** The volume already exists. */
        VOLUME_EXISTS,
        /** The volume still holds objects. */
        VOLUME_NOT_EMPTY,
        /** The file or object does not exist. */
        FILE_NOT_FOUND,
        /** The drive has no space left. */
        FULL,
        /** Stored bytes failed a consistency check (for example a metadata checksum). */
        CORRUPT,
        /** A volume, path or key is not acceptable (traversal, NUL, reserved or too long). */
        INVALID_NAME,
        /** Any other input/output failure. */
        IO
    }

    /** The reason of the failure. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the operation failed
     * @param message a description naming the drive and the file
     */
    public DriveException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the operation failed
     * @param message a description naming the drive and the file
     * @param cause the underlying failure
     */
    public DriveException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Returns why the operation failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
