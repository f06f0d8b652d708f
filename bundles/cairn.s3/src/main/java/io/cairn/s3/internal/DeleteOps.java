/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.object.Conditions;
import io.cairn.api.object.DeleteResult;
import io.cairn.api.object.ObjectStoreException;

/**
 * DeleteObjects: up to 1000 keys per request, quiet mode, integrity by Content-MD5 or an
 * {@code x-amz-checksum-*} header (one of them is required, as in S3), and conditional deletes: an
 * {@code <ETag>} in an {@code <Object>} deletes that key only if its ETag matches ({@code *}: if it exists).
 */
final class DeleteOps {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteOps.class);

    /** The most keys in one request. */
    static final int MAX_KEYS = 1000;

    private final Stores stores;
    private final Settings settings;

    DeleteOps(Stores stores, Settings settings) {
        this.stores = stores;
        this.settings = settings;
    }

    void handle(Exchange ex) throws ObjectStoreException {
        if (ex.header("content-md5") == null && !hasChecksumHeader(ex)) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "Missing required header for this request: Content-MD5");
        }
        XmlDoc doc = Bodies.readXml(ex, settings, true);
        if (!"Delete".equals(doc.name())) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        boolean quiet = "true".equalsIgnoreCase(doc.childText("Quiet"));
        List<XmlDoc> objects = doc.children("Object");
        if (objects.isEmpty() || objects.size() > MAX_KEYS) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        List<String> keys = new ArrayList<>(objects.size());
        List<String> versions = new ArrayList<>(objects.size());
        List<Conditions> conditions = new ArrayList<>(objects.size());
        List<S3Error> refused = new ArrayList<>(objects.size());
        for (XmlDoc object : objects) {
            String key = object.childRawText("Key");
            if (key == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            refuseDirectoryBucketConditions(object);
            String version = object.childText("VersionId");
            keys.add(key);
            versions.add(version);
            conditions.add(ObjectMeta.ifMatch(object.childText("ETag")));
            refused.add(refusal(key, version));
        }
        List<String> accepted = new ArrayList<>();
        List<Conditions> acceptedConditions = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (refused.get(i) == null) {
                accepted.add(keys.get(i));
                acceptedConditions.add(conditions.get(i));
            }
        }
        List<DeleteResult> results = accepted.isEmpty() ? List.of()
                : stores.objects().deleteObjects(ex.bucket(), accepted, acceptedConditions);
        XmlWriter xml = new XmlWriter().root("DeleteResult");
        int next = 0;
        for (int i = 0; i < keys.size(); i++) {
            S3Error error = refused.get(i);
            String message = error == null ? null : error.message();
            if (error == null) {
                DeleteResult result = results.get(next++);
                if (result.error() != null) {
                    // The client gets S3's message; the store's (which drives, which peers) goes to the log.
                    S3Exception mapped = Errors.toS3(result.error());
                    error = mapped.error();
                    message = mapped.getMessage();
                    if (error.status() >= 500) {
                        LOG.warn("DeleteObjects {}/{} answered {}: {}", ex.bucket(), keys.get(i), error.code(),
                                result.error().getMessage());
                    }
                }
            }
            if (error != null) {
                xml.start("Error").element("Key", keys.get(i)).element("VersionId", versions.get(i))
                        .element("Code", error.code()).element("Message", message).end();
            } else if (!quiet) {
                xml.start("Deleted").element("Key", keys.get(i)).element("VersionId", versions.get(i)).end();
            }
        }
        ex.sendXml(200, xml.toBytes());
    }

    /**
     * Refuses the per-object conditions S3 supports only in directory buckets, rather than ignore them.
     *
     * @param object an {@code <Object>} element
     */
    private static void refuseDirectoryBucketConditions(XmlDoc object) {
        for (String element : new String[] {"LastModifiedTime", "Size"}) {
            if (object.child(element) != null) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "A conditional delete on " + element
                        + " is supported only for directory buckets.");
            }
        }
    }

    private static S3Error refusal(String key, String version) {
        if (key.isEmpty()) {
            return S3Error.INVALID_OBJECT_NAME;
        }
        if (BucketNames.keyTooLong(key)) {
            return S3Error.KEY_TOO_LONG;
        }
        if (version != null && !version.isEmpty() && !"null".equals(version)) {
            return S3Error.NO_SUCH_VERSION;
        }
        return null;
    }

    private static boolean hasChecksumHeader(Exchange ex) {
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            if (ex.header(a.header()) != null) {
                return true;
            }
        }
        String trailer = ex.header("x-amz-trailer");
        return trailer != null && trailer.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-");
    }
}
