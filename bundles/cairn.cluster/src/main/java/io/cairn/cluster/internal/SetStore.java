/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.heal.HealRequest;
import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockTimeoutException;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartSummary;
import io.cairn.api.object.PutVerifier;
import io.cairn.api.object.StorageClass;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * One erasure set: quorum reads and writes of objects over its drives.
 */
final class SetStore {

    /** Version id of every object while versioning is off. */
    static final String NULL_VERSION = "null";

    private final int pool;
    private final int index;
    private final List<Drive> drives;
    private final Engine engine;
    private final int n;

    /**
     * Creates a set.
     *
     * @param pool the pool index
     * @param index the set index in the pool
     * @param drives the drives in position order
     * @param engine the shared engine
     */
    SetStore(int pool, int index, List<Drive> drives, Engine engine) {
        this.pool = pool;
        this.index = index;
        this.drives = List.copyOf(drives);
        this.engine = engine;
        this.n = drives.size();
    }

    int pool() {
        return pool;
    }

    int index() {
        return index;
    }

    List<Drive> drives() {
        return drives;
    }

    Engine engine() {
        return engine;
    }

    /**
     * Returns the configured parity of a storage class for this set's size.
     *
     * @param storageClass the class
     * @return the parity
     */
    int parity(StorageClass storageClass) {
        int def = io.cairn.api.topology.StorageClass.defaultParity(n);
        EngineConfig c = engine.config();
        int p = storageClass == StorageClass.REDUCED_REDUNDANCY
                ? (c.rrsParity() >= 0 ? c.rrsParity() : Math.min(1, def))
                : (c.standardParity() >= 0 ? c.standardParity() : def);
        return Math.min(p, n / 2);
    }

    /**
     * Returns the default read quorum (data shards of STANDARD objects).
     *
     * @return the read quorum
     */
    int defaultReadQuorum() {
        return Quorum.read(n - parity(StorageClass.STANDARD));
    }

    /**
     * Returns the default write quorum.
     *
     * @return the write quorum
     */
    int defaultWriteQuorum() {
        int m = parity(StorageClass.STANDARD);
        return Quorum.write(n - m, m);
    }

    /**
     * Tells whether a STANDARD write could reach its quorum with some drives offline, parity raised for the
     * offline ones as a write raises it.
     *
     * @param offline how many of the set's drives are offline
     * @return whether enough drives are online
     */
    boolean acceptsWrites(int offline) {
        int m = Quorum.raisedParity(n, parity(StorageClass.STANDARD), offline);
        return n - offline >= Quorum.write(n - m, m);
    }

    /**
     * Probes which drives are online now.
     *
     * @return per position whether the drive answers with its format
     */
    boolean[] online() {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(d::format);
        }
        List<Engine.Outcome<Object>> outcomes = engine.quick(drives, tasks);
        boolean[] online = new boolean[n];
        for (int i = 0; i < n; i++) {
            online[i] = outcomes.get(i).ok();
        }
        return online;
    }

    // ---------------------------------------------------------------- metadata quorum

    /** The version a read quorum agrees on. */
    record Resolved(FileInfo info, FileInfo[] perDrive, int agreeing) {
    }

    /**
     * Reads an object's metadata from every drive and picks the version a read quorum agrees on.
     *
     * @param volume the volume
     * @param key the key
     * @param includeData whether inline data is read
     * @return the resolved version
     * @throws ObjectStoreException {@code NO_SUCH_KEY}, {@code NO_SUCH_BUCKET}, {@code READ_QUORUM}
     */
    Resolved resolve(String volume, String key, boolean includeData) throws ObjectStoreException {
        List<Callable<FileInfo>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(() -> d.readMetadata(volume, key, includeData));
        }
        // A metadata file is small and usually cached: reading this node's copies one after another costs less
        // than handing each read to another thread and waking this one when they are done (a profile of 4 KiB
        // GETs spent a third of the node's CPU on those hand-offs). Other nodes' copies are read in parallel.
        List<Engine.Outcome<FileInfo>> outcomes = engine.quick(drives, tasks);
        FileInfo[] infos = new FileInfo[n];
        for (int i = 0; i < n; i++) {
            infos[i] = outcomes.get(i).value();
            if (outcomes.get(i).error() instanceof DriveException de && de.reason() == DriveException.Reason.CORRUPT) {
                engine.damage().report(volume, key, HealRequest.Reason.BITROT, "metadata on "
                        + drives.get(i).endpoint() + ": " + de.getMessage());
            }
        }
        Best pick = pickBest(infos);
        FileInfo best = pick.info();
        int bestCount = pick.count();
        if (best != null && bestCount >= Quorum.read(best.erasure().dataShards())) {
            FileInfo[] agreeing = new FileInfo[n];
            for (int i = 0; i < n; i++) {
                agreeing[i] = infos[i] != null && infos[i].sameVersion(best) ? infos[i] : null;
            }
            if (bestCount < n) {
                reportStale(volume, key, outcomes, agreeing);
            }
            return new Resolved(best, agreeing, bestCount);
        }
        int quorum = defaultReadQuorum();
        int noVolume = Errors.count(outcomes, DriveException.Reason.VOLUME_NOT_FOUND);
        int notFound = Errors.count(outcomes, DriveException.Reason.FILE_NOT_FOUND);
        if (noVolume >= quorum) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_BUCKET, "no such bucket: " + volume);
        }
        if (notFound + noVolume >= quorum) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_KEY, "no such key: " + key);
        }
        throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot read " + volume + "/" + key + ": "
                + bestCount + " drives agree, " + notFound + " miss it" + Errors.firstError(outcomes));
    }

    /** The version most drives agree on, and how many do. */
    record Best(FileInfo info, int count) {
    }

    /**
     * Picks the version most copies agree on; on a tie the newer one.
     *
     * @param infos per drive its copy, {@code null} where it has none
     * @return the version ({@code null} info when no drive has one) and how many copies agree on it
     */
    static Best pickBest(FileInfo[] infos) {
        FileInfo best = null;
        int bestCount = 0;
        for (FileInfo candidate : infos) {
            if (candidate == null) {
                continue;
            }
            int count = 0;
            for (FileInfo other : infos) {
                count += other != null && other.sameVersion(candidate) ? 1 : 0;
            }
            if (count > bestCount || (count == bestCount && candidate.modTime().isAfter(best.modTime()))) {
                best = candidate;
                bestCount = count;
            }
        }
        return new Best(best, bestCount);
    }

    private void reportStale(String volume, String key, List<Engine.Outcome<FileInfo>> outcomes,
            FileInfo[] agreeing) {
        for (int i = 0; i < n; i++) {
            Engine.Outcome<FileInfo> o = outcomes.get(i);
            boolean offline = o.error() instanceof DriveException de && de.reason() == DriveException.Reason.OFFLINE;
            if (agreeing[i] == null && !offline) {
                engine.damage().report(volume, key, o.ok() ? HealRequest.Reason.INCONSISTENT
                        : HealRequest.Reason.MISSING, "on " + drives.get(i).endpoint());
                return;
            }
        }
    }

    /**
     * Returns the current version's metadata, or {@code null} when the object does not exist.
     *
     * @param volume the volume
     * @param key the key
     * @return the metadata a read quorum agrees on, or {@code null}
     * @throws ObjectStoreException {@code READ_QUORUM}, {@code NO_SUCH_BUCKET}
     */
    FileInfo currentOrNull(String volume, String key) throws ObjectStoreException {
        try {
            return resolve(volume, key, false).info();
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_KEY) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Returns the current object, or {@code null} when it does not exist.
     *
     * @param volume the volume
     * @param key the key
     * @return the object or {@code null}
     * @throws ObjectStoreException {@code READ_QUORUM}, {@code NO_SUCH_BUCKET}
     */
    ObjectInfo statOrNull(String volume, String key) throws ObjectStoreException {
        try {
            return toInfo(volume, key, resolve(volume, key, false).info());
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_KEY) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Converts stored metadata to the API's description.
     *
     * @param bucket the bucket
     * @param key the key
     * @param fi the metadata
     * @return the object info
     */
    static ObjectInfo toInfo(String bucket, String key, FileInfo fi) {
        List<PartSummary> parts = new ArrayList<>();
        if (fi.etag().contains("-")) {
            for (PartMeta p : fi.parts()) {
                parts.add(new PartSummary(p.number(), p.size(), p.etag()));
            }
        }
        StorageClass sc = "REDUCED_REDUNDANCY".equals(fi.storageClass()) ? StorageClass.REDUCED_REDUNDANCY
                : StorageClass.STANDARD;
        return new ObjectInfo(bucket, key, fi.size(), fi.etag(), fi.modTime().truncatedTo(ChronoUnit.MILLIS),
                fi.metadata(), sc, parts);
    }

    // ---------------------------------------------------------------- locks

    /**
     * Takes an object's write lock.
     *
     * @param volume the volume
     * @param key the key
     * @return the lease
     * @throws ObjectStoreException {@code LOCK_TIMEOUT}
     */
    Lease writeLock(String volume, String key) throws ObjectStoreException {
        try {
            return engine.locks().writeLock(volume + "/" + key, engine.config().lockTimeout());
        } catch (LockTimeoutException e) {
            throw new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException(ErrorKind.INTERNAL, "interrupted waiting for a lock", e);
        }
    }

    /**
     * Refuses to go on under a write lease that is no longer held: a distributed lease whose refresh failed (this
     * node was cut off from the lock servers, or stalled past the lock's expiry) may have been granted to another
     * writer meanwhile, whose commit this one must not overwrite. Checked right before the drives commit, as
     * MinIO checks its lock's context before it renames the data into place.
     *
     * @param lease the lease
     * @param volume the volume
     * @param key the key
     * @throws ObjectStoreException {@code LOCK_TIMEOUT} when the lease was lost; nothing was committed
     */
    static void checkHeld(Lease lease, String volume, String key) throws ObjectStoreException {
        if (!lease.isValid()) {
            throw new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, "the write lock of " + volume + "/" + key
                    + " was lost before the commit; nothing was committed");
        }
    }

    /**
     * Takes an object's read lock.
     *
     * @param volume the volume
     * @param key the key
     * @return the lease
     * @throws ObjectStoreException {@code LOCK_TIMEOUT}
     */
    Lease readLock(String volume, String key) throws ObjectStoreException {
        try {
            return engine.locks().readLock(volume + "/" + key, engine.config().lockTimeout());
        } catch (LockTimeoutException e) {
            throw new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException(ErrorKind.INTERNAL, "interrupted waiting for a lock", e);
        }
    }

    // ---------------------------------------------------------------- writes

    /** A new object's parameters. */
    record PutRequest(String volume, String key, Map<String, String> metadata, StorageClass storageClass,
            Conditions conditions, byte[] expectedMd5, PutVerifier verifier) {
    }

    /**
     * Stores an object: writes the data into the temp volume, checks it, then commits under the object's lock.
     *
     * @param req the object's parameters
     * @param body the body
     * @param size the declared size or -1
     * @param maxSize the largest accepted body
     * @param held the object's write lease the caller holds, or {@code null} to take it for the commit
     * @return the object
     * @throws ObjectStoreException see {@link io.cairn.api.object.ObjectStore#putObject}
     */
    ObjectInfo put(PutRequest req, InputStream body, long size, long maxSize, Lease held)
            throws ObjectStoreException {
        ErasureCodec codec = engine.currentCodec();
        BitrotChecksum checksum = engine.currentChecksum();
        boolean[] online = online();
        int offline = 0;
        for (boolean o : online) {
            offline += o ? 0 : 1;
        }
        int m = Quorum.raisedParity(n, parity(req.storageClass()), offline);
        int k = n - m;
        if (n - offline < Quorum.write(k, m)) {
            throw new ObjectStoreException(ErrorKind.WRITE_QUORUM, "only " + (n - offline) + " of " + n
                    + " drives online; " + Quorum.write(k, m) + " needed to write " + req.key());
        }
        List<Integer> dist = Placement.distribution(req.volume() + "/" + req.key(), n);
        // The data directory is written in the temp volume under its own (random) name and renamed into place:
        // one directory per drive and write, the fewest inodes a write can create.
        String dataDir = UUID.randomUUID().toString();
        boolean usedTemp = true;
        try {
            DataWriter writer = new DataWriter(engine, drives, codec, checksum, k, m, dist);
            DataWriter.Written w = writer.write(body, size, maxSize, online, dataDir + "/part.1", true);
            usedTemp = w.inline == null;
            Map<String, String> metadata = new LinkedHashMap<>(req.metadata());
            metadata.putAll(verify(w.md5, w.size, req.expectedMd5(), req.verifier()));
            String etag = HexFormat.of().formatHex(w.md5);
            Instant now = Instant.now();
            ErasureLayout layout = new ErasureLayout(codec.codecId(), checksum.checksumId(), k, m,
                    engine.config().blockSizeBytes(), 0, dist);
            FileInfo template = new FileInfo(NULL_VERSION, w.inline == null ? dataDir : null, now, w.size, etag,
                    req.storageClass().name(), metadata, layout, List.of(new PartMeta(1, w.size, etag, now)), null);
            commit(req.volume(), req.key(), template, w.inline, w.alive,
                    w.inline == null ? dataDir : null, req.conditions(), held);
            return toInfo(req.volume(), req.key(), template);
        } finally {
            if (usedTemp) {
                cleanupTemp(dataDir);
            }
        }
    }

    /**
     * Checks the body's digest and runs the verifier.
     *
     * @param md5 the computed MD5
     * @param size the body size
     * @param expectedMd5 the expected MD5 or {@code null}
     * @param verifier the verifier or {@code null}
     * @return metadata the verifier adds
     * @throws ObjectStoreException {@code BAD_DIGEST} or the verifier's exception
     */
    static Map<String, String> verify(byte[] md5, long size, byte[] expectedMd5, PutVerifier verifier)
            throws ObjectStoreException {
        if (expectedMd5 != null && !java.security.MessageDigest.isEqual(md5, expectedMd5)) {
            throw new ObjectStoreException(ErrorKind.BAD_DIGEST, "the Content-MD5 does not match the body");
        }
        if (verifier == null) {
            return Map.of();
        }
        Map<String, String> extra = verifier.verify(md5.clone(), size);
        return extra == null ? Map.of() : Validation.cleanMetadata(extra);
    }

    /**
     * Commits a written version on every live drive under the object's lock: evaluates the conditions, renames the
     * data into place and writes the metadata. This is a two-phase commit: each drive keeps the version it replaces
     * until the outcome is known. At write quorum the drives drop it ({@link Drive#finishCommit}); below, every
     * drive that may have committed restores it ({@link Drive#undoCommit}), so that nothing new becomes visible and
     * the previous version stays whole.
     *
     * @param volume the volume
     * @param key the key
     * @param template the metadata (shard index and inline data are filled per drive)
     * @param inline per drive inline data or {@code null}
     * @param alive which drives hold the data
     * @param srcDataPath the data directory's path in {@code srcVolume}, or {@code null}
     * @param conditions the write conditions
     * @param held the object's write lease the caller holds, or {@code null} to take it for the commit
     * @throws ObjectStoreException {@code PRECONDITION_FAILED}, {@code NO_SUCH_KEY} (If-Match without an object),
     *     {@code WRITE_QUORUM}, {@code NO_SUCH_BUCKET}, {@code LOCK_TIMEOUT} (the lease was lost before the commit)
     */
    void commit(String volume, String key, FileInfo template, byte[][] inline, boolean[] alive, String srcDataPath,
            Conditions conditions, Lease held) throws ObjectStoreException {
        commitFrom(Drive.TEMP_VOLUME, volume, key, template, inline, alive, srcDataPath, conditions, held);
    }

    /**
     * Like {@link #commit} with the data directory in any volume (multipart uploads stage in the system volume).
     *
     * @param srcVolume the volume holding the data directory
     * @param volume the volume
     * @param key the key
     * @param template the metadata
     * @param inline per drive inline data or {@code null}
     * @param alive which drives hold the data
     * @param srcDataPath the data directory's path or {@code null}
     * @param conditions the write conditions
     * @param held the object's write lease the caller holds, or {@code null} to take it for the commit
     * @throws ObjectStoreException {@code PRECONDITION_FAILED}, {@code NO_SUCH_KEY} (If-Match without an object),
     *     {@code WRITE_QUORUM}, {@code NO_SUCH_BUCKET}, {@code LOCK_TIMEOUT} (the lease was lost before the commit)
     */
    void commitFrom(String srcVolume, String volume, String key, FileInfo template, byte[][] inline,
            boolean[] alive, String srcDataPath, Conditions conditions, Lease held)
            throws ObjectStoreException {
        ErasureLayout layout = template.erasure();
        int wq = Quorum.write(layout.dataShards(), layout.parityShards());
        Lease lease = held != null ? held : writeLock(volume, key);
        try {
            if (conditions != null && !conditions.isEmpty()) {
                Preconditions.checkWrite(conditions, statOrNull(volume, key));
            }
            checkHeld(lease, volume, key);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int pos = 0; pos < n; pos++) {
                Drive d = drives.get(pos);
                FileInfo fi = forDrive(template, pos, inline == null ? null : inline[pos]);
                tasks.add(alive[pos] ? () -> d.commitObjectReporting(srcVolume, srcDataPath, volume, key, fi) : null);
            }
            List<Engine.Outcome<Boolean>> outcomes = engine.parallel(tasks);
            int ok = 0;
            for (Engine.Outcome<Boolean> o : outcomes) {
                ok += o != null && o.ok() ? 1 : 0;
            }
            if (ok < wq) {
                undo(volume, key, template, alive);
                throw Errors.writeQuorum(outcomes, "commit " + volume + "/" + key, ok, wq);
            }
            finish(volume, key, outcomes);
            if (ok < n) {
                engine.damage().report(volume, key, HealRequest.Reason.PARTIAL_WRITE, ok + " of " + n + " drives");
            }
        } finally {
            if (held == null) {
                lease.close();
            }
        }
    }

    static FileInfo forDrive(FileInfo t, int pos, byte[] inline) {
        ErasureLayout l = t.erasure();
        return new FileInfo(t.versionId(), t.dataDir(), t.modTime(), t.size(), t.etag(), t.storageClass(),
                t.metadata(), l.withIndex(l.distribution().get(pos)), t.parts(), inline);
    }

    /**
     * Drops the previous version on the drives that committed and reported something to finish; on the others the
     * finish would change nothing, and skipping it saves a drive of another node a network round. A drive that
     * misses the call keeps the previous version until the background scanner finishes the commit there, or the
     * next commit or delete of the object drops it; nothing reads it meanwhile. Such a loss is logged, since only
     * disk space is at stake.
     */
    private void finish(String volume, String key, List<Engine.Outcome<Boolean>> outcomes) {
        boolean[] chosen = new boolean[n];
        for (int pos = 0; pos < n; pos++) {
            Engine.Outcome<Boolean> o = outcomes.get(pos);
            chosen[pos] = o != null && o.ok() && !Boolean.FALSE.equals(o.value());
        }
        CommitFinisher.finish(engine, drives, volume, key, chosen, "after a write");
    }

    /**
     * Restores the previous version on every drive that was asked to commit: one whose answer was lost may have
     * committed too, and a drive that holds another version than the committed one leaves it alone.
     */
    private void undo(String volume, String key, FileInfo template, boolean[] alive) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int pos = 0; pos < n; pos++) {
            Drive d = drives.get(pos);
            FileInfo fi = forDrive(template, pos, null);
            tasks.add(alive[pos] ? () -> {
                d.undoCommit(volume, key, fi);
                return null;
            } : null);
        }
        engine.parallel(tasks);
    }

    /**
     * Removes a write's temp directory from every drive.
     *
     * @param tmpId the temp directory
     */
    void cleanupTemp(String tmpId) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(() -> {
                d.delete(Drive.TEMP_VOLUME, tmpId, true);
                return null;
            });
        }
        engine.quick(drives, tasks);
    }

    // ---------------------------------------------------------------- reads

    /**
     * Opens an object for reading. The object's read lock is taken while the metadata is read and the shard files
     * are opened, and released before the body streams (see {@link ObjectStream}): a writer may replace or delete
     * the object meanwhile, and the reader still returns exactly the version it opened.
     *
     * @param volume the volume
     * @param key the key
     * @param options range, part and conditions
     * @param lock whether to take the object's read lock (callers holding its write lock pass {@code false})
     * @return the reader
     * @throws ObjectStoreException see {@link io.cairn.api.object.ObjectStore#getObject}
     */
    ObjectReader open(String volume, String key, GetOptions options, boolean lock) throws ObjectStoreException {
        Lease lease = lock ? readLock(volume, key) : null;
        try {
            Resolved r = resolve(volume, key, true);
            ObjectInfo info = toInfo(volume, key, r.info());
            Preconditions.checkRead(options.conditions(), info);
            long[] range = range(r.info(), options);
            ErasureCodec codec = codecFor(r.info());
            BitrotChecksum checksum = checksumFor(r.info());
            // From here the stream owns the lease.
            Lease handedOver = lease;
            lease = null;
            ObjectStream stream = new ObjectStream(this, volume, key, r, range[0], range[1], codec, checksum,
                    handedOver);
            return new ErasureObjectReader(info, range[0], range[1], options.range() != null
                    || options.partNumber() > 0, stream);
        } catch (ObjectStoreException | RuntimeException e) {
            if (lease != null) {
                lease.close();
            }
            throw e;
        }
    }

    /**
     * Resolves the requested range or part.
     *
     * @param fi the object
     * @param options the options
     * @return {@code {offset, length}}
     * @throws ObjectStoreException {@code INVALID_RANGE}
     */
    static long[] range(FileInfo fi, GetOptions options) throws ObjectStoreException {
        if (options.partNumber() > 0) {
            long offset = 0;
            for (PartMeta p : fi.parts()) {
                if (p.number() == options.partNumber()) {
                    return new long[] {offset, p.size()};
                }
                offset += p.size();
            }
            if (fi.parts().isEmpty() && options.partNumber() == 1) {
                return new long[] {0, fi.size()};
            }
            throw new ObjectStoreException(ErrorKind.INVALID_RANGE, "part " + options.partNumber()
                    + " does not exist");
        }
        if (options.range() != null) {
            return options.range().resolve(fi.size());
        }
        return new long[] {0, fi.size()};
    }

    ErasureCodec codecFor(FileInfo fi) throws ObjectStoreException {
        ErasureCodec c = engine.currentCodec();
        if (!c.codecId().equals(fi.erasure().codecId())) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "object written with codec "
                    + fi.erasure().codecId() + " but the available codec is " + c.codecId());
        }
        return c;
    }

    BitrotChecksum checksumFor(FileInfo fi) throws ObjectStoreException {
        BitrotChecksum c = engine.currentChecksum();
        if (!c.checksumId().equals(fi.erasure().checksumId())) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "object written with checksum "
                    + fi.erasure().checksumId() + " but the available checksum is " + c.checksumId());
        }
        return c;
    }

    // ---------------------------------------------------------------- delete and metadata

    /**
     * Deletes an object; a missing object counts as deleted. When fewer drives than a write quorum are online, no
     * copy is removed: a delete applied to the online drives alone would make the object unreadable until the
     * offline ones return, and then bring it back, although its client was told that the delete failed (or, when
     * the client retried and the object's pool no longer had a readable copy, that it succeeded).
     *
     * @param volume the volume
     * @param key the key
     * @param held the object's write lease the caller holds, or {@code null} to take it for the delete
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code WRITE_QUORUM}, {@code LOCK_TIMEOUT} (the lease
     *     was lost before the delete; nothing was deleted)
     */
    void delete(String volume, String key, Lease held) throws ObjectStoreException {
        Lease lease = held != null ? held : writeLock(volume, key);
        try {
            requireWriteQuorumOnline("delete " + volume + "/" + key);
            // A lost lease may belong to a writer whose newer commit this delete must not remove.
            checkHeld(lease, volume, key);
            deleteOnDrives(volume, key);
        } finally {
            if (held == null) {
                lease.close();
            }
        }
    }

    /**
     * Deletes a record that only the holder of another lock writes, such as a multipart upload's record under the
     * upload's lock, once what the record stood for is decided: removing it again is harmless, so no lease is
     * checked.
     *
     * @param volume the volume
     * @param key the record's key
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code WRITE_QUORUM}
     */
    void deleteRecord(String volume, String key) throws ObjectStoreException {
        requireWriteQuorumOnline("delete " + volume + "/" + key);
        deleteOnDrives(volume, key);
    }

    private void deleteOnDrives(String volume, String key) throws ObjectStoreException {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(() -> {
                d.deleteObject(volume, key);
                return null;
            });
        }
        List<Engine.Outcome<Object>> outcomes = engine.parallel(tasks);
        int ok = Errors.count(outcomes, DriveException.Reason.FILE_NOT_FOUND);
        for (Engine.Outcome<Object> o : outcomes) {
            ok += o.ok() ? 1 : 0;
        }
        int wq = defaultWriteQuorum();
        if (ok < wq) {
            throw Errors.writeQuorum(outcomes, "delete " + volume + "/" + key, ok, wq);
        }
        if (ok < n) {
            engine.damage().report(volume, key, HealRequest.Reason.PARTIAL_WRITE, "delete reached " + ok
                    + " of " + n + " drives");
        }
    }

    /**
     * Fails before a change that cannot reach its write quorum because too many drives are offline.
     *
     * @param what the change, for the message
     * @throws ObjectStoreException {@code WRITE_QUORUM}
     */
    private void requireWriteQuorumOnline(String what) throws ObjectStoreException {
        int online = 0;
        for (boolean o : online()) {
            online += o ? 1 : 0;
        }
        int wq = defaultWriteQuorum();
        if (online < wq) {
            throw new ObjectStoreException(ErrorKind.WRITE_QUORUM, what + ": " + online + " of " + n
                    + " drives online, " + wq + " needed for write quorum; nothing changed");
        }
    }

    /**
     * Deletes an object if its conditions hold, evaluated under the object's write lock so that no write can slip
     * in between the check and the delete. With {@code If-Match} a missing object is {@code NO_SUCH_KEY}, as in S3.
     *
     * @param volume the volume
     * @param key the key
     * @param conditions the conditions (see {@link io.cairn.api.object.ObjectStore#deleteObject(String, String,
     *     Conditions)})
     * @throws ObjectStoreException {@code NO_SUCH_KEY}, {@code PRECONDITION_FAILED}, {@code NO_SUCH_BUCKET},
     *     {@code READ_QUORUM}, {@code WRITE_QUORUM}
     */
    void deleteIf(String volume, String key, Conditions conditions) throws ObjectStoreException {
        try (Lease lease = writeLock(volume, key)) {
            Preconditions.checkWrite(conditions, statOrNull(volume, key));
            delete(volume, key, lease);
        }
    }

    /**
     * Changes an object's metadata map on every drive holding the current version. The new map is computed from
     * that version's own map under the object's write lock, so a version written meanwhile never receives a map
     * computed from another one.
     *
     * @param volume the volume
     * @param key the key
     * @param change from the current map (unmodifiable) to the new one (reserved keys are dropped), or to
     *     {@code null} to leave the object as it is
     * @param held the object's write lease the caller holds, or {@code null} to take it for the change
     * @return the object as it is afterwards
     * @throws ObjectStoreException {@code NO_SUCH_KEY}, {@code WRITE_QUORUM}, {@code LOCK_TIMEOUT} (the lease was
     *     lost before the change)
     */
    ObjectInfo updateMetadata(String volume, String key, UnaryOperator<Map<String, String>> change, Lease held)
            throws ObjectStoreException {
        Lease lease = held != null ? held : writeLock(volume, key);
        try {
            Resolved r = resolve(volume, key, true);
            Map<String, String> changed = change.apply(Collections.unmodifiableMap(r.info().metadata()));
            if (changed == null) {
                return toInfo(volume, key, r.info());
            }
            checkHeld(lease, volume, key);
            return writeMetadata(volume, key, r, Validation.cleanMetadata(changed));
        } finally {
            if (held == null) {
                lease.close();
            }
        }
    }

    private ObjectInfo writeMetadata(String volume, String key, Resolved r, Map<String, String> metadata)
            throws ObjectStoreException {
        Instant now = Instant.now();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int pos = 0; pos < n; pos++) {
            Drive d = drives.get(pos);
            FileInfo fi = r.perDrive()[pos];
            tasks.add(fi == null ? null : () -> {
                d.writeMetadata(volume, key, fi.withMetadata(metadata, now));
                return null;
            });
        }
        List<Engine.Outcome<Object>> outcomes = engine.parallel(tasks);
        int ok = 0;
        for (Engine.Outcome<Object> o : outcomes) {
            ok += o != null && o.ok() ? 1 : 0;
        }
        ErasureLayout l = r.info().erasure();
        int wq = Quorum.write(l.dataShards(), l.parityShards());
        if (ok < wq) {
            throw Errors.writeQuorum(outcomes, "update metadata of " + volume + "/" + key, ok, wq);
        }
        return toInfo(volume, key, r.info().withMetadata(metadata, now));
    }
}
