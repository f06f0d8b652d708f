/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.List;
import java.util.concurrent.ExecutorService;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.lock.LockService;
import io.cairn.api.storage.Drive;

/**
 * The object layer of one erasure set built outside a framework, the way the node builds it but with given
 * drives, codec, checksum and locks: for in-process benchmarks and tools on the class path. This package is not
 * exported, so nothing in the OSGi runtime can use it.
 */
public final class StandaloneObjectLayer implements AutoCloseable {

    /** Threads running drive calls in parallel, as the node's default {@code ioThreads}. */
    private static final int IO_THREADS = 128;

    private final ObjectLayer layer;
    private final ExecutorService io;

    private StandaloneObjectLayer(ObjectLayer layer, ExecutorService io) {
        this.layer = layer;
        this.io = io;
    }

    /**
     * Builds the layer over one erasure set with the engine's default settings (1 MiB blocks, 128 KiB inline
     * limit).
     *
     * @param deploymentId the deployment id the drives were formatted with
     * @param drives the set's drives in position order
     * @param codec the erasure codec
     * @param checksum the bitrot checksum
     * @param locks the lock service
     * @param parity the parity of STANDARD objects, or -1 for the set-size default
     * @return the layer; close it to stop its I/O threads
     */
    public static StandaloneObjectLayer create(String deploymentId, List<Drive> drives, ErasureCodec codec,
            BitrotChecksum checksum, LockService locks, int parity) {
        ExecutorService io = IoPool.create(IO_THREADS);
        DamageCounter damage = new DamageCounter(() -> null);
        Engine engine = new Engine(io, () -> codec, () -> checksum, locks,
                EngineConfig.DEFAULT.withParity(parity, -1), damage, new Placement(deploymentId),
                BufferPool.forHeap(), MemoryBudget.forHeap());
        return new StandaloneObjectLayer(new ObjectLayer(deploymentId, List.of(List.of(List.copyOf(drives))),
                engine, damage), io);
    }

    /**
     * Returns the layer.
     *
     * @return the object layer (buckets, objects, multipart, listing)
     */
    public ObjectLayer layer() {
        return layer;
    }

    /** Stops the I/O threads. */
    @Override
    public void close() {
        io.shutdownNow();
    }
}
