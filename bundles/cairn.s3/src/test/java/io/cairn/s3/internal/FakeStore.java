/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.BucketStore;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.CopyOptions;
import io.cairn.api.object.EntityTags;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListPartsPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ListUploadsPage;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.NotModifiedException;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectLister;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStore;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PartSummary;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.PutVerifier;
import io.cairn.api.object.StorageClass;

/**
 * An in-memory object store with the API's documented semantics, for handler tests. Synchronized: tests are
 * small. Objects are held in memory here only because this is a test double.
 */
final class FakeStore implements BucketStore, ObjectStore, MultipartStore, ObjectLister {

    private final Map<String, BucketInfo> buckets = new TreeMap<>();
    private final Map<String, NavigableMap<String, Stored>> objects = new HashMap<>();
    private final Map<String, Upload> uploads = new TreeMap<>();
    private long clock = 1_700_000_000_000L;
    private String unreadable;
    private Runnable racingWrite;

    /**
     * Makes the body of one object fail on its first read, as the engine's stream does when too few good shards
     * of a block can be read.
     *
     * @param bucketAndKey {@code bucket/key}
     */
    synchronized void failReads(String bucketAndKey) {
        unreadable = bucketAndKey;
    }

    /**
     * Runs an action once, as a write of another client landing while the next request that reads an object's
     * metadata is served: right after {@link #statObject} has read its object (the worst moment for a caller that
     * acts on what it read), or as {@link #changeObjectMetadata} or {@link #copyObject} begin (they read and write
     * in one step, as the engine does under the object's lock).
     *
     * @param action the action, for example an overwrite of the object
     */
    synchronized void racingWrite(Runnable action) {
        racingWrite = action;
    }

    private void runRacingWrite() {
        Runnable action;
        synchronized (this) {
            action = racingWrite;
            racingWrite = null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** A stored object. */
    private record Stored(ObjectInfo info, byte[] data) {
    }

    /** An upload in progress. */
    private static final class Upload {
        final MultipartUpload info;
        final PutOptions options;
        final TreeMap<Integer, byte[]> parts = new TreeMap<>();
        final TreeMap<Integer, PartInfo> partInfos = new TreeMap<>();

        Upload(MultipartUpload info, PutOptions options) {
            this.info = info;
            this.options = options;
        }
    }

    /** Times one second and one millisecond apart: the engine's times carry milliseconds too. */
    private Instant now() {
        clock += 1001;
        return Instant.ofEpochMilli(clock);
    }

    Stores stores() {
        return new Stores(this, this, this, this);
    }

    synchronized int objectCount(String bucket) {
        NavigableMap<String, Stored> b = objects.get(bucket);
        return b == null ? 0 : b.size();
    }

    @Override
    public synchronized BucketInfo makeBucket(String name, BucketOptions options) throws ObjectStoreException {
        if (buckets.containsKey(name)) {
            throw new ObjectStoreException(ErrorKind.BUCKET_ALREADY_OWNED_BY_YOU, "exists");
        }
        BucketInfo info = new BucketInfo(name, now(), options.location());
        buckets.put(name, info);
        objects.put(name, new TreeMap<>());
        return info;
    }

    @Override
    public synchronized void deleteBucket(String name) throws ObjectStoreException {
        bucket(name);
        if (!objects.get(name).isEmpty()) {
            throw new ObjectStoreException(ErrorKind.BUCKET_NOT_EMPTY, "not empty");
        }
        buckets.remove(name);
        objects.remove(name);
    }

    @Override
    public synchronized Optional<BucketInfo> bucketInfo(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    @Override
    public synchronized List<BucketInfo> listBuckets() {
        return new ArrayList<>(buckets.values());
    }

    @Override
    public Optional<byte[]> getBucketMetadata(String bucket, String key) {
        return Optional.empty();
    }

    @Override
    public void putBucketMetadata(String bucket, String key, byte[] value) {
    }

    @Override
    public void deleteBucketMetadata(String bucket, String key) {
    }

    private NavigableMap<String, Stored> bucket(String name) throws ObjectStoreException {
        NavigableMap<String, Stored> b = objects.get(name);
        if (b == null) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_BUCKET, "no bucket " + name);
        }
        return b;
    }

    private static byte[] readBody(InputStream body, long size) throws ObjectStoreException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (size < 0 || out.size() < size) {
                int want = size < 0 ? buffer.length : (int) Math.min(buffer.length, size - out.size());
                int n = body.read(buffer, 0, want);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ObjectStoreException(ErrorKind.INCOMPLETE_BODY, "read failed", e);
        }
        if (size >= 0 && out.size() < size) {
            throw new ObjectStoreException(ErrorKind.INCOMPLETE_BODY, "short body");
        }
        return out.toByteArray();
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> clean(Map<String, String> metadata) {
        Map<String, String> out = new HashMap<>();
        metadata.forEach((k, v) -> {
            if (!k.startsWith(Metadata.RESERVED_PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, String> verify(PutVerifier verifier, byte[] expectedMd5, byte[] data)
            throws ObjectStoreException {
        byte[] md5 = md5(data);
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, md5)) {
            throw new ObjectStoreException(ErrorKind.BAD_DIGEST, "bad digest");
        }
        return verifier == null ? Map.of() : verifier.verify(md5, data.length);
    }

    private static void checkWrite(Stored current, Conditions c) throws ObjectStoreException {
        if (c.ifNoneMatch() != null && current != null) {
            throw new ObjectStoreException(ErrorKind.PRECONDITION_FAILED, "exists");
        }
        if (c.ifMatch() != null && (current == null || !EntityTags.matchesStrong(c.ifMatch(), current.info().etag()))) {
            throw new ObjectStoreException(current == null ? ErrorKind.NO_SUCH_KEY : ErrorKind.PRECONDITION_FAILED,
                    "etag");
        }
    }

    private static void checkRead(ObjectInfo info, Conditions c) throws ObjectStoreException {
        // As the engine: HTTP dates have whole seconds, so the object's time is compared in whole seconds.
        Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if (c.ifMatch() != null && !EntityTags.matchesStrong(c.ifMatch(), info.etag())) {
            throw new ObjectStoreException(ErrorKind.PRECONDITION_FAILED, "if-match");
        }
        if (c.ifMatch() == null && c.ifUnmodifiedSince() != null && modified.isAfter(c.ifUnmodifiedSince())) {
            throw new ObjectStoreException(ErrorKind.PRECONDITION_FAILED, "modified");
        }
        if (c.ifNoneMatch() != null && EntityTags.matchesWeak(c.ifNoneMatch(), info.etag())) {
            throw new NotModifiedException("not modified", info);
        }
        if (c.ifNoneMatch() == null && c.ifModifiedSince() != null && !modified.isAfter(c.ifModifiedSince())) {
            throw new NotModifiedException("not modified", info);
        }
    }

    @Override
    public ObjectInfo putObject(String bucket, String key, InputStream body, long size, PutOptions options)
            throws ObjectStoreException {
        synchronized (this) {
            bucket(bucket);
        }
        byte[] data = readBody(body, size);
        Map<String, String> extra = verify(options.verifier(), options.expectedMd5(), data);
        synchronized (this) {
            NavigableMap<String, Stored> b = bucket(bucket);
            checkWrite(b.get(key), options.conditions());
            Map<String, String> meta = clean(options.metadata());
            meta.putAll(extra);
            ObjectInfo info = new ObjectInfo(bucket, key, data.length, HexFormat.of().formatHex(md5(data)), now(),
                    meta, options.storageClass(), List.of());
            b.put(key, new Stored(info, data));
            return info;
        }
    }

    private synchronized Stored stored(String bucket, String key) throws ObjectStoreException {
        Stored s = bucket(bucket).get(key);
        if (s == null) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_KEY, "no key");
        }
        return s;
    }

    @Override
    public ObjectReader getObject(String bucket, String key, GetOptions options) throws ObjectStoreException {
        Stored s = stored(bucket, key);
        checkRead(s.info(), options.conditions());
        long offset = 0;
        long length = s.data().length;
        boolean partial = false;
        if (options.range() != null) {
            long[] r = options.range().resolve(s.data().length);
            offset = r[0];
            length = r[1];
            partial = true;
        } else if (options.partNumber() > 0) {
            partial = true;
            if (s.info().isMultipart()) {
                if (options.partNumber() > s.info().parts().size()) {
                    throw new ObjectStoreException(ErrorKind.INVALID_RANGE, "no such part");
                }
                for (int i = 0; i < options.partNumber() - 1; i++) {
                    offset += s.info().parts().get(i).size();
                }
                length = s.info().parts().get(options.partNumber() - 1).size();
            } else if (options.partNumber() > 1) {
                throw new ObjectStoreException(ErrorKind.INVALID_RANGE, "no such part");
            }
        }
        return reader(s, offset, length, partial, (bucket + "/" + key).equals(unreadable()));
    }

    private synchronized String unreadable() {
        return unreadable;
    }

    private static ObjectReader reader(Stored s, long offset, long length, boolean partial, boolean failing) {
        return new ObjectReader() {
            @Override
            public ObjectInfo info() {
                return s.info();
            }

            @Override
            public long offset() {
                return offset;
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public boolean partial() {
                return partial;
            }

            @Override
            public InputStream stream() {
                if (failing) {
                    return new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("read quorum lost: only 1 of 2 shards readable in block 0");
                        }
                    };
                }
                return new ByteArrayInputStream(s.data(), (int) offset, (int) length);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ObjectInfo statObject(String bucket, String key, GetOptions options) throws ObjectStoreException {
        Stored s = stored(bucket, key);
        checkRead(s.info(), options.conditions());
        runRacingWrite();
        return s.info();
    }

    @Override
    public synchronized void deleteObject(String bucket, String key) throws ObjectStoreException {
        bucket(bucket).remove(key);
    }

    @Override
    public synchronized void deleteObject(String bucket, String key, Conditions conditions)
            throws ObjectStoreException {
        NavigableMap<String, Stored> b = bucket(bucket);
        checkWrite(b.get(key), conditions == null ? Conditions.NONE : conditions);
        b.remove(key);
    }

    @Override
    public ObjectInfo copyObject(String srcBucket, String srcKey, String dstBucket, String dstKey,
            CopyOptions options) throws ObjectStoreException {
        runRacingWrite();
        Stored s = stored(srcBucket, srcKey);
        checkRead(s.info(), options.sourceConditions());
        boolean sameClass = options.storageClass() == null || options.storageClass() == s.info().storageClass();
        if (srcBucket.equals(dstBucket) && srcKey.equals(dstKey) && !options.changesMetadata() && sameClass) {
            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "copy onto itself without a change");
        }
        synchronized (this) {
            NavigableMap<String, Stored> b = bucket(dstBucket);
            checkWrite(b.get(dstKey), options.destinationConditions());
            Map<String, String> meta = clean(options.destinationMetadata(s.info().metadata()));
            StorageClass sc = options.storageClass() == null ? s.info().storageClass() : options.storageClass();
            ObjectInfo info = new ObjectInfo(dstBucket, dstKey, s.info().size(), s.info().etag(), now(), meta, sc,
                    s.info().parts());
            b.put(dstKey, new Stored(info, s.data()));
            return info;
        }
    }

    @Override
    public synchronized ObjectInfo updateObjectMetadata(String bucket, String key, Map<String, String> metadata)
            throws ObjectStoreException {
        Stored s = stored(bucket, key);
        ObjectInfo old = s.info();
        ObjectInfo info = new ObjectInfo(bucket, key, old.size(), old.etag(), now(), clean(metadata),
                old.storageClass(), old.parts());
        bucket(bucket).put(key, new Stored(info, s.data()));
        return info;
    }

    @Override
    public synchronized ObjectInfo changeObjectMetadata(String bucket, String key,
            UnaryOperator<Map<String, String>> change) throws ObjectStoreException {
        runRacingWrite();
        Stored s = stored(bucket, key);
        Map<String, String> changed = change.apply(Collections.unmodifiableMap(s.info().metadata()));
        return changed == null ? s.info() : updateObjectMetadata(bucket, key, changed);
    }

    @Override
    public synchronized ListPage listObjects(String bucket, ListRequest request) throws ObjectStoreException {
        NavigableMap<String, Stored> b = bucket(bucket);
        List<ObjectInfo> out = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        String marker = request.marker();
        for (Map.Entry<String, Stored> e : b.tailMap(marker, false).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(request.prefix())) {
                continue;
            }
            String entry = key;
            boolean common = false;
            if (!request.delimiter().isEmpty()) {
                int at = key.indexOf(request.delimiter(), request.prefix().length());
                if (at >= 0) {
                    entry = key.substring(0, at + request.delimiter().length());
                    common = true;
                }
            }
            if (common && (entry.equals(last) || marker.startsWith(entry) && marker.compareTo(entry) >= 0)) {
                continue;
            }
            if (out.size() + prefixes.size() >= request.maxKeys()) {
                truncated = true;
                break;
            }
            if (common) {
                prefixes.add(entry);
            } else {
                out.add(e.getValue().info());
            }
            last = entry;
        }
        return new ListPage(out, prefixes, truncated, truncated ? last : null);
    }

    @Override
    public synchronized String newMultipartUpload(String bucket, String key, PutOptions options)
            throws ObjectStoreException {
        bucket(bucket);
        String id = UUID.randomUUID().toString();
        uploads.put(id, new Upload(new MultipartUpload(bucket, key, id, now(), options.storageClass(),
                clean(options.metadata())), options));
        return id;
    }

    private synchronized Upload upload(String bucket, String key, String uploadId) throws ObjectStoreException {
        Upload u = uploads.get(uploadId);
        if (u == null || !u.info.bucket().equals(bucket) || !u.info.key().equals(key)) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_UPLOAD, "no upload");
        }
        return u;
    }

    @Override
    public PartInfo putObjectPart(String bucket, String key, String uploadId, int partNumber, InputStream body,
            long size, PartOptions options) throws ObjectStoreException {
        upload(bucket, key, uploadId);
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "part number");
        }
        byte[] data = readBody(body, size);
        Map<String, String> checksums = new HashMap<>();
        verify(options.verifier(), options.expectedMd5(), data).forEach((name, value) -> {
            if (name.startsWith(Metadata.CHECKSUM_PREFIX)) {
                checksums.put(name, value);
            }
        });
        synchronized (this) {
            Upload u = upload(bucket, key, uploadId);
            PartInfo info = new PartInfo(partNumber, HexFormat.of().formatHex(md5(data)), data.length, now(),
                    checksums);
            u.parts.put(partNumber, data);
            u.partInfos.put(partNumber, info);
            return info;
        }
    }

    @Override
    public synchronized ListPartsPage listParts(String bucket, String key, String uploadId, int partNumberMarker,
            int maxParts) throws ObjectStoreException {
        Upload u = upload(bucket, key, uploadId);
        List<PartInfo> page = new ArrayList<>();
        boolean truncated = false;
        int next = 0;
        for (PartInfo p : u.partInfos.tailMap(partNumberMarker, false).values()) {
            if (page.size() == maxParts) {
                truncated = true;
                break;
            }
            page.add(p);
            next = p.partNumber();
        }
        return new ListPartsPage(u.info, page, next, truncated);
    }

    @Override
    public synchronized ListUploadsPage listMultipartUploads(String bucket, String prefix, String delimiter,
            String keyMarker, String uploadIdMarker, int maxUploads) throws ObjectStoreException {
        bucket(bucket);
        List<MultipartUpload> list = new ArrayList<>();
        for (Upload u : uploads.values()) {
            if (u.info.bucket().equals(bucket) && u.info.key().startsWith(prefix)
                    && u.info.key().compareTo(keyMarker) > 0) {
                list.add(u.info);
            }
        }
        list.sort((a, b) -> a.key().equals(b.key()) ? a.uploadId().compareTo(b.uploadId())
                : a.key().compareTo(b.key()));
        boolean truncated = list.size() > maxUploads;
        List<MultipartUpload> page = list.subList(0, Math.min(maxUploads, list.size()));
        MultipartUpload last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new ListUploadsPage(page, List.of(), truncated, last == null ? "" : last.key(),
                last == null ? "" : last.uploadId());
    }

    @Override
    public ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<CompletePart> parts,
            PutOptions options) throws ObjectStoreException {
        synchronized (this) {
            Upload u = upload(bucket, key, uploadId);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            ByteArrayOutputStream md5s = new ByteArrayOutputStream();
            List<PartSummary> summaries = new ArrayList<>();
            int previous = 0;
            for (int i = 0; i < parts.size(); i++) {
                CompletePart p = parts.get(i);
                if (p.partNumber() <= previous) {
                    throw new ObjectStoreException(ErrorKind.INVALID_PART_ORDER, "order");
                }
                previous = p.partNumber();
                PartInfo info = u.partInfos.get(p.partNumber());
                if (info == null || !info.etag().equals(p.etag())) {
                    throw new ObjectStoreException(ErrorKind.INVALID_PART, "part " + p.partNumber());
                }
                if (i < parts.size() - 1 && info.size() < MIN_PART_SIZE) {
                    throw new ObjectStoreException(ErrorKind.ENTITY_TOO_SMALL, "small part");
                }
                data.writeBytes(u.parts.get(p.partNumber()));
                md5s.writeBytes(HexFormat.of().parseHex(info.etag()));
                summaries.add(new PartSummary(p.partNumber(), info.size(), info.etag()));
            }
            NavigableMap<String, Stored> b = bucket(bucket);
            checkWrite(b.get(key), options.conditions());
            Map<String, String> meta = clean(u.options.metadata());
            meta.putAll(clean(options.metadata()));
            String etag = HexFormat.of().formatHex(md5(md5s.toByteArray())) + "-" + parts.size();
            ObjectInfo info = new ObjectInfo(bucket, key, data.size(), etag, now(), meta,
                    u.options.storageClass(), summaries);
            b.put(key, new Stored(info, data.toByteArray()));
            uploads.remove(uploadId);
            return info;
        }
    }

    @Override
    public synchronized void abortMultipartUpload(String bucket, String key, String uploadId)
            throws ObjectStoreException {
        upload(bucket, key, uploadId);
        uploads.remove(uploadId);
    }
}
