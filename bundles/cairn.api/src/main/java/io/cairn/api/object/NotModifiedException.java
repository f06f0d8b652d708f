/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.Objects;

/**
 * A read's If-None-Match or If-Modified-Since condition found the client's copy current ({@link
 * ErrorKind#NOT_MODIFIED}); carries the object the condition was evaluated against, whose ETag and modification time
 * a 304 answer repeats.
 */
public class NotModifiedException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    /** The object the condition was evaluated against. */
    private final transient ObjectInfo object;

    /**
     * Creates the exception.
     *
     * @param message which condition held
     * @param object the object the condition was evaluated against
     */
    public NotModifiedException(String message, ObjectInfo object) {
        super(ErrorKind.NOT_MODIFIED, message);
        this.object = Objects.requireNonNull(object, "object");
    }

    /**
     * Returns the object the condition was evaluated against.
     *
     * @return the object
     */
    public ObjectInfo object() {
        return object;
    }
}
