/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.lock;

/**
 * Thrown when a lock was not granted within the caller's timeout, or when a distributed lock service found it
 * cannot be granted at all (too few of its lock servers reachable for a quorum).
 */
public class LockTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The resource that could not be locked. */
    private final String resource;

    /**
     * Creates the exception.
     *
     * @param resource the resource that could not be locked
     * @param message a description for logs
     */
    public LockTimeoutException(String resource, String message) {
        super(message);
        this.resource = resource;
    }

    /**
     * Returns the resource that could not be locked.
     *
     * @return the resource name
     */
    public String resource() {
        return resource;
    }
}
