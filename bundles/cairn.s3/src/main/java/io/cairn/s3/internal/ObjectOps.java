/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;

import io.cairn.api.object.ByteRange;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.GetOptions;
import io.cairn.api.object.Metadata;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;
import io.cairn.api.object.ObjectStore;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;
import io.cairn.api.object.StorageClass;

/**
 * Operations on an object: PUT, GET, HEAD, DELETE, tagging, GetObjectAttributes and the fixed ACL; CopyObject goes
 * to {@link CopyOps}, multipart requests to {@link MultipartOps}.
 */
final class ObjectOps {

    /**
     * Bytes of a GET's body read before the answer starts: one is enough, as the engine decodes (and checks) its
     * whole first block on the first read, and more would only be copied once more on the way out.
     */
    private static final int PREFETCH_BYTES = 1;
    /** By parameter name, sorted, so that of several bad overrides the same one is always reported. */
    private static final Map<String, String> RESPONSE_OVERRIDES = Collections.unmodifiableMap(
            new TreeMap<>(Map.of(
                    "response-content-type", "Content-Type",
                    "response-content-language", "Content-Language",
                    "response-expires", "Expires",
                    "response-cache-control", "Cache-Control",
                    "response-content-disposition", "Content-Disposition",
                    "response-content-encoding", "Content-Encoding")));

    private final Stores stores;
    private final Settings settings;
    private final Owner owner;
    private final MultipartOps multipart;
    private final CopyOps copies;
    private final Executor digestExecutor;

    ObjectOps(Stores stores, Settings settings, Owner owner, MultipartOps multipart, Executor digestExecutor) {
        this.stores = stores;
        this.settings = settings;
        this.owner = owner;
        this.multipart = multipart;
        this.copies = new CopyOps(stores);
        this.digestExecutor = digestExecutor;
    }

    void handle(Exchange ex) throws Exception {
        Subresources.check(ex, Subresources.OBJECT_UNSUPPORTED);
        BucketNames.check(ex.bucket());
        BucketNames.checkKey(ex.key());
        String version = ex.param("versionId");
        if (version != null && !"null".equals(version)) {
            throw new S3Exception(S3Error.NO_SUCH_VERSION);
        }
        if (ex.hasParam("uploadId") || ex.hasParam("uploads")) {
            multipart.handle(ex);
            return;
        }
        switch (ex.method()) {
            case "GET":
                if (ex.hasParam("tagging")) {
                    getTagging(ex);
                } else if (ex.hasParam("acl")) {
                    stat(ex, GetOptions.DEFAULT);
                    ex.sendXml(200, Acl.fullControl(owner));
                } else if (ex.hasParam("attributes")) {
                    Attributes.send(ex, stat(ex, new GetOptions(null, 0, ObjectMeta.readConditions(ex, "if-"))));
                } else {
                    get(ex);
                }
                break;
            case "HEAD":
                head(ex);
                break;
            case "PUT":
                if (ex.hasParam("acl")) {
                    stat(ex, GetOptions.DEFAULT);
                    Acl.put(ex, owner, settings);
                } else if (ex.hasParam("tagging")) {
                    putTagging(ex);
                } else if (ex.header("x-amz-copy-source") != null) {
                    copies.copy(ex);
                } else {
                    put(ex);
                }
                break;
            case "DELETE":
                if (ex.hasParam("tagging")) {
                    deleteTagging(ex);
                } else {
                    stores.objects().deleteObject(ex.bucket(), ex.key(), ObjectMeta.deleteConditions(ex));
                    ex.sendEmpty(204);
                }
                break;
            default:
                throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
    }

    private ObjectInfo stat(Exchange ex, GetOptions options) throws ObjectStoreException {
        return stores.objects().statObject(ex.bucket(), ex.key(), options);
    }

    private void put(Exchange ex) throws ObjectStoreException {
        Map<String, String> meta = ObjectMeta.fromHeaders(ex);
        StorageClass storageClass = ObjectMeta.storageClass(ex);
        Conditions conditions = ObjectMeta.writeConditions(ex);
        UploadBody body = UploadBody.open(ex, ObjectStore.MAX_OBJECT_SIZE, digestExecutor);
        PutOptions options = PutOptions.builder().metadata(meta).storageClass(storageClass).conditions(conditions)
                .expectedMd5(body.expectedMd5()).verifier(body).build();
        ObjectInfo info;
        try {
            info = stores.objects().putObject(ex.bucket(), ex.key(), body.stream(), body.size(), options);
        } catch (ObjectStoreException e) {
            throw body.explain(e);
        }
        ex.headers().put("ETag", Encoding.quote(info.etag()));
        if (body.checksum() != null) {
            ex.headers().put(body.algorithm().header(), body.checksum());
        }
        ex.sendEmpty(200);
    }

    private GetOptions readOptions(Exchange ex) {
        int partNumber = partNumber(ex);
        ByteRange range = parseRange(ex.header("range"));
        if (partNumber > 0 && range != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "Cannot specify both Range header and partNumber query parameter");
        }
        return new GetOptions(range, partNumber, ObjectMeta.readConditions(ex, "if-"));
    }

    static int partNumber(Exchange ex) {
        String text = ex.param("partNumber");
        if (text == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 10000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000,"
                + " inclusive");
    }

    private void get(Exchange ex) throws ObjectStoreException, IOException {
        checkOverrides(ex);
        Encryption.checkReadArguments(ex);
        GetOptions options = readOptions(ex);
        ObjectReader reader;
        try {
            reader = stores.objects().getObject(ex.bucket(), ex.key(), options);
        } catch (ObjectStoreException e) {
            throw rangeError(ex, e);
        }
        try (reader) {
            Encryption.checkReadKeys(ex);
            InputStream body = prefetch(ex, reader);
            ObjectInfo info = reader.info();
            boolean checksums = checksumMode(ex) && !reader.partial();
            ObjectMeta.toHeaders(ex, info, checksums);
            if (checksumMode(ex)) {
                ObjectMeta.partChecksum(ex, info, options.partNumber());
            }
            if (options.partNumber() > 0 && info.isMultipart()) {
                ex.headers().put("x-amz-mp-parts-count", Integer.toString(info.parts().size()));
            }
            int status = 200;
            if (reader.partial() && reader.length() > 0) {
                status = 206;
                ex.headers().put("Content-Range", contentRange(reader.offset(), reader.length(), info.size()));
            }
            overrides(ex);
            ex.sendStream(status, reader.length(), body);
        }
    }

    /**
     * Reads the start of a GET's body before anything is answered, so that a read that cannot gather enough good
     * shards is answered {@code ServiceUnavailable} (with the cause in the log) rather than with a 200 that breaks
     * off or the text of an exception, and a read that found the node's buffers taken is answered
     * {@code SlowDown}.
     */
    private static InputStream prefetch(Exchange ex, ObjectReader reader) throws ObjectStoreException {
        if (reader.length() == 0) {
            return reader.stream();
        }
        try {
            return PrefetchedBody.of(reader.stream(), (int) Math.min(reader.length(), PREFETCH_BYTES));
        } catch (IOException e) {
            if (e.getCause() instanceof ObjectStoreException busy && busy.kind() == ErrorKind.BUSY) {
                throw busy;
            }
            throw new ObjectStoreException(ErrorKind.READ_QUORUM,
                    "cannot read " + ex.bucket() + "/" + ex.key() + ": " + e.getMessage(), e);
        }
    }

    private S3Exception rangeError(Exchange ex, ObjectStoreException e) {
        if (e.kind() != ErrorKind.INVALID_RANGE) {
            return Errors.toS3(e);
        }
        if (ex.hasParam("partNumber")) {
            return new S3Exception(S3Error.INVALID_PART_NUMBER);
        }
        S3Exception error = new S3Exception(S3Error.INVALID_RANGE);
        try {
            ObjectInfo info = stat(ex, GetOptions.DEFAULT);
            error.with("RangeRequested", ex.header("range")).with("ActualObjectSize", Long.toString(info.size()));
            ex.headers().put("Content-Range", "bytes */" + info.size());
        } catch (ObjectStoreException ignored) {
            // The object went away meanwhile; the range error stands without its size.
        }
        return error;
    }

    private void head(Exchange ex) throws ObjectStoreException, IOException {
        checkOverrides(ex);
        Encryption.checkReadArguments(ex);
        GetOptions options = readOptions(ex);
        ObjectInfo info;
        try {
            info = stores.objects().statObject(ex.bucket(), ex.key(),
                    new GetOptions(null, options.partNumber(), options.conditions()));
        } catch (ObjectStoreException e) {
            throw rangeError(ex, e);
        }
        Encryption.checkReadKeys(ex);
        ObjectMeta.toHeaders(ex, info, checksumMode(ex) && options.range() == null);
        if (checksumMode(ex)) {
            ObjectMeta.partChecksum(ex, info, options.partNumber());
        }
        long[] span = {0, info.size()};
        boolean partial = false;
        if (options.partNumber() > 0) {
            span = partSpan(info, options.partNumber());
            partial = true;
            if (info.isMultipart()) {
                ex.headers().put("x-amz-mp-parts-count", Integer.toString(info.parts().size()));
            }
        } else if (options.range() != null) {
            try {
                span = options.range().resolve(info.size());
            } catch (ObjectStoreException e) {
                throw rangeError(ex, e);
            }
            partial = true;
        }
        int status = 200;
        if (partial && span[1] > 0) {
            status = 206;
            ex.headers().put("Content-Range", contentRange(span[0], span[1], info.size()));
        }
        overrides(ex);
        ex.sendStream(status, span[1], null);
    }

    /** Returns {@code {offset, length}} of a part, as GET with {@code partNumber} reads it. */
    private static long[] partSpan(ObjectInfo info, int partNumber) {
        if (!info.isMultipart()) {
            if (partNumber > 1) {
                throw new S3Exception(S3Error.INVALID_PART_NUMBER);
            }
            return new long[] {0, info.size()};
        }
        if (partNumber > info.parts().size()) {
            throw new S3Exception(S3Error.INVALID_PART_NUMBER);
        }
        long offset = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            offset += info.parts().get(i).size();
        }
        return new long[] {offset, info.parts().get(partNumber - 1).size()};
    }

    /**
     * Formats {@code Content-Range} of a 206 answer. An empty span has no valid form ({@code bytes 0--1/0}), so
     * callers answer it with 200 and no {@code Content-Range}.
     *
     * @param offset the first byte
     * @param length the number of bytes, at least 1
     * @param size the object size
     * @return the header value
     */
    static String contentRange(long offset, long length, long size) {
        if (length <= 0) {
            throw new IllegalArgumentException("empty span " + offset + "+" + length + " has no Content-Range");
        }
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }

    private static boolean checksumMode(Exchange ex) {
        String mode = ex.header("x-amz-checksum-mode");
        return mode != null && "ENABLED".equalsIgnoreCase(mode.trim());
    }

    /**
     * Refuses a {@code response-*} override that cannot go out as a header: HTTP/1 header values are ISO-8859-1,
     * and S3 answers {@code InvalidArgument} rather than sending something else than was asked for.
     */
    private static void checkOverrides(Exchange ex) {
        for (String name : RESPONSE_OVERRIDES.keySet()) {
            String value = ex.param(name);
            if (value != null && !latin1(value)) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Header value cannot be represented using"
                        + " ISO-8859-1.").with("ArgumentName", name).with("ArgumentValue", value);
            }
        }
    }

    private static boolean latin1(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static void overrides(Exchange ex) {
        for (Map.Entry<String, String> e : RESPONSE_OVERRIDES.entrySet()) {
            String value = ex.param(e.getKey());
            if (value != null) {
                ex.headers().put(e.getValue(), value);
            }
        }
    }

    /**
     * Parses a Range header as S3 does: one {@code bytes=} range; anything else is ignored (the whole object).
     *
     * @param header the header or {@code null}
     * @return the range or {@code null}
     */
    static ByteRange parseRange(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (!value.startsWith("bytes=") || value.indexOf(',') >= 0) {
            return null;
        }
        String spec = value.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        long start = position(first);
        long end = position(last);
        if (first.isEmpty()) {
            return end < 0 ? null : ByteRange.suffix(end);
        }
        if (start < 0 || !last.isEmpty() && (end < 0 || end < start)) {
            return null;
        }
        return ByteRange.of(start, last.isEmpty() ? -1 : end);
    }

    /**
     * Parses a byte position of a range: ASCII digits only, so {@code 0--1} and {@code +1-2} are invalid syntax
     * rather than a negative or signed number.
     *
     * @return the position, or -1 when empty, not digits or too large
     */
    private static long position(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void getTagging(Exchange ex) throws ObjectStoreException {
        ObjectInfo info = stat(ex, GetOptions.DEFAULT);
        ex.sendXml(200, Tagging.toXml(Tagging.parseQuery(info.metadata().get(Metadata.TAGGING))));
    }

    private void putTagging(Exchange ex) throws ObjectStoreException {
        String formatted = Tagging.format(Tagging.parseXml(Bodies.readXml(ex, settings, true)));
        // The engine applies the change to the version it holds locked: a stat here could read a version that a
        // PUT replaces before the update, whose metadata would then be written onto the new one.
        stores.objects().changeObjectMetadata(ex.bucket(), ex.key(), current -> {
            Map<String, String> meta = new HashMap<>(current);
            if (formatted.isEmpty()) {
                meta.remove(Metadata.TAGGING);
            } else {
                meta.put(Metadata.TAGGING, formatted);
            }
            return meta;
        });
        ex.sendEmpty(200);
    }

    private void deleteTagging(Exchange ex) throws ObjectStoreException {
        stores.objects().changeObjectMetadata(ex.bucket(), ex.key(), current -> {
            if (!current.containsKey(Metadata.TAGGING)) {
                return null;
            }
            Map<String, String> meta = new HashMap<>(current);
            meta.remove(Metadata.TAGGING);
            return meta;
        });
        ex.sendEmpty(204);
    }
}
