/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import io.cairn.api.lock.Lease;
import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.BucketStore;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.CopyOptions;
import io.cairn.api.object.DriveStatus;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListPartsPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ListUploadsPage;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectLister;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStore;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.StorageClass;
import io.cairn.api.object.StorageStatus;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.VolumeInfo;

/**
 * The object layer: pools of erasure sets behind the narrow object store services.
 *
 * <p>Placement: an object lives in one set of one pool; the set is a keyed hash of {@code bucket/key}. An existing
 * object stays in the pool that has it; a new one goes to a pool chosen in proportion to its free space, among
 * the pools whose set for it has write quorum. Bucket volumes exist on every drive. Bucket metadata blobs are small
 * objects in the system volume under {@code buckets/<bucket>/<name>}.
 */
public final class ObjectLayer implements BucketStore, ObjectStore, MultipartStore, ObjectLister, StorageStatus {

    /** Blob holding a bucket's location; user blob names start with a letter or digit, so it cannot clash. */
    static final String LOCATION_BLOB = "_location";
    /** How often a bucket's deletion is tried when drives refuse it for objects that racing writes committed. */
    static final int DELETE_BUCKET_ATTEMPTS = 3;
    /** The most objects per refusing drive whose writes a bucket's deletion waits for before it tries again. */
    static final int RACING_KEYS = 16;

    private final List<List<SetStore>> pools;
    private final Engine engine;
    private final String deploymentId;
    private final DamageCounter damage;
    private final MultipartOps multipart;

    /**
     * Creates the layer.
     *
     * @param deploymentId the deployment id
     * @param poolDrives per pool, per set, the drives in position order
     * @param engine the shared engine
     * @param damage the damage counter the engine reports to
     */
    public ObjectLayer(String deploymentId, List<List<List<Drive>>> poolDrives, Engine engine,
            DamageCounter damage) {
        this.deploymentId = deploymentId;
        this.engine = engine;
        this.damage = damage;
        List<List<SetStore>> p = new ArrayList<>();
        for (int i = 0; i < poolDrives.size(); i++) {
            List<SetStore> sets = new ArrayList<>();
            for (int s = 0; s < poolDrives.get(i).size(); s++) {
                sets.add(new SetStore(i, s, poolDrives.get(i).get(s), engine));
            }
            p.add(List.copyOf(sets));
        }
        this.pools = List.copyOf(p);
        this.multipart = new MultipartOps(this);
    }

    List<List<SetStore>> pools() {
        return pools;
    }

    Engine engine() {
        return engine;
    }

    // ---------------------------------------------------------------- placement

    /**
     * Returns the set of an object within a pool.
     *
     * @param pool the pool index
     * @param volume the volume
     * @param key the key
     * @return the set
     */
    SetStore setOf(int pool, String volume, String key) {
        List<SetStore> sets = pools.get(pool);
        return sets.get(engine.placement().setIndex(volume + "/" + key, sets.size()));
    }

    /**
     * Finds the set holding an object, or the set a new object goes to.
     *
     * @param volume the volume
     * @param key the key
     * @return the set
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    SetStore locate(String volume, String key) throws ObjectStoreException {
        SetStore holder = holder(volume, key);
        return holder != null ? holder : setOf(choosePool(volume, key), volume, key);
    }

    /**
     * Finds the set holding an object.
     *
     * @param volume the volume
     * @param key the key
     * @return the set of the first pool holding it, or {@code null} when none does (with one pool, its set)
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    private SetStore holder(String volume, String key) throws ObjectStoreException {
        if (pools.size() == 1) {
            return setOf(0, volume, key);
        }
        for (int p = 0; p < pools.size(); p++) {
            SetStore set = setOf(p, volume, key);
            if (set.statOrNull(volume, key) != null) {
                return set;
            }
        }
        return null;
    }

    /**
     * Writes an object to the set holding it, or places a new one. Two writers of the same new key choose its pool
     * before either takes the object's lock, so each may place it in another pool: after writing a new key, the
     * writer keeps only the newest copy.
     *
     * @param volume the volume
     * @param key the key
     * @param write the write into the chosen set
     * @return what the write returned
     * @throws ObjectStoreException as the write, or {@code READ_QUORUM}
     */
    private ObjectInfo writeTo(String volume, String key, SetWrite write) throws ObjectStoreException {
        SetStore holder = holder(volume, key);
        if (holder != null) {
            return write.to(holder);
        }
        ObjectInfo written = write.to(setOf(choosePool(volume, key), volume, key));
        keepNewestCopy(volume, key);
        return written;
    }

    /** A write into one set. */
    @FunctionalInterface
    private interface SetWrite {
        ObjectInfo to(SetStore set) throws ObjectStoreException;
    }

    /**
     * Under the object's write lock, deletes every copy of an object but the newest, when several pools hold it.
     *
     * @param volume the volume
     * @param key the key
     * @throws ObjectStoreException {@code READ_QUORUM}, {@code WRITE_QUORUM}
     */
    private void keepNewestCopy(String volume, String key) throws ObjectStoreException {
        try (Lease lease = setOf(0, volume, key).writeLock(volume, key)) {
            List<SetStore> holders = new ArrayList<>();
            SetStore newest = null;
            Instant newestTime = null;
            for (int p = 0; p < pools.size(); p++) {
                SetStore set = setOf(p, volume, key);
                FileInfo current = set.currentOrNull(volume, key);
                if (current == null) {
                    continue;
                }
                holders.add(set);
                if (newest == null || current.modTime().isAfter(newestTime)) {
                    newest = set;
                    newestTime = current.modTime();
                }
            }
            for (SetStore set : holders) {
                if (set != newest) {
                    set.delete(volume, key, lease);
                }
            }
        }
    }

    /**
     * Finds a copy of an object in another pool than the given one. A multipart upload is bound to the pool it was
     * started in, while a plain PUT of the same key meanwhile goes to the pool that has the key, or to any pool:
     * completing the upload must then replace that copy, or it would stay visible beside the new object.
     *
     * @param pool the pool that is being written
     * @param volume the volume
     * @param key the key
     * @return the set of another pool holding the key, or {@code null}
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    SetStore holderOutside(int pool, String volume, String key) throws ObjectStoreException {
        for (int p = 0; p < pools.size(); p++) {
            SetStore set = setOf(p, volume, key);
            if (p != pool && set.statOrNull(volume, key) != null) {
                return set;
            }
        }
        return null;
    }

    /**
     * Picks the pool of a new object in proportion to the pools' free space. A pool whose set for the key could not
     * reach write quorum now takes nothing, so that one degraded pool does not fail the writes the others could
     * take; when no pool could, the first one is picked and the write reports why it fails.
     */
    private int choosePool(String volume, String key) {
        long[] free = new long[pools.size()];
        long total = 0;
        for (int p = 0; p < pools.size(); p++) {
            // One probe per drive answers both questions: its free space, and whether the key's set is writable.
            SetStore target = setOf(p, volume, key);
            long poolFree = 0;
            int offline = 0;
            for (SetStore set : pools.get(p)) {
                for (Drive d : set.drives()) {
                    DiskInfo info = d.diskInfo();
                    poolFree += Math.max(0, info.freeBytes());
                    offline += set == target && !info.online() ? 1 : 0;
                }
            }
            if (target.acceptsWrites(offline)) {
                free[p] = poolFree;
                total += poolFree;
            }
        }
        if (total <= 0) {
            return 0;
        }
        long pick = ThreadLocalRandom.current().nextLong(total);
        for (int p = 0; p < free.length; p++) {
            if (pick < free[p]) {
                return p;
            }
            pick -= free[p];
        }
        return free.length - 1;
    }

    private List<Drive> allDrives() {
        List<Drive> all = new ArrayList<>();
        for (List<SetStore> sets : pools) {
            for (SetStore set : sets) {
                all.addAll(set.drives());
            }
        }
        return all;
    }

    /**
     * Returns the drive-count quorum for bucket operations: a majority of all drives.
     *
     * @param drives the drive count
     * @return {@code drives / 2 + 1}, or 1 for a single drive
     */
    static int bucketQuorum(int drives) {
        return drives == 1 ? 1 : drives / 2 + 1;
    }

    // ---------------------------------------------------------------- buckets

    @Override
    public BucketInfo makeBucket(String name, BucketOptions options) throws ObjectStoreException {
        Validation.bucket(name);
        SetStore lockSet = setOf(0, Drive.SYSTEM_VOLUME, "buckets/" + name);
        try (Lease lease = lockSet.writeLock(Drive.SYSTEM_VOLUME, "buckets/" + name)) {
            if (bucketInfo(name).isPresent()) {
                throw new ObjectStoreException(ErrorKind.BUCKET_ALREADY_OWNED_BY_YOU, "bucket " + name
                        + " already exists");
            }
            List<Drive> drives = allDrives();
            List<Callable<Object>> tasks = new ArrayList<>();
            for (Drive d : drives) {
                tasks.add(() -> {
                    d.makeVolume(name);
                    return null;
                });
            }
            List<Engine.Outcome<Object>> outcomes = engine.parallel(tasks);
            int ok = Errors.count(outcomes, DriveException.Reason.VOLUME_EXISTS);
            for (Engine.Outcome<Object> o : outcomes) {
                ok += o.ok() ? 1 : 0;
            }
            int quorum = bucketQuorum(drives.size());
            if (ok < quorum) {
                forEachDrive(d -> d.deleteVolume(name, false));
                throw Errors.writeQuorum(outcomes, "make bucket " + name, ok, quorum);
            }
            if (options != null && !options.location().isEmpty()) {
                putBlob(name, LOCATION_BLOB, options.location().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return new BucketInfo(name, Instant.now(), options == null ? "" : options.location());
    }

    @Override
    public void deleteBucket(String name) throws ObjectStoreException {
        Validation.bucket(name);
        SetStore lockSet = setOf(0, Drive.SYSTEM_VOLUME, "buckets/" + name);
        try (Lease lease = lockSet.writeLock(Drive.SYSTEM_VOLUME, "buckets/" + name)) {
            requireBucket(name);
            requireEmpty(name);
            // Uploads in progress do not keep a bucket, as in S3: they go with it.
            abortUploads(name);
            List<Drive> drives = allDrives();
            List<Engine.Outcome<Object>> outcomes = deleteVolumes(name, drives);
            for (int attempt = 1; Errors.count(outcomes, DriveException.Reason.VOLUME_NOT_EMPTY) > 0; attempt++) {
                restoreVolume(name, drives, outcomes);
                if (attempt == DELETE_BUCKET_ATTEMPTS) {
                    throw new ObjectStoreException(ErrorKind.BUCKET_NOT_EMPTY, "bucket " + name
                            + " received an object while it was being deleted");
                }
                // A drive refused because an object was committed on it since the listing. The write may still
                // fail (it committed on too few drives, the others having removed the bucket) and roll back:
                // wait for it to end, then the bucket is not empty only if its object is there.
                awaitWrites(name, drives, outcomes);
                requireEmpty(name);
                outcomes = deleteVolumes(name, drives);
            }
            int ok = Errors.count(outcomes, DriveException.Reason.VOLUME_NOT_FOUND);
            for (Engine.Outcome<Object> o : outcomes) {
                ok += o.ok() ? 1 : 0;
            }
            forEachDrive(d -> d.delete(Drive.SYSTEM_VOLUME, "buckets/" + name, true));
            forEachDrive(d -> d.delete(Drive.SYSTEM_VOLUME, MultipartOps.bucketDir(name), true));
            forEachDrive(d -> d.delete(Drive.SYSTEM_VOLUME, UploadNames.ROOT + name, true));
            forEachDrive(d -> d.delete(Drive.SYSTEM_VOLUME, CompletedUploads.bucketDir(name), true));
            int quorum = bucketQuorum(drives.size());
            if (ok < quorum) {
                throw Errors.writeQuorum(outcomes, "delete bucket " + name, ok, quorum);
            }
        }
    }

    private void requireEmpty(String name) throws ObjectStoreException {
        if (!listObjects(name, new ListRequest("", "", "", 1)).objects().isEmpty()) {
            throw new ObjectStoreException(ErrorKind.BUCKET_NOT_EMPTY, "bucket " + name + " is not empty");
        }
    }

    private List<Engine.Outcome<Object>> deleteVolumes(String name, List<Drive> drives) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(() -> {
                // Not forced: a write does not take the bucket's lock, so an object may have been committed
                // since the listing, and a drive holding one must refuse.
                d.deleteVolume(name, false);
                return null;
            });
        }
        return engine.parallel(tasks);
    }

    /**
     * Waits for the writes of the objects that made drives refuse a bucket's deletion: takes and releases each
     * object's write lock, which a write holds until it has committed or rolled back on every drive. A drive that
     * cannot be walked is passed over, and only the first {@link #RACING_KEYS} objects of each drive are waited for.
     */
    private void awaitWrites(String name, List<Drive> drives, List<Engine.Outcome<Object>> outcomes)
            throws ObjectStoreException {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < drives.size(); i++) {
            if (outcomes.get(i).error() instanceof DriveException de
                    && de.reason() == DriveException.Reason.VOLUME_NOT_EMPTY) {
                try {
                    drives.get(i).walk(name, "", "", true, RACING_KEYS).forEach(e -> keys.add(e.name()));
                } catch (DriveException e) {
                    // Nothing to wait for that this drive could name: the next attempt asks it again.
                }
            }
        }
        for (String key : keys) {
            // The lock is the object's whichever set takes it: its name is the bucket and key.
            setOf(0, name, key).writeLock(name, key).close();
        }
    }

    /**
     * Puts a bucket's directory back on the drives that had already removed it, so that the bucket stays whole
     * when the deletion is refused; healing fills in the objects a racing write could not commit there.
     */
    private void restoreVolume(String name, List<Drive> drives, List<Engine.Outcome<Object>> outcomes) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < drives.size(); i++) {
            Drive d = drives.get(i);
            if (outcomes.get(i).ok()) {
                tasks.add(() -> {
                    d.makeVolume(name);
                    return null;
                });
            }
        }
        engine.parallel(tasks);
    }

    /**
     * Aborts a bucket's uploads one by one, each under its lock, so that a part upload in flight finishes before its
     * upload goes and leaves nothing behind in the staging area.
     */
    private void abortUploads(String bucket) throws ObjectStoreException {
        String keyMarker = "";
        String idMarker = "";
        while (true) {
            ListUploadsPage page = listMultipartUploads(bucket, "", "", keyMarker, idMarker, 1000);
            for (MultipartUpload upload : page.uploads()) {
                try {
                    multipart.abort(bucket, upload.key(), upload.uploadId());
                } catch (ObjectStoreException e) {
                    if (e.kind() != ErrorKind.NO_SUCH_UPLOAD) {
                        throw e;
                    }
                }
            }
            if (!page.truncated()) {
                return;
            }
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
    }

    @Override
    public Optional<BucketInfo> bucketInfo(String name) throws ObjectStoreException {
        Validation.bucket(name);
        List<Drive> drives = allDrives();
        List<Callable<VolumeInfo>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(() -> d.statVolume(name));
        }
        List<Engine.Outcome<VolumeInfo>> outcomes = engine.quick(drives, tasks);
        int quorum = (drives.size() + 1) / 2;
        int found = 0;
        Instant created = null;
        for (Engine.Outcome<VolumeInfo> o : outcomes) {
            if (o.ok()) {
                found++;
                created = created == null || o.value().created().isBefore(created) ? o.value().created() : created;
            }
        }
        if (found >= quorum) {
            return Optional.of(new BucketInfo(name, created, location(name)));
        }
        if (Errors.count(outcomes, DriveException.Reason.VOLUME_NOT_FOUND) >= quorum) {
            return Optional.empty();
        }
        throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot tell whether bucket " + name + " exists"
                + Errors.firstError(outcomes));
    }

    @Override
    public List<BucketInfo> listBuckets() throws ObjectStoreException {
        List<Drive> drives = allDrives();
        List<Callable<List<VolumeInfo>>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(d::listVolumes);
        }
        List<Engine.Outcome<List<VolumeInfo>>> outcomes = engine.parallel(tasks);
        int quorum = (drives.size() + 1) / 2;
        int answered = 0;
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Instant> created = new HashMap<>();
        for (Engine.Outcome<List<VolumeInfo>> o : outcomes) {
            if (!o.ok()) {
                continue;
            }
            answered++;
            for (VolumeInfo v : o.value()) {
                counts.merge(v.name(), 1, Integer::sum);
                created.merge(v.name(), v.created(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (answered < quorum) {
            throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot list buckets: " + answered + " of "
                    + drives.size() + " drives answered" + Errors.firstError(outcomes));
        }
        List<BucketInfo> buckets = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= quorum) {
                buckets.add(new BucketInfo(e.getKey(), created.get(e.getKey()), location(e.getKey())));
            }
        }
        return buckets;
    }

    @Override
    public Optional<byte[]> getBucketMetadata(String bucket, String key) throws ObjectStoreException {
        Validation.blobKey(key);
        requireBucket(bucket);
        return getBlob(bucket, key);
    }

    @Override
    public void putBucketMetadata(String bucket, String key, byte[] value) throws ObjectStoreException {
        Validation.blobKey(key);
        if (value.length > MAX_METADATA_BYTES) {
            throw new ObjectStoreException(ErrorKind.ENTITY_TOO_LARGE, "bucket metadata over "
                    + MAX_METADATA_BYTES + " bytes");
        }
        requireBucket(bucket);
        putBlob(bucket, key, value);
    }

    @Override
    public void deleteBucketMetadata(String bucket, String key) throws ObjectStoreException {
        Validation.blobKey(key);
        requireBucket(bucket);
        String blobKey = "buckets/" + bucket + "/" + key;
        setOf(0, Drive.SYSTEM_VOLUME, blobKey).delete(Drive.SYSTEM_VOLUME, blobKey, null);
    }

    private String location(String bucket) throws ObjectStoreException {
        return getBlob(bucket, LOCATION_BLOB).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
                .orElse("");
    }

    private void putBlob(String bucket, String key, byte[] value) throws ObjectStoreException {
        String blobKey = "buckets/" + bucket + "/" + key;
        SetStore set = setOf(0, Drive.SYSTEM_VOLUME, blobKey);
        set.put(new SetStore.PutRequest(Drive.SYSTEM_VOLUME, blobKey, Map.of(), StorageClass.STANDARD,
                Conditions.NONE, null, null), new java.io.ByteArrayInputStream(value), value.length,
                MAX_METADATA_BYTES, null);
    }

    private Optional<byte[]> getBlob(String bucket, String key) throws ObjectStoreException {
        String blobKey = "buckets/" + bucket + "/" + key;
        SetStore set = setOf(0, Drive.SYSTEM_VOLUME, blobKey);
        try (ObjectReader r = set.open(Drive.SYSTEM_VOLUME, blobKey, GetOptions.DEFAULT, true)) {
            return Optional.of(r.stream().readAllBytes());
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_KEY) {
                return Optional.empty();
            }
            throw e;
        } catch (java.io.IOException e) {
            throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot read bucket metadata " + blobKey, e);
        }
    }

    /**
     * Fails unless the bucket exists.
     *
     * @param bucket the bucket
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code INVALID_BUCKET_NAME}, {@code READ_QUORUM}
     */
    void requireBucket(String bucket) throws ObjectStoreException {
        Validation.bucket(bucket);
        List<Drive> drives = allDrives();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : drives) {
            tasks.add(() -> {
                d.checkVolume(bucket);
                return null;
            });
        }
        List<Engine.Outcome<Object>> outcomes = engine.quick(drives, tasks);
        int quorum = (drives.size() + 1) / 2;
        int found = 0;
        for (Engine.Outcome<Object> o : outcomes) {
            found += o.ok() ? 1 : 0;
        }
        if (found >= quorum) {
            return;
        }
        if (Errors.count(outcomes, DriveException.Reason.VOLUME_NOT_FOUND) >= quorum) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_BUCKET, "no such bucket: " + bucket);
        }
        throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot tell whether bucket " + bucket + " exists"
                + Errors.firstError(outcomes));
    }

    /** A drive action for {@link #forEachDrive}. */
    @FunctionalInterface
    interface DriveAction {
        void run(Drive d) throws Exception;
    }

    /**
     * Runs an action on every drive in parallel, ignoring failures (best-effort cleanup).
     *
     * @param action the action
     */
    void forEachDrive(DriveAction action) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : allDrives()) {
            tasks.add(() -> {
                action.run(d);
                return null;
            });
        }
        engine.parallel(tasks);
    }

    // ---------------------------------------------------------------- objects

    @Override
    public ObjectInfo putObject(String bucket, String key, InputStream body, long size, PutOptions options)
            throws ObjectStoreException {
        PutOptions o = options == null ? PutOptions.DEFAULT : options;
        Validation.key(key);
        requireBucket(bucket);
        if (size > MAX_OBJECT_SIZE) {
            throw new ObjectStoreException(ErrorKind.ENTITY_TOO_LARGE, "object larger than " + MAX_OBJECT_SIZE);
        }
        SetStore.PutRequest request = new SetStore.PutRequest(bucket, key, Validation.cleanMetadata(o.metadata()),
                o.storageClass(), o.conditions(), o.expectedMd5(), o.verifier());
        return writeTo(bucket, key, set -> set.put(request, body, size, MAX_OBJECT_SIZE, null));
    }

    @Override
    public ObjectReader getObject(String bucket, String key, GetOptions options) throws ObjectStoreException {
        Validation.key(key);
        Validation.bucket(bucket);
        try {
            return locate(bucket, key).open(bucket, key, options == null ? GetOptions.DEFAULT : options, true);
        } catch (ObjectStoreException e) {
            throw whenMissing(bucket, e);
        }
    }

    @Override
    public ObjectInfo statObject(String bucket, String key, GetOptions options) throws ObjectStoreException {
        Validation.key(key);
        Validation.bucket(bucket);
        GetOptions o = options == null ? GetOptions.DEFAULT : options;
        SetStore set = locate(bucket, key);
        try (Lease lease = set.readLock(bucket, key)) {
            SetStore.Resolved r = set.resolve(bucket, key, false);
            ObjectInfo info = SetStore.toInfo(bucket, key, r.info());
            Preconditions.checkRead(o.conditions(), info);
            if (o.partNumber() > 0) {
                SetStore.range(r.info(), new GetOptions(null, o.partNumber(), null));
            }
            return info;
        } catch (ObjectStoreException e) {
            throw whenMissing(bucket, e);
        }
    }

    /**
     * Reads do not check the bucket first, since the object's metadata answers for it in one step; when the
     * object is missing, this tells a missing bucket from a missing key the way {@link #requireBucket} does, by a
     * quorum of all drives rather than of the object's set alone.
     *
     * @param bucket the bucket
     * @param e the failure of the read
     * @return the exception to throw
     */
    private ObjectStoreException whenMissing(String bucket, ObjectStoreException e) {
        if (e.kind() != ErrorKind.NO_SUCH_KEY && e.kind() != ErrorKind.NO_SUCH_BUCKET) {
            return e;
        }
        try {
            requireBucket(bucket);
        } catch (ObjectStoreException bucketFailure) {
            return bucketFailure;
        }
        return e.kind() == ErrorKind.NO_SUCH_KEY ? e
                : new ObjectStoreException(ErrorKind.NO_SUCH_KEY, "no such key in " + bucket, e);
    }

    @Override
    public void deleteObject(String bucket, String key) throws ObjectStoreException {
        Validation.key(key);
        requireBucket(bucket);
        locate(bucket, key).delete(bucket, key, null);
    }

    @Override
    public void deleteObject(String bucket, String key, Conditions conditions) throws ObjectStoreException {
        if (conditions == null || conditions.isEmpty()) {
            deleteObject(bucket, key);
            return;
        }
        Validation.key(key);
        requireBucket(bucket);
        locate(bucket, key).deleteIf(bucket, key, conditions);
    }

    @Override
    public ObjectInfo copyObject(String srcBucket, String srcKey, String dstBucket, String dstKey,
            CopyOptions options) throws ObjectStoreException {
        CopyOptions o = options == null ? CopyOptions.DEFAULT : options;
        Validation.key(srcKey);
        Validation.key(dstKey);
        requireBucket(srcBucket);
        if (!srcBucket.equals(dstBucket)) {
            requireBucket(dstBucket);
        }
        boolean sameObject = srcBucket.equals(dstBucket) && srcKey.equals(dstKey);
        SetStore src = locate(srcBucket, srcKey);
        if (sameObject) {
            return copyOntoItself(src, srcBucket, srcKey, o);
        }
        GetOptions get = new GetOptions(null, 0, o.sourceConditions());
        try (ObjectReader reader = openForCopy(src, srcBucket, srcKey, get, true)) {
            ObjectInfo info = reader.info();
            // The metadata comes from the version this reader streams, not from one read before the copy began.
            SetStore.PutRequest request = new SetStore.PutRequest(dstBucket, dstKey, o.changesMetadata()
                    ? Validation.cleanMetadata(o.destinationMetadata(info.metadata())) : info.metadata(),
                    o.storageClass() != null ? o.storageClass() : info.storageClass(), o.destinationConditions(),
                    null, null);
            return writeTo(dstBucket, dstKey, set -> set.put(request, reader.stream(), info.size(), MAX_OBJECT_SIZE,
                    null));
        }
    }

    private ObjectInfo copyOntoItself(SetStore set, String bucket, String key, CopyOptions o)
            throws ObjectStoreException {
        try (Lease lease = set.writeLock(bucket, key)) {
            ObjectInfo current = SetStore.toInfo(bucket, key, set.resolve(bucket, key, false).info());
            checkCopySource(o.sourceConditions(), current);
            Preconditions.checkWrite(o.destinationConditions(), current);
            boolean classChange = o.storageClass() != null && o.storageClass() != current.storageClass();
            if (!classChange && !o.changesMetadata()) {
                throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "This copy request is illegal because it"
                        + " is trying to copy an object to itself without changing the object's metadata, storage"
                        + " class, website redirect location or encryption attributes.");
            }
            Map<String, String> metadata = Validation.cleanMetadata(o.destinationMetadata(current.metadata()));
            if (!classChange) {
                // Still under this lease: the conditions and the metadata above belong to the version it updates.
                return set.updateMetadata(bucket, key, m -> metadata, lease);
            }
            try (ObjectReader reader = set.open(bucket, key, GetOptions.DEFAULT, false)) {
                return set.put(new SetStore.PutRequest(bucket, key, metadata, o.storageClass(), Conditions.NONE,
                        null, null), reader.stream(), current.size(), MAX_OBJECT_SIZE, lease);
            }
        }
    }

    private static ObjectReader openForCopy(SetStore src, String bucket, String key, GetOptions get, boolean lock)
            throws ObjectStoreException {
        try {
            return src.open(bucket, key, get, lock);
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NOT_MODIFIED) {
                throw new ObjectStoreException(ErrorKind.PRECONDITION_FAILED, e.getMessage(), e);
            }
            throw e;
        }
    }

    private static void checkCopySource(Conditions c, ObjectInfo current) throws ObjectStoreException {
        try {
            Preconditions.checkRead(c, current);
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NOT_MODIFIED) {
                throw new ObjectStoreException(ErrorKind.PRECONDITION_FAILED, e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public ObjectInfo updateObjectMetadata(String bucket, String key, Map<String, String> metadata)
            throws ObjectStoreException {
        Map<String, String> clean = Validation.cleanMetadata(metadata);
        return changeObjectMetadata(bucket, key, m -> clean);
    }

    @Override
    public ObjectInfo changeObjectMetadata(String bucket, String key, UnaryOperator<Map<String, String>> change)
            throws ObjectStoreException {
        Validation.key(key);
        requireBucket(bucket);
        return locate(bucket, key).updateMetadata(bucket, key, change, null);
    }

    // ---------------------------------------------------------------- listing

    @Override
    public ListPage listObjects(String bucket, ListRequest request) throws ObjectStoreException {
        requireBucket(bucket);
        boolean recursive = !Lister.delimitedWalk(request);
        // A page needs maxKeys entries and one more to tell whether it is truncated: walking further would read
        // metadata that no one asked for.
        int walkPage = Math.max(2, Math.min(engine.config().walkPageEntries(), request.maxKeys() + 1));
        EntryCursor cursor = cursor(bucket, request.prefix(), request.marker(), recursive, walkPage);
        return Lister.page(cursor, request, e -> SetStore.toInfo(bucket, e.name(), e.info()));
    }

    /**
     * Opens a merged cursor over every set of every pool.
     *
     * @param volume the volume
     * @param prefix the prefix
     * @param after start after this name
     * @param recursive whether to walk recursively
     * @param walkPage entries per drive walk call
     * @return the cursor
     */
    EntryCursor cursor(String volume, String prefix, String after, boolean recursive, int walkPage) {
        List<EntryCursor> sets = new ArrayList<>();
        for (List<SetStore> pool : pools) {
            for (SetStore set : pool) {
                sets.add(new SetCursor(engine, set.drives(), volume, prefix, after, recursive, walkPage));
            }
        }
        return new MergedCursor(sets);
    }

    // ---------------------------------------------------------------- multipart

    @Override
    public String newMultipartUpload(String bucket, String key, PutOptions options) throws ObjectStoreException {
        return multipart.create(bucket, key, options == null ? PutOptions.DEFAULT : options);
    }

    @Override
    public PartInfo putObjectPart(String bucket, String key, String uploadId, int partNumber, InputStream body,
            long size, PartOptions options) throws ObjectStoreException {
        return multipart.putPart(bucket, key, uploadId, partNumber, body, size,
                options == null ? PartOptions.DEFAULT : options);
    }

    @Override
    public MultipartUpload getMultipartUpload(String bucket, String key, String uploadId)
            throws ObjectStoreException {
        return multipart.upload(bucket, key, uploadId);
    }

    @Override
    public ListPartsPage listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts)
            throws ObjectStoreException {
        return multipart.listParts(bucket, key, uploadId, partNumberMarker, maxParts);
    }

    @Override
    public ListUploadsPage listMultipartUploads(String bucket, String prefix, String delimiter, String keyMarker,
            String uploadIdMarker, int maxUploads) throws ObjectStoreException {
        return multipart.listUploads(bucket, prefix == null ? "" : prefix, delimiter == null ? "" : delimiter,
                keyMarker == null ? "" : keyMarker, uploadIdMarker == null ? "" : uploadIdMarker, maxUploads);
    }

    @Override
    public ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<CompletePart> parts,
            PutOptions options) throws ObjectStoreException {
        return multipart.complete(bucket, key, uploadId, parts, options == null ? PutOptions.DEFAULT : options);
    }

    @Override
    public void abortMultipartUpload(String bucket, String key, String uploadId) throws ObjectStoreException {
        multipart.abort(bucket, key, uploadId);
    }

    /**
     * Removes uploads older than the configured expiry, and the records of uploads completed longer ago than
     * that (which answer repeated completes).
     *
     * @param now the current time
     * @return how many uploads and completed-upload records were removed
     */
    public int expireUploads(Instant now) {
        return multipart.expire(now);
    }

    // ---------------------------------------------------------------- status

    @Override
    public List<DriveStatus> drives() {
        List<DriveStatus> out = new ArrayList<>();
        for (List<SetStore> pool : pools) {
            for (SetStore set : pool) {
                for (int pos = 0; pos < set.drives().size(); pos++) {
                    DiskInfo info = set.drives().get(pos).diskInfo();
                    out.add(new DriveStatus(info.endpoint(), set.pool(), set.index(), pos, info.online(),
                            info.totalBytes(), info.freeBytes(), info.error()));
                }
            }
        }
        return out;
    }

    @Override
    public String deploymentId() {
        return deploymentId;
    }

    @Override
    public long bitrotErrors() {
        return damage.bitrotErrors();
    }
}
