/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.io.InputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An opened object: its description, the resolved range and a stream of exactly that range. Closing it releases
 * the drives' files and the object's read lock, which the engine holds while the reader is open so that no writer
 * replaces the data under it (a write of the same key waits meanwhile); it must be closed on every path, promptly.
 */
@ProviderType
public interface ObjectReader extends AutoCloseable {

    /**
     * Returns the object's description.
     *
     * @return the object info
     */
    ObjectInfo info();

    /**
     * Returns the first byte of the stream within the object.
     *
     * @return the offset
     */
    long offset();

    /**
     * Returns the number of bytes the stream yields.
     *
     * @return the length
     */
    long length();

    /**
     * Tells whether a range or part was requested (206 Partial Content) rather than the whole object.
     *
     * @return {@code true} for a partial response
     */
    boolean partial();

    /**
     * Returns the stream of the range. It throws an {@code IOException} when the object can no longer be read
     * with quorum in the middle of the transfer. Its first read may wait for the node's buffers; when they do not
     * become free in time it throws an {@code IOException} whose cause is an {@link ObjectStoreException} of kind
     * {@link ErrorKind#BUSY}.
     *
     * @return the stream, to be read once
     */
    InputStream stream();

    /** Releases the resources. Never throws. */
    @Override
    void close();
}
