/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

import io.cairn.api.object.ByteRange;
import io.cairn.api.object.Conditions;
import io.cairn.api.object.CopyOptions;
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
 * Operations on an object: PUT, GET, HEAD, DELETE, CopyObject, tagging, GetObjectAttributes and the fixed ACL;
 * multipart requests go to {@link MultipartOps}.
 */
final class ObjectOps {

    private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-language", "Content-Language",
            "response-expires", "Expires",
            "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private final Stores stores;
    private final Settings settings;
    private final Owner owner;
    private final MultipartOps multipart;
    private final Executor digestExecutor;

    ObjectOps(Stores stores, Settings settings, Owner owner, MultipartOps multipart, Executor digestExecutor) {
        this.stores = stores;
        this.settings = settings;
        this.owner = owner;
        this.multipart = multipart;
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
                if (ex.hasParam("tagging")) {
                    putTagging(ex);
                } else if (ex.header("x-amz-copy-source") != null) {
                    copy(ex);
                } else {
                    put(ex);
                }
                break;
            case "DELETE":
                if (ex.hasParam("tagging")) {
                    deleteTagging(ex);
                } else {
                    stores.objects().deleteObject(ex.bucket(), ex.key());
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
        GetOptions options = readOptions(ex);
        ObjectReader reader;
        try {
            reader = stores.objects().getObject(ex.bucket(), ex.key(), options);
        } catch (ObjectStoreException e) {
            throw rangeError(ex, e);
        }
        try (reader) {
            ObjectInfo info = reader.info();
            boolean checksums = checksumMode(ex) && !reader.partial();
            ObjectMeta.toHeaders(ex, info, checksums);
            if (options.partNumber() > 0 && info.isMultipart()) {
                ex.headers().put("x-amz-mp-parts-count", Integer.toString(info.parts().size()));
            }
            int status = 200;
            if (reader.partial()) {
                status = 206;
                ex.headers().put("Content-Range", "bytes " + reader.offset() + "-"
                        + (reader.offset() + reader.length() - 1) + "/" + info.size());
            }
            overrides(ex);
            ex.sendStream(status, reader.length(), reader.stream());
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
        GetOptions options = readOptions(ex);
        ObjectInfo info;
        try {
            info = stores.objects().statObject(ex.bucket(), ex.key(),
                    new GetOptions(null, options.partNumber(), options.conditions()));
        } catch (ObjectStoreException e) {
            throw rangeError(ex, e);
        }
        ObjectMeta.toHeaders(ex, info, checksumMode(ex) && options.range() == null);
        long length = info.size();
        int status = 200;
        if (options.partNumber() > 0) {
            status = 206;
            long offset = 0;
            length = info.size();
            if (!info.isMultipart() && options.partNumber() > 1) {
                throw new S3Exception(S3Error.INVALID_PART_NUMBER);
            }
            if (info.isMultipart()) {
                if (options.partNumber() > info.parts().size()) {
                    throw new S3Exception(S3Error.INVALID_PART_NUMBER);
                }
                for (int i = 0; i < options.partNumber() - 1; i++) {
                    offset += info.parts().get(i).size();
                }
                length = info.parts().get(options.partNumber() - 1).size();
                ex.headers().put("x-amz-mp-parts-count", Integer.toString(info.parts().size()));
            }
            ex.headers().put("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + info.size());
        } else if (options.range() != null) {
            long[] resolved;
            try {
                resolved = options.range().resolve(info.size());
            } catch (ObjectStoreException e) {
                throw rangeError(ex, e);
            }
            status = 206;
            length = resolved[1];
            ex.headers().put("Content-Range", "bytes " + resolved[0] + "-" + (resolved[0] + length - 1) + "/"
                    + info.size());
        }
        overrides(ex);
        ex.sendStream(status, length, null);
    }

    private static boolean checksumMode(Exchange ex) {
        String mode = ex.header("x-amz-checksum-mode");
        return mode != null && "ENABLED".equalsIgnoreCase(mode.trim());
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
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                return last.isEmpty() ? null : ByteRange.suffix(Long.parseLong(last));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? -1 : Long.parseLong(last);
            if (start < 0 || end != -1 && end < start) {
                return null;
            }
            return ByteRange.of(start, end);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void copy(Exchange ex) throws ObjectStoreException {
        String[] source = CopySource.parse(ex.header("x-amz-copy-source"));
        String directive = directive(ex, "x-amz-metadata-directive");
        String taggingDirective = directive(ex, "x-amz-tagging-directive");
        StorageClass storageClass = ex.header("x-amz-storage-class") == null ? null : ObjectMeta.storageClass(ex);
        Conditions sourceConditions = ObjectMeta.readConditions(ex, "x-amz-copy-source-if-");
        Conditions destConditions = ObjectMeta.writeConditions(ex);
        boolean sameObject = source[0].equals(ex.bucket()) && source[1].equals(ex.key());
        if (sameObject && "COPY".equals(directive) && storageClass == null && "COPY".equals(taggingDirective)) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "This copy request is illegal because it is trying to copy"
                    + " an object to itself without changing the object's metadata, storage class, website redirect"
                    + " location or encryption attributes.");
        }
        Map<String, String> replace = null;
        if ("REPLACE".equals(directive) || "REPLACE".equals(taggingDirective)) {
            ObjectInfo src = sourceInfo(source, sourceConditions);
            replace = new HashMap<>("REPLACE".equals(directive) ? ObjectMeta.fromHeaders(ex) : src.metadata());
            replace.putAll(ObjectMeta.checksums(src.metadata()));
            replace.remove(Metadata.TAGGING);
            String tags = "REPLACE".equals(taggingDirective)
                    ? Tagging.format(Tagging.parseHeader(ex.header("x-amz-tagging")))
                    : src.metadata().get(Metadata.TAGGING);
            if (tags != null && !tags.isEmpty()) {
                replace.put(Metadata.TAGGING, tags);
            }
        }
        ObjectInfo info;
        try {
            info = stores.objects().copyObject(source[0], source[1], ex.bucket(), ex.key(),
                    new CopyOptions(replace, storageClass, sourceConditions, destConditions));
        } catch (ObjectStoreException e) {
            throw CopySource.explain(e);
        }
        XmlWriter xml = new XmlWriter().root("CopyObjectResult")
                .element("LastModified", Encoding.isoDate(info.lastModified()))
                .element("ETag", Encoding.quote(info.etag()));
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            xml.element(a.xmlName(), info.metadata().get(a.header()));
        }
        ex.sendXml(200, xml.toBytes());
    }

    private ObjectInfo sourceInfo(String[] source, Conditions conditions) throws ObjectStoreException {
        try {
            return stores.objects().statObject(source[0], source[1], new GetOptions(null, 0, conditions));
        } catch (ObjectStoreException e) {
            throw CopySource.explain(e);
        }
    }

    private static String directive(Exchange ex, String header) {
        String value = ex.header(header);
        if (value == null) {
            return "COPY";
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!"COPY".equals(v) && !"REPLACE".equals(v)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Unknown " + header + " value.");
        }
        return v;
    }

    private void getTagging(Exchange ex) throws ObjectStoreException {
        ObjectInfo info = stat(ex, GetOptions.DEFAULT);
        ex.sendXml(200, Tagging.toXml(Tagging.parseQuery(info.metadata().get(Metadata.TAGGING))));
    }

    private void putTagging(Exchange ex) throws ObjectStoreException {
        Map<String, String> tags = Tagging.parseXml(Bodies.readXml(ex, settings, true));
        ObjectInfo info = stat(ex, GetOptions.DEFAULT);
        Map<String, String> meta = new HashMap<>(info.metadata());
        String formatted = Tagging.format(tags);
        if (formatted.isEmpty()) {
            meta.remove(Metadata.TAGGING);
        } else {
            meta.put(Metadata.TAGGING, formatted);
        }
        stores.objects().updateObjectMetadata(ex.bucket(), ex.key(), meta);
        ex.sendEmpty(200);
    }

    private void deleteTagging(Exchange ex) throws ObjectStoreException {
        ObjectInfo info = stat(ex, GetOptions.DEFAULT);
        if (info.metadata().containsKey(Metadata.TAGGING)) {
            Map<String, String> meta = new HashMap<>(info.metadata());
            meta.remove(Metadata.TAGGING);
            stores.objects().updateObjectMetadata(ex.bucket(), ex.key(), meta);
        }
        ex.sendEmpty(204);
    }
}
