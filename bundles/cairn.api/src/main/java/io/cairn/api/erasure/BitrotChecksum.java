/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.erasure;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A checksum of at least 64 bits that protects one shard block on disk against bitrot.
 *
 * <p>{@link #checksumId()} names the exact function (for example {@code xxh3-64-v1}); it is recorded with every
 * object, and every implementation of one id returns the same value for the same bytes. Implementations are
 * thread-safe, keep no reference to the input array and do not allocate per call.
 */
@ProviderType
public interface BitrotChecksum {

    /** Service property naming the checksum function an implementation computes. */
    String CHECKSUM_ID = "checksum.id";

    /**
     * Returns the id of the checksum function.
     *
     * @return the checksum id, never {@code null}
     */
    String checksumId();

    /**
     * Returns the size of a checksum value in bytes (at least 8).
     *
     * @return the number of bytes {@link #checksum(byte[], int, int, byte[], int)} writes
     */
    int sizeBytes();

    /**
     * Computes the checksum of {@code data[offset, offset + length)} and writes it to
     * {@code out[outOffset, outOffset + sizeBytes())}.
     *
     * @param data the bytes to check
     * @param offset start of the bytes
     * @param length number of bytes
     * @param out where the checksum is written
     * @param outOffset position of the checksum in {@code out}
     * @throws IndexOutOfBoundsException when a range lies outside its array
     */
    void checksum(byte[] data, int offset, int length, byte[] out, int outOffset);
}
