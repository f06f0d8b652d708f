/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Called by the engine after the whole body of a put or part upload was read and before anything is committed. The
 * S3 layer uses it to check payload hashes (SigV4 {@code x-amz-content-sha256}, {@code x-amz-checksum-*}) that it
 * computed on the stream it passed in, and to add metadata derived from them.
 */
@ConsumerType
@FunctionalInterface
public interface PutVerifier {

    /**
     * Verifies a completely read body.
     *
     * @param md5 the body's MD5 (16 bytes)
     * @param size the number of body bytes read
     * @return extra metadata entries to store with the object (not with parts), may be empty, never {@code null}
     * @throws ObjectStoreException to abort the write; nothing becomes visible and the exception is rethrown to
     *     the caller unchanged
     */
    Map<String, String> verify(byte[] md5, long size) throws ObjectStoreException;
}
