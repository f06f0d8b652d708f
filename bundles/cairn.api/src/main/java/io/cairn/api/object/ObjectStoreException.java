/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.Objects;

/**
 * A failed object store operation with its {@link ErrorKind}.
 */
public class ObjectStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kind of failure. */
    private final ErrorKind kind;

    /**
     * Creates the exception.
     *
     * @param kind the kind of failure
     * @param message a description for logs and the S3 error message
     */
    public ObjectStoreException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates the exception with a cause.
     *
     * @param kind the kind of failure
     * @param message a description for logs and the S3 error message
     * @param cause the underlying failure
     */
    public ObjectStoreException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns the kind of failure.
     *
     * @return the kind
     */
    public ErrorKind kind() {
        return kind;
    }
}
