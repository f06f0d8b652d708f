/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FormatInfo;
import io.cairn.erasure.rs.PortableReedSolomon;
import io.cairn.erasure.rs.Xxh3Checksum;
import io.cairn.lock.internal.LocalLockService;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * A single-node object layer on real temp directories, for tests. Drives can be wrapped (fault injection).
 */
final class TestCluster implements AutoCloseable {

    final Path root;
    final List<Path> dirs = new ArrayList<>();
    final List<FaultyDrive> drives = new ArrayList<>();
    final ObjectLayer layer;
    final DamageCounter damage;
    final ExecutorService io;
    final String deploymentId;
    final HookedLocks locks = new HookedLocks(new LocalLockService());

    TestCluster(Path root, int sets, int setSize, EngineConfig config) throws IOException {
        this(root, sets, setSize, config, UnaryOperator.identity(), UUID.randomUUID().toString());
    }

    TestCluster(Path root, int sets, int setSize, EngineConfig config, UnaryOperator<Drive> wrap,
            String deploymentId) throws IOException {
        this(root, 1, sets, setSize, config, wrap, deploymentId);
    }

    /**
     * A layer of several server pools of the same shape; drives are numbered pool by pool.
     *
     * @param root the directory holding the drive folders
     * @param pools the number of pools
     * @param sets the sets per pool
     * @param setSize the drives per set
     * @param config the engine configuration
     * @throws IOException when a drive cannot be created
     */
    static TestCluster pools(Path root, int pools, int sets, int setSize, EngineConfig config) throws IOException {
        return new TestCluster(root, pools, sets, setSize, config, UnaryOperator.identity(),
                UUID.randomUUID().toString());
    }

    /**
     * A layer of one set whose bodies share the given memory budget.
     *
     * @param root the directory holding the drive folders
     * @param setSize the drives of the set
     * @param config the engine configuration
     * @param memory the budget
     * @return the cluster
     * @throws IOException when a drive cannot be created
     */
    static TestCluster withMemory(Path root, int setSize, EngineConfig config, MemoryBudget memory)
            throws IOException {
        return new TestCluster(root, 1, 1, setSize, config, UnaryOperator.identity(), UUID.randomUUID().toString(),
                memory);
    }

    /**
     * A layer of one set whose drives tell the age of leftover data directories by {@code clock}.
     *
     * @param root the directory holding the drive folders
     * @param setSize the drives of the set
     * @param config the engine configuration
     * @param clock the wall clock of the drives
     * @return the cluster
     * @throws IOException when a drive cannot be created
     */
    static TestCluster withClock(Path root, int setSize, EngineConfig config, Clock clock) throws IOException {
        return new TestCluster(root, 1, 1, setSize, config, UnaryOperator.identity(), UUID.randomUUID().toString(),
                MemoryBudget.forHeap(), new LocalDriveFactory(clock));
    }

    private TestCluster(Path root, int pools, int sets, int setSize, EngineConfig config, UnaryOperator<Drive> wrap,
            String deploymentId) throws IOException {
        this(root, pools, sets, setSize, config, wrap, deploymentId, MemoryBudget.forHeap());
    }

    private TestCluster(Path root, int pools, int sets, int setSize, EngineConfig config, UnaryOperator<Drive> wrap,
            String deploymentId, MemoryBudget memory) throws IOException {
        this(root, pools, sets, setSize, config, wrap, deploymentId, memory, new LocalDriveFactory());
    }

    private TestCluster(Path root, int pools, int sets, int setSize, EngineConfig config, UnaryOperator<Drive> wrap,
            String deploymentId, MemoryBudget memory, LocalDriveFactory factory) throws IOException {
        this.root = root;
        this.deploymentId = deploymentId;
        List<List<List<Drive>>> poolDrives = new ArrayList<>();
        for (int pool = 0; pool < pools; pool++) {
            List<List<Drive>> setDrives = new ArrayList<>();
            for (int s = 0; s < sets; s++) {
                List<Drive> list = new ArrayList<>();
                for (int p = 0; p < setSize; p++) {
                    Path dir = root.resolve((pool == 0 ? "d" : "pool" + pool + "-d") + s + "-" + p);
                    Files.createDirectories(dir);
                    dirs.add(dir);
                    FormatInfo f = new FormatInfo(1, deploymentId, UUID.randomUUID().toString(), pool, s, p, sets,
                            setSize);
                    FaultyDrive d = new FaultyDrive(wrap.apply(factory.open(dir.toString(), f)));
                    drives.add(d);
                    list.add(d);
                }
                setDrives.add(list);
            }
            poolDrives.add(setDrives);
        }
        io = new ThreadPoolExecutor(0, 64, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        damage = new DamageCounter(() -> null);
        PortableReedSolomon codec = new PortableReedSolomon();
        Xxh3Checksum checksum = new Xxh3Checksum();
        Engine engine = new Engine(io, () -> codec, () -> checksum, locks, config, damage,
                new Placement(deploymentId), BufferPool.forHeap(), memory);
        layer = new ObjectLayer(deploymentId, poolDrives, engine, damage);
    }

    static EngineConfig small() {
        return EngineConfig.DEFAULT.withBlocks(64 << 10, 4 << 10);
    }

    /**
     * Simulates a restart of one drive: reopens its directory, which empties its temp volume.
     *
     * @param i the drive index
     * @throws IOException when the drive cannot be opened
     */
    void restart(int i) throws IOException {
        FaultyDrive d = drives.get(i);
        d.inner = new LocalDriveFactory().open(dirs.get(i).toString(), d.inner.format());
    }

    byte[] get(String bucket, String key) throws ObjectStoreException, IOException {
        try (ObjectReader r = layer.getObject(bucket, key, GetOptions.DEFAULT)) {
            return r.stream().readAllBytes();
        }
    }

    /** Reads an object with only the given drives online; every drive is online again afterwards. */
    byte[] getWith(String bucket, String key, int... online) throws ObjectStoreException, IOException {
        drives.forEach(d -> d.offline = true);
        for (int i : online) {
            drives.get(i).offline = false;
        }
        try {
            return get(bucket, key);
        } finally {
            drives.forEach(d -> d.offline = false);
        }
    }

    /** Reads with {@link InputStream#transferTo}, the way the S3 layer sends a body ({@link #get} reads). */
    byte[] get(String bucket, String key, GetOptions options) throws ObjectStoreException, IOException {
        try (ObjectReader r = layer.getObject(bucket, key, options)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            long sent = r.stream().transferTo(out);
            byte[] data = out.toByteArray();
            if (sent != data.length) {
                throw new AssertionError("transferTo counted " + sent + " bytes, wrote " + data.length);
            }
            if (data.length != r.length()) {
                throw new AssertionError("stream length " + data.length + " != " + r.length());
            }
            return data;
        }
    }

    io.cairn.api.object.ObjectInfo put(String bucket, String key, byte[] data) throws ObjectStoreException {
        return layer.putObject(bucket, key, new ByteArrayInputStream(data), data.length, PutOptions.DEFAULT);
    }

    io.cairn.api.object.ObjectInfo putUnknownSize(String bucket, String key, InputStream data)
            throws ObjectStoreException {
        return layer.putObject(bucket, key, data, -1, PutOptions.DEFAULT);
    }

    /**
     * Counts the files left in the drives' temp volumes.
     *
     * @return the number of regular files under every {@code .cairn.tmp}
     * @throws IOException on failure
     */
    long tempFiles() throws IOException {
        long count = 0;
        for (Path d : dirs) {
            Path tmp = d.resolve(Drive.TEMP_VOLUME);
            if (Files.isDirectory(tmp)) {
                try (var s = Files.walk(tmp)) {
                    count += s.filter(Files::isRegularFile).count();
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
