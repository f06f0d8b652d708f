/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.erasure;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A systematic Reed–Solomon erasure code over GF(2^8) with {@code k} data shards and {@code m} parity
 * shards ({@code k >= 1}, {@code m >= 0}, {@code k + m <= 256}).
 *
 * <p><b>Identity.</b> {@link #codecId()} names the exact code (field polynomial and matrix construction),
 * for example {@code rs-cauchy-gf8-v1}. Two implementations with the same id produce byte-identical parity
 * for the same input and reconstruct the same bytes; the id is stored with every object.
 *
 * <p><b>Buffers.</b> Shards are passed as an array of {@code k + m} byte arrays; indices {@code 0..k-1} are
 * data shards and {@code k..k+m-1} parity shards. Every shard is read or written in the range
 * {@code [offset, offset + length)} of its array; bytes outside that range are never touched, and the
 * {@code k + m} arrays must be distinct objects. The caller owns all arrays; the codec never keeps a
 * reference to them after the call returns and never allocates shard-sized memory per call.
 *
 * <p><b>Thread safety.</b> Implementations are safe for concurrent use by many threads. A call that
 * started before the providing bundle was stopped completes normally.
 *
 * <p><b>Bad arguments.</b> A {@code null} array, a wrong number of shards, a shard array shorter than
 * {@code offset + length}, a negative offset or length, a {@code k} or {@code m} outside the limits above,
 * or fewer than {@code k} present shards for reconstruction raise {@link IllegalArgumentException} before any
 * output is written.
 */
@ProviderType
public interface ErasureCodec {

    /** Service property naming the code an implementation provides, for example {@code rs-cauchy-gf8-v1}. */
    String CODEC_ID = "codec.id";

    /** Service property naming the implementation, for example {@code portable} or {@code simd}. */
    String IMPLEMENTATION = "codec.implementation";

    /** The largest total number of shards, {@code k + m}. */
    int MAX_TOTAL_SHARDS = 256;

    /**
     * Returns the id of the code this implementation computes.
     *
     * @return the codec id, never {@code null}
     */
    String codecId();

    /**
     * Returns a short name of this implementation, such as {@code portable} or {@code simd}.
     *
     * @return the implementation name, never {@code null}
     */
    String implementation();

    /**
     * Computes the {@code m} parity shards from the {@code k} data shards.
     *
     * @param dataShards number of data shards {@code k}
     * @param parityShards number of parity shards {@code m}
     * @param shards {@code k + m} arrays; the first {@code k} are read, the last {@code m} are overwritten
     * @param offset start of the shard bytes in every array
     * @param length number of bytes per shard
     * @throws IllegalArgumentException on bad arguments, see the type documentation
     */
    void encode(int dataShards, int parityShards, byte[][] shards, int offset, int length);

    /**
     * Rebuilds missing shards from any {@code k} present ones.
     *
     * @param dataShards number of data shards {@code k}
     * @param parityShards number of parity shards {@code m}
     * @param shards {@code k + m} arrays, each with room for {@code offset + length} bytes
     * @param present {@code present[i]} tells whether shard {@code i} holds valid bytes; at least {@code k}
     *     must be {@code true}. The array is only read.
     * @param offset start of the shard bytes in every array
     * @param length number of bytes per shard
     * @param dataOnly when {@code true} only missing data shards are rebuilt and missing parity shards are
     *     left untouched; when {@code false} every missing shard is rebuilt
     * @throws IllegalArgumentException on bad arguments or fewer than {@code k} present shards
     */
    void reconstruct(int dataShards, int parityShards, byte[][] shards, boolean[] present, int offset, int length,
            boolean dataOnly);
}
