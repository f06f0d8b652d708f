/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.lock.Lease;
import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ListPartsPage;
import io.cairn.api.object.ListUploadsPage;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.StorageClass;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.KeyOrder;
import io.cairn.api.storage.PartMeta;
import io.cairn.api.storage.WalkEntry;

/**
 * Multipart uploads.
 *
 * <p>An upload is staged in the system volume of the set its object will live in. Its record is an object named so
 * that listings walk uploads in key order ({@link UploadNames}); its metadata holds the key, the object's metadata
 * and the erasure layout every part uses. Part shard files are {@code <staging>/data/part.N} and part records
 * {@code <staging>/parts/N}, with {@code <staging> = multipart/<bucket>/<hash of key>/<uploadId>}. Complete moves
 * the {@code data} directory into the object in one commit, so the parts are never copied, then leaves a
 * {@link CompletedUploads} record that answers a repeat of the complete. The upload id is
 * {@code <pool>.<time-ordered uuid>}.
 */
final class MultipartOps {

    private static final Logger LOG = LoggerFactory.getLogger(MultipartOps.class);

    /** Internal metadata entries of an upload record. */
    static final String KEY_ENTRY = Metadata.RESERVED_PREFIX + "key";
    /** The bucket of an upload record. */
    static final String BUCKET_ENTRY = Metadata.RESERVED_PREFIX + "bucket";
    /** The most uploads and common prefixes one listing page returns. */
    static final int MAX_UPLOADS_PER_PAGE = 1000;

    private final ObjectLayer layer;
    private final SecureRandom random = new SecureRandom();

    MultipartOps(ObjectLayer layer) {
        this.layer = layer;
    }

    static String bucketDir(String bucket) {
        return "multipart/" + bucket;
    }

    /**
     * Returns an upload's staging directory in the system volume (part files and part records).
     *
     * @param bucket the bucket
     * @param key the key
     * @param uploadId the upload id
     * @return the directory; also the name of the upload's lock
     */
    static String stagingDir(String bucket, String key, String uploadId) {
        return bucketDir(bucket) + "/" + keyHash(key) + "/" + uploadId;
    }

    /**
     * Returns the directory name that stands for a key in staging and completed-upload names.
     *
     * @param key the key
     * @return the first 32 hex digits of the key's SHA-256
     */
    static String keyHash(String key) {
        return sha256(key).substring(0, 32);
    }

    String create(String bucket, String key, PutOptions options) throws ObjectStoreException {
        Validation.key(key);
        if (!UploadNames.storable(key)) {
            throw new ObjectStoreException(ErrorKind.KEY_TOO_LONG, "a multipart upload's key may have at most "
                    + (Drive.MAX_SEGMENT_BYTES - 2) + " bytes after its last slash (a U+0001 counts twice)");
        }
        layer.requireBucket(bucket);
        SetStore set = layer.locate(bucket, key);
        Engine engine = set.engine();
        ErasureCodec codec = engine.currentCodec();
        BitrotChecksum checksum = engine.currentChecksum();
        boolean[] online = set.online();
        int offline = 0;
        for (boolean o : online) {
            offline += o ? 0 : 1;
        }
        int n = set.drives().size();
        int m = Quorum.raisedParity(n, set.parity(options.storageClass()), offline);
        String uploadId = UploadNames.newUploadId(set.pool(), System.currentTimeMillis(), random);
        Map<String, String> metadata = new LinkedHashMap<>(Validation.cleanMetadata(options.metadata()));
        metadata.put(KEY_ENTRY, key);
        metadata.put(BUCKET_ENTRY, bucket);
        ErasureLayout layout = new ErasureLayout(codec.codecId(), checksum.checksumId(), n - m, m,
                engine.config().blockSizeBytes(), 0, Placement.distribution(bucket + "/" + key, n));
        FileInfo record = new FileInfo(SetStore.NULL_VERSION, null, Instant.now(), 0, "",
                options.storageClass().name(), metadata, layout, List.of(), null);
        byte[][] inline = new byte[n][];
        for (int i = 0; i < n; i++) {
            inline[i] = new byte[0];
        }
        set.commit(Drive.SYSTEM_VOLUME, UploadNames.record(bucket, key, uploadId), record, inline, online, null,
                Conditions.NONE, null);
        return uploadId;
    }

    PartInfo putPart(String bucket, String key, String uploadId, int partNumber, InputStream body, long size,
            PartOptions options) throws ObjectStoreException {
        if (partNumber < 1 || partNumber > MultipartStore.MAX_PART_NUMBER) {
            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "part number must be 1 to 10000");
        }
        if (size > MultipartStore.MAX_PART_SIZE) {
            throw new ObjectStoreException(ErrorKind.ENTITY_TOO_LARGE, "part larger than 5 GiB");
        }
        SetStore set = setFor(bucket, key, uploadId);
        String staging = stagingDir(bucket, key, uploadId);
        SetStore.Resolved upload = resolveUpload(set, bucket, key, uploadId);
        ErasureLayout layout = upload.info().erasure();
        Engine engine = set.engine();
        ErasureCodec codec = engine.currentCodec();
        BitrotChecksum checksum = engine.currentChecksum();
        if (!codec.codecId().equals(layout.codecId()) || !checksum.checksumId().equals(layout.checksumId())) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "the upload's codec " + layout.codecId()
                    + " is not available");
        }
        boolean[] online = set.online();
        int n = set.drives().size();
        for (int i = 0; i < n; i++) {
            online[i] &= upload.perDrive()[i] != null;
        }
        String tmpId = UUID.randomUUID().toString();
        String tmpPath = tmpId + "/part." + partNumber;
        try {
            DataWriter writer = new DataWriter(engine, set.drives(), codec, checksum, layout.dataShards(),
                    layout.parityShards(), layout.distribution());
            DataWriter.Written w;
            try {
                w = writer.write(body, size, MultipartStore.MAX_PART_SIZE, online, tmpPath, false);
            } catch (ObjectStoreException e) {
                if (e.kind() == ErrorKind.WRITE_QUORUM) {
                    // An abort removing the record drive by drive leaves too few drives to write to: say so.
                    try (Lease lease = set.readLock(Drive.SYSTEM_VOLUME, staging)) {
                        resolveUpload(set, bucket, key, uploadId);
                    }
                }
                throw e;
            }
            Map<String, String> checksums = partChecksums(SetStore.verify(w.md5, w.size, options.expectedMd5(),
                    options.verifier()));
            String etag = HexFormat.of().formatHex(w.md5);
            Instant now = Instant.now();
            byte[] record = encodePart(etag, w.size, now, checksums);
            try (Lease lease = set.readLock(Drive.SYSTEM_VOLUME, staging)) {
                resolveUpload(set, bucket, key, uploadId);
                List<Callable<Object>> tasks = new ArrayList<>();
                for (int pos = 0; pos < n; pos++) {
                    Drive d = set.drives().get(pos);
                    tasks.add(w.alive[pos] ? () -> {
                        d.renameFile(Drive.TEMP_VOLUME, tmpPath, Drive.SYSTEM_VOLUME,
                                staging + "/data/part." + partNumber);
                        d.writeAll(Drive.SYSTEM_VOLUME, staging + "/parts/" + partNumber, record);
                        return null;
                    } : null);
                }
                List<Engine.Outcome<Object>> outcomes = engine.parallel(tasks);
                int ok = 0;
                for (Engine.Outcome<Object> o : outcomes) {
                    ok += o != null && o.ok() ? 1 : 0;
                }
                int wq = Quorum.write(layout.dataShards(), layout.parityShards());
                if (ok < wq) {
                    throw Errors.writeQuorum(outcomes, "upload part " + partNumber + " of " + key, ok, wq);
                }
            }
            return new PartInfo(partNumber, etag, w.size, now, checksums);
        } finally {
            set.cleanupTemp(tmpId);
        }
    }

    ListPartsPage listParts(String bucket, String key, String uploadId, int marker, int maxParts)
            throws ObjectStoreException {
        SetStore set = setFor(bucket, key, uploadId);
        SetStore.Resolved upload = resolveUpload(set, bucket, key, uploadId);
        int max = Math.max(0, Math.min(maxParts, 1000));
        Map<Integer, PartInfo> parts = readParts(set, upload, stagingDir(bucket, key, uploadId), null);
        List<PartInfo> page = new ArrayList<>();
        boolean truncated = false;
        for (PartInfo p : parts.values()) {
            if (p.partNumber() <= marker) {
                continue;
            }
            if (page.size() >= max) {
                truncated = true;
                break;
            }
            page.add(p);
        }
        int next = page.isEmpty() ? 0 : page.get(page.size() - 1).partNumber();
        return new ListPartsPage(toUpload(bucket, key, uploadId, upload.info()), page, next, truncated);
    }

    MultipartUpload upload(String bucket, String key, String uploadId) throws ObjectStoreException {
        SetStore set = setFor(bucket, key, uploadId);
        return toUpload(bucket, key, uploadId, resolveUpload(set, bucket, key, uploadId).info());
    }

    ObjectInfo complete(String bucket, String key, String uploadId, List<CompletePart> requested,
            PutOptions options) throws ObjectStoreException {
        if (requested == null || requested.isEmpty()) {
            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "a complete request needs at least one part");
        }
        for (int i = 1; i < requested.size(); i++) {
            if (requested.get(i).partNumber() <= requested.get(i - 1).partNumber()) {
                throw new ObjectStoreException(ErrorKind.INVALID_PART_ORDER, "parts must be in ascending order");
            }
        }
        SetStore set = setFor(bucket, key, uploadId);
        String staging = stagingDir(bucket, key, uploadId);
        try (Lease objectLease = set.writeLock(bucket, key);
                Lease uploadLease = set.writeLock(Drive.SYSTEM_VOLUME, staging)) {
            FileInfo done = CompletedUploads.find(set, bucket, key, uploadId);
            if (done != null) {
                return repeated(set, bucket, key, uploadId, requested, done);
            }
            SetStore.Resolved upload = resolveUpload(set, bucket, key, uploadId);
            Set<Integer> wanted = new TreeSet<>();
            for (CompletePart p : requested) {
                wanted.add(p.partNumber());
            }
            boolean[] alive = new boolean[set.drives().size()];
            Map<Integer, PartInfo> stored = readParts(set, upload, staging, alive);
            List<PartMeta> parts = new ArrayList<>();
            MessageDigest md5 = md5();
            long total = 0;
            for (int i = 0; i < requested.size(); i++) {
                CompletePart want = requested.get(i);
                PartInfo have = stored.get(want.partNumber());
                if (have == null || !have.etag().equalsIgnoreCase(Preconditions.unquote(want.etag()))) {
                    throw new ObjectStoreException(ErrorKind.INVALID_PART, "part " + want.partNumber()
                            + " was not uploaded or its ETag differs");
                }
                if (i < requested.size() - 1 && have.size() < MultipartStore.MIN_PART_SIZE) {
                    throw new ObjectStoreException(ErrorKind.ENTITY_TOO_SMALL, "part " + want.partNumber()
                            + " is smaller than 5 MiB and not the last part");
                }
                md5.update(HexFormat.of().parseHex(have.etag()));
                total += have.size();
                parts.add(new PartMeta(have.partNumber(), have.size(), have.etag(), have.lastModified()));
            }
            String etag = HexFormat.of().formatHex(md5.digest()) + "-" + requested.size();
            FileInfo earlier = completedBefore(set, bucket, key, etag, parts);
            if (earlier != null) {
                // A complete of these parts that a crash stopped after its commit, before it recorded the completion
                // and removed the upload: the object is this upload's, so this is a repeat of that complete.
                recordCompleted(set, bucket, key, uploadId, earlier);
                removeUpload(set, bucket, key, uploadId);
                return SetStore.toInfo(bucket, key, earlier);
            }
            // A PUT after the upload began may have put the object in another pool: the upload replaces it there.
            SetStore elsewhere = layer.holderOutside(set.pool(), bucket, key);
            // Under the object's lock, checked before anything changes: a refused complete keeps every part.
            Conditions conditions = options.conditions();
            if (conditions != null && !conditions.isEmpty()) {
                Preconditions.checkWrite(conditions, (elsewhere != null ? elsewhere : set).statOrNull(bucket, key));
            }
            SetStore.checkHeld(objectLease, bucket, key);
            String[][] data = listData(set, staging, alive);
            checkReadable(data, wanted, upload.info().erasure());
            removeUnlisted(set, staging, data, wanted);
            FileInfo up = upload.info();
            Map<String, String> metadata = new LinkedHashMap<>(up.metadata());
            metadata.remove(KEY_ENTRY);
            metadata.remove(BUCKET_ENTRY);
            metadata.putAll(Validation.cleanMetadata(options.metadata()));
            FileInfo template = new FileInfo(SetStore.NULL_VERSION, UUID.randomUUID().toString(), Instant.now(),
                    total, etag, up.storageClass(), metadata, up.erasure(), parts, null);
            set.commitFrom(Drive.SYSTEM_VOLUME, bucket, key, template, null, alive, staging + "/data",
                    Conditions.NONE, objectLease);
            recordCompleted(set, bucket, key, uploadId, template);
            removeUpload(set, bucket, key, uploadId);
            if (elsewhere != null) {
                // The object lived in another pool (written there after the upload began): the upload replaces it.
                elsewhere.delete(bucket, key, objectLease);
            }
            return SetStore.toInfo(bucket, key, template);
        }
    }

    /**
     * Answers a complete of an upload that was completed before: with the first complete's result when the request
     * names the same parts, whatever became of the object since, and {@code NO_SUCH_UPLOAD} otherwise. Conditions
     * and metadata of the repeat are not looked at: the request was carried out once. An upload record a crash left
     * beside the completed record is removed.
     */
    private static ObjectInfo repeated(SetStore set, String bucket, String key, String uploadId,
            List<CompletePart> requested, FileInfo done) throws ObjectStoreException {
        if (!CompletedUploads.matches(done, requested)) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "upload " + uploadId
                    + " was completed with other parts");
        }
        try {
            removeUpload(set, bucket, key, uploadId);
        } catch (ObjectStoreException e) {
            LOG.debug("Cannot remove what is left of completed upload {}: {}", uploadId, e.getMessage());
        }
        return CompletedUploads.toInfo(bucket, key, done);
    }

    /**
     * Records a completion so that a repeated complete gets the same answer. The object is committed by now: a
     * record that cannot be written costs only that answer (a repeat then gets {@code NO_SUCH_UPLOAD}), so the
     * complete still succeeds.
     */
    private static void recordCompleted(SetStore set, String bucket, String key, String uploadId, FileInfo object) {
        try {
            CompletedUploads.write(set, bucket, key, uploadId, object);
        } catch (ObjectStoreException e) {
            LOG.warn("Cannot record the completion of upload {} of {}/{}; a repeated complete will answer"
                    + " NoSuchUpload: {}", uploadId, bucket, key, e.getMessage());
        }
    }

    void abort(String bucket, String key, String uploadId) throws ObjectStoreException {
        SetStore set = setFor(bucket, key, uploadId);
        try (Lease lease = set.writeLock(Drive.SYSTEM_VOLUME, stagingDir(bucket, key, uploadId))) {
            resolveUpload(set, bucket, key, uploadId);
            removeUpload(set, bucket, key, uploadId);
        }
    }

    /**
     * Lists one page of uploads in key and upload id order, streaming from a merged cursor over every set's record
     * walks: memory holds the page and one walk page per drive, however many uploads the bucket has.
     */
    ListUploadsPage listUploads(String bucket, String prefix, String delimiter, String keyMarker,
            String uploadIdMarker, int maxUploads) throws ObjectStoreException {
        layer.requireBucket(bucket);
        int max = Math.max(0, Math.min(maxUploads, MAX_UPLOADS_PER_PAGE));
        List<MultipartUpload> page = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (max == 0) {
            return new ListUploadsPage(page, prefixes, false, "", "");
        }
        // Without an upload id marker every upload of the marker key is skipped; with one, those up to it.
        String after = keyMarker.isEmpty() ? "" : UploadNames.record(bucket, keyMarker, uploadIdMarker.isEmpty()
                ? Lister.AFTER_ALL : uploadIdMarker);
        EntryCursor cursor = layer.cursor(Drive.SYSTEM_VOLUME, UploadNames.walkPrefix(bucket, prefix), after, true,
                layer.engine().config().walkPageEntries());
        String nextKey = "";
        String nextId = "";
        for (WalkEntry e = cursor.peek(); e != null; e = cursor.peek()) {
            String[] record = UploadNames.parse(bucket, e.name());
            if (record == null || e.info() == null || !record[0].startsWith(prefix)) {
                cursor.advance();
                continue;
            }
            String common = commonPrefix(record[0], prefix, delimiter);
            if (common != null && KeyOrder.compare(common, keyMarker) <= 0) {
                cursor.seek(UploadNames.afterAll(bucket, common));
                continue;
            }
            if (page.size() + prefixes.size() >= max) {
                return new ListUploadsPage(page, prefixes, true, nextKey, nextId);
            }
            if (common != null) {
                prefixes.add(common);
                nextKey = common;
                nextId = "";
                cursor.seek(UploadNames.afterAll(bucket, common));
            } else {
                page.add(toUpload(bucket, record[0], record[1], e.info()));
                nextKey = record[0];
                nextId = record[1];
                cursor.advance();
            }
        }
        return new ListUploadsPage(page, prefixes, false, "", "");
    }

    int expire(Instant now) {
        int removed = 0;
        List<BucketInfo> buckets;
        try {
            buckets = layer.listBuckets();
        } catch (ObjectStoreException e) {
            LOG.warn("Cannot list buckets to expire stale multipart uploads: {}", e.getMessage());
            return 0;
        }
        Instant cutoff = now.minus(layer.engine().config().multipartExpiry());
        for (BucketInfo b : buckets) {
            try {
                EntryCursor cursor = layer.cursor(Drive.SYSTEM_VOLUME, UploadNames.bucketDir(b.name()), "", true,
                        layer.engine().config().walkPageEntries());
                for (WalkEntry e = cursor.peek(); e != null; e = cursor.peek()) {
                    String[] record = UploadNames.parse(b.name(), e.name());
                    if (record != null && e.info() != null && e.info().modTime().isBefore(cutoff)) {
                        abort(b.name(), record[0], record[1]);
                        removed++;
                    }
                    cursor.advance();
                }
            } catch (ObjectStoreException e) {
                LOG.warn("Cannot expire stale uploads of bucket {}: {}", b.name(), e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} multipart uploads older than {}", removed, layer.engine().config().multipartExpiry());
        }
        int records = 0;
        for (BucketInfo b : buckets) {
            records += expireCompleted(b.name(), cutoff);
        }
        if (records > 0) {
            LOG.info("Removed {} records of uploads completed before {}", records, cutoff);
        }
        return removed + records;
    }

    /** Removes a bucket's completed-upload records older than the cutoff, each under its upload's lock. */
    private int expireCompleted(String bucket, Instant cutoff) {
        int removed = 0;
        try {
            EntryCursor cursor = layer.cursor(Drive.SYSTEM_VOLUME, CompletedUploads.bucketDir(bucket) + "/", "", true,
                    layer.engine().config().walkPageEntries());
            for (WalkEntry e = cursor.peek(); e != null; e = cursor.peek()) {
                String uploadId = CompletedUploads.uploadIdOf(bucket, e.name());
                String key = e.info() == null ? null : e.info().metadata().get(KEY_ENTRY);
                if (uploadId != null && key != null && CompletedUploads.expired(e.info(), cutoff)
                        && e.name().equals(CompletedUploads.record(bucket, key, uploadId))) {
                    SetStore set = setFor(bucket, key, uploadId);
                    try (Lease lease = set.writeLock(Drive.SYSTEM_VOLUME, stagingDir(bucket, key, uploadId))) {
                        set.deleteRecord(Drive.SYSTEM_VOLUME, e.name());
                    }
                    removed++;
                }
                cursor.advance();
            }
        } catch (ObjectStoreException e) {
            LOG.warn("Cannot expire completed-upload records of bucket {}: {}", bucket, e.getMessage());
        }
        return removed;
    }

    // ---------------------------------------------------------------- helpers

    private SetStore setFor(String bucket, String key, String uploadId) throws ObjectStoreException {
        Validation.key(key);
        Validation.bucket(bucket);
        Validation.uploadId(uploadId);
        int pool = Integer.parseInt(uploadId.substring(0, uploadId.indexOf('.')));
        if (pool >= layer.pools().size()) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "no such upload: " + uploadId);
        }
        return layer.setOf(pool, bucket, key);
    }

    private static SetStore.Resolved resolveUpload(SetStore set, String bucket, String key, String uploadId)
            throws ObjectStoreException {
        if (!UploadNames.storable(key)) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "no such upload for " + key);
        }
        try {
            SetStore.Resolved r = set.resolve(Drive.SYSTEM_VOLUME, UploadNames.record(bucket, key, uploadId), false);
            if (!key.equals(r.info().metadata().get(KEY_ENTRY))
                    || !bucket.equals(r.info().metadata().get(BUCKET_ENTRY))) {
                throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "no such upload for " + key);
            }
            return r;
        } catch (ObjectStoreException e) {
            if (e.kind() == ErrorKind.NO_SUCH_KEY || e.kind() == ErrorKind.NO_SUCH_BUCKET) {
                throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "no such upload for " + key, e);
            }
            throw e;
        }
    }

    /**
     * Reads the part records every drive holds and keeps the parts a read quorum agrees on.
     *
     * @param alive when not {@code null}, filled with the drives that hold every agreed part
     */
    private static Map<Integer, PartInfo> readParts(SetStore set, SetStore.Resolved upload, String staging,
            boolean[] alive) throws ObjectStoreException {
        int n = set.drives().size();
        List<Callable<Map<Integer, PartInfo>>> tasks = new ArrayList<>();
        for (int pos = 0; pos < n; pos++) {
            Drive d = set.drives().get(pos);
            tasks.add(upload.perDrive()[pos] == null ? null : () -> {
                Map<Integer, PartInfo> parts = new HashMap<>();
                for (String name : d.listDir(Drive.SYSTEM_VOLUME, staging + "/parts", 20_000)) {
                    if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() <= 5) {
                        int number = Integer.parseInt(name);
                        parts.put(number, decodePart(number, d.readAll(Drive.SYSTEM_VOLUME,
                                staging + "/parts/" + name)));
                    }
                }
                return parts;
            });
        }
        List<Engine.Outcome<Map<Integer, PartInfo>>> outcomes = set.engine().parallel(tasks);
        int k = upload.info().erasure().dataShards();
        Map<PartInfo, Integer> votes = new HashMap<>();
        for (Engine.Outcome<Map<Integer, PartInfo>> o : outcomes) {
            if (o != null && o.ok()) {
                for (PartInfo p : o.value().values()) {
                    votes.merge(p, 1, Integer::sum);
                }
            }
        }
        Map<Integer, PartInfo> agreed = new java.util.TreeMap<>();
        votes.forEach((p, count) -> {
            PartInfo other = agreed.get(p.partNumber());
            if (count >= k && (other == null || p.lastModified().isAfter(other.lastModified()))) {
                agreed.put(p.partNumber(), p);
            }
        });
        if (alive != null) {
            for (int pos = 0; pos < n; pos++) {
                Engine.Outcome<Map<Integer, PartInfo>> o = outcomes.get(pos);
                alive[pos] = o != null && o.ok() && o.value().values().containsAll(agreed.values());
            }
        }
        return agreed;
    }

    /**
     * Lists the data directory of the upload on each drive that holds every part record, before a complete changes
     * anything.
     *
     * @return per drive the names, {@code null} for a drive not listed or whose listing failed
     */
    private static String[][] listData(SetStore set, String staging, boolean[] alive) {
        List<Callable<String[]>> tasks = new ArrayList<>();
        for (int pos = 0; pos < set.drives().size(); pos++) {
            Drive d = set.drives().get(pos);
            tasks.add(alive[pos] ? () -> d.listDir(Drive.SYSTEM_VOLUME, staging + "/data", 20_000)
                    .toArray(new String[0]) : null);
        }
        List<Engine.Outcome<String[]>> outcomes = set.engine().parallel(tasks);
        String[][] data = new String[outcomes.size()][];
        for (int pos = 0; pos < data.length; pos++) {
            Engine.Outcome<String[]> o = outcomes.get(pos);
            data[pos] = o != null && o.ok() ? o.value() : null;
        }
        return data;
    }

    /**
     * Returns the object when it is what a complete of exactly these parts made: its multipart ETag (the MD5 of the
     * parts' MD5s) and its part list are theirs.
     *
     * @return the object's metadata, or {@code null} when there is no such object
     */
    private static FileInfo completedBefore(SetStore set, String bucket, String key, String etag,
            List<PartMeta> parts) throws ObjectStoreException {
        FileInfo current = set.currentOrNull(bucket, key);
        if (current == null || !etag.equals(current.etag()) || current.parts().size() != parts.size()) {
            return null;
        }
        for (int i = 0; i < parts.size(); i++) {
            PartMeta have = current.parts().get(i);
            if (have.number() != parts.get(i).number() || !have.etag().equals(parts.get(i).etag())) {
                return null;
            }
        }
        return current;
    }

    /**
     * Checks that enough drives hold the data of every part a complete names to read the object it would make:
     * metadata naming parts whose data is gone would make an unreadable object, and could replace a good one. Data
     * goes missing when a complete that a crash stopped moved it into the object already (a part uploaded again
     * afterwards comes back alone), or when an earlier complete that failed dropped the parts it did not name.
     *
     * @param data the listings of {@link #listData}
     * @param wanted the part numbers the complete names
     * @param layout the upload's erasure layout
     * @throws ObjectStoreException {@code INVALID_PART} when fewer drives than the layout's data shards hold every
     *     named part's data, also counting those that did not answer; {@code WRITE_QUORUM} when too few hold it
     *     among those that answered, but the others might
     */
    private static void checkReadable(String[][] data, Set<Integer> wanted, ErasureLayout layout)
            throws ObjectStoreException {
        int full = 0;
        int unknown = 0;
        for (String[] names : data) {
            if (names == null) {
                unknown++;
                continue;
            }
            Set<Integer> held = new TreeSet<>();
            for (String name : names) {
                held.add(partNumber(name));
            }
            full += held.containsAll(wanted) ? 1 : 0;
        }
        int k = layout.dataShards();
        if (full + unknown < k) {
            throw new ObjectStoreException(ErrorKind.INVALID_PART, "the data of a named part is gone from "
                    + (data.length - full - unknown) + " of " + data.length + " drives; upload it again");
        }
        if (full < k) {
            throw new ObjectStoreException(ErrorKind.WRITE_QUORUM, full + " drives hold every named part's data, "
                    + k + " needed, and " + unknown + " did not answer; nothing changed");
        }
    }

    /** The number of a part's data file {@code part.N}, or -1 for another name. */
    private static int partNumber(String name) {
        String num = name.startsWith("part.") ? name.substring(5) : "";
        return num.isEmpty() || !num.chars().allMatch(Character::isDigit) || num.length() > 5 ? -1
                : Integer.parseInt(num);
    }

    /** Deletes, on the drives that listed their data, the data of the parts a complete does not name. */
    private static void removeUnlisted(SetStore set, String staging, String[][] data, Set<Integer> wanted) {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int pos = 0; pos < set.drives().size(); pos++) {
            Drive d = set.drives().get(pos);
            String[] names = data[pos];
            tasks.add(names == null ? null : () -> {
                for (String name : names) {
                    if (!wanted.contains(partNumber(name))) {
                        d.delete(Drive.SYSTEM_VOLUME, staging + "/data/" + name, true);
                    }
                }
                return null;
            });
        }
        set.engine().parallel(tasks);
    }

    private static void removeUpload(SetStore set, String bucket, String key, String uploadId)
            throws ObjectStoreException {
        set.deleteRecord(Drive.SYSTEM_VOLUME, UploadNames.record(bucket, key, uploadId));
        String staging = stagingDir(bucket, key, uploadId);
        List<Callable<Object>> tasks = new ArrayList<>();
        for (Drive d : set.drives()) {
            tasks.add(() -> {
                d.delete(Drive.SYSTEM_VOLUME, staging, true);
                return null;
            });
        }
        set.engine().parallel(tasks);
    }

    private static MultipartUpload toUpload(String bucket, String key, String uploadId, FileInfo record) {
        StorageClass sc = "REDUCED_REDUNDANCY".equals(record.storageClass()) ? StorageClass.REDUCED_REDUNDANCY
                : StorageClass.STANDARD;
        return new MultipartUpload(bucket, key, uploadId, record.modTime(), sc,
                Validation.cleanMetadata(record.metadata()));
    }

    private static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    /** Keeps the checksum entries a part's verifier returned: single-line names without {@code =}, one-line values. */
    private static Map<String, String> partChecksums(Map<String, String> verified) {
        Map<String, String> out = new TreeMap<>();
        verified.forEach((name, value) -> {
            if (name.startsWith(Metadata.CHECKSUM_PREFIX) && name.indexOf('=') < 0 && name.indexOf('\n') < 0
                    && value.indexOf('\n') < 0) {
                out.put(name, value);
            }
        });
        return out;
    }

    /**
     * Encodes a part record: format {@code v2} is {@code v1} (ETag, size, time) followed by one
     * {@code name=value} line per checksum.
     */
    static byte[] encodePart(String etag, long size, Instant modified, Map<String, String> checksums) {
        StringBuilder out = new StringBuilder(checksums.isEmpty() ? "v1\n" : "v2\n");
        out.append(etag).append('\n').append(size).append('\n').append(modified.toEpochMilli()).append('\n');
        checksums.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static PartInfo decodePart(int number, byte[] bytes) throws java.io.IOException {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        boolean v2 = lines.length >= 4 && "v2".equals(lines[0]);
        if (lines.length < 4 || !"v1".equals(lines[0]) && !v2) {
            throw new java.io.IOException("bad part record " + number);
        }
        Map<String, String> checksums = new TreeMap<>();
        for (int i = 4; v2 && i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw new java.io.IOException("bad checksum line in part record " + number);
            }
            checksums.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        return new PartInfo(number, lines[1].toLowerCase(Locale.ROOT), Long.parseLong(lines[2]),
                Instant.ofEpochMilli(Long.parseLong(lines[3])), checksums);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static MessageDigest md5() throws ObjectStoreException {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "MD5 unavailable", e);
        }
    }
}
