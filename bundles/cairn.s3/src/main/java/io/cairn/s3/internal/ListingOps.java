/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ListUploadsPage;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.StorageClass;

/**
 * Listings: ListObjects (v1), ListObjectsV2, ListObjectVersions (every object is its single {@code null}
 * version until versioning exists) and ListMultipartUploads, with S3's parameters and pagination.
 */
final class ListingOps {

    private final Stores stores;
    private final Owner owner;

    ListingOps(Stores stores, Owner owner) {
        this.stores = stores;
        this.owner = owner;
    }

    void listV1(Exchange ex) throws ObjectStoreException {
        boolean url = encodingType(ex);
        String prefix = value(ex, "prefix");
        String delimiter = value(ex, "delimiter");
        String marker = value(ex, "marker");
        int maxKeys = maxKeys(ex, "max-keys");
        ListPage page = stores.lister().listObjects(ex.bucket(), new ListRequest(prefix, delimiter, marker, maxKeys));
        XmlWriter xml = new XmlWriter().root("ListBucketResult")
                .element("Name", ex.bucket())
                .element("Prefix", enc(prefix, url))
                .element("Marker", enc(marker, url))
                .element("MaxKeys", maxKeys);
        if (!delimiter.isEmpty()) {
            xml.element("Delimiter", enc(delimiter, url));
        }
        xml.element("IsTruncated", page.truncated());
        if (page.truncated() && !delimiter.isEmpty()) {
            // As S3: without a delimiter the next marker is the last key of the page, which the client has.
            xml.element("NextMarker", enc(page.nextMarker(), url));
        }
        contents(xml, page, url, true);
        if (url) {
            xml.element("EncodingType", "url");
        }
        ex.sendXml(200, xml.toBytes());
    }

    void listV2(Exchange ex) throws ObjectStoreException {
        boolean url = encodingType(ex);
        String prefix = value(ex, "prefix");
        String delimiter = value(ex, "delimiter");
        String token = ex.param("continuation-token");
        String startAfter = value(ex, "start-after");
        boolean fetchOwner = "true".equalsIgnoreCase(ex.param("fetch-owner"));
        int maxKeys = maxKeys(ex, "max-keys");
        String marker = token != null ? ContinuationToken.decode(ex.bucket(), token) : startAfter;
        ListPage page = stores.lister().listObjects(ex.bucket(), new ListRequest(prefix, delimiter, marker, maxKeys));
        XmlWriter xml = new XmlWriter().root("ListBucketResult")
                .element("Name", ex.bucket())
                .element("Prefix", enc(prefix, url));
        if (token != null) {
            xml.element("ContinuationToken", token);
        }
        if (!startAfter.isEmpty()) {
            xml.element("StartAfter", enc(startAfter, url));
        }
        xml.element("KeyCount", page.objects().size() + page.commonPrefixes().size())
                .element("MaxKeys", maxKeys);
        if (!delimiter.isEmpty()) {
            xml.element("Delimiter", enc(delimiter, url));
        }
        xml.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            xml.element("NextContinuationToken", ContinuationToken.encode(ex.bucket(), page.nextMarker()));
        }
        contents(xml, page, url, fetchOwner);
        if (url) {
            xml.element("EncodingType", "url");
        }
        ex.sendXml(200, xml.toBytes());
    }

    void listVersions(Exchange ex) throws ObjectStoreException {
        boolean url = encodingType(ex);
        String prefix = value(ex, "prefix");
        String delimiter = value(ex, "delimiter");
        String keyMarker = value(ex, "key-marker");
        String versionMarker = value(ex, "version-id-marker");
        if (!versionMarker.isEmpty() && keyMarker.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "A version-id marker cannot be specified without a key marker.");
        }
        if (!versionMarker.isEmpty() && !"null".equals(versionMarker)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid version id specified");
        }
        int maxKeys = maxKeys(ex, "max-keys");
        ListPage page = stores.lister().listObjects(ex.bucket(),
                new ListRequest(prefix, delimiter, keyMarker, maxKeys));
        XmlWriter xml = new XmlWriter().root("ListVersionsResult")
                .element("Name", ex.bucket())
                .element("Prefix", enc(prefix, url))
                .element("KeyMarker", enc(keyMarker, url))
                .element("VersionIdMarker", versionMarker)
                .element("MaxKeys", maxKeys);
        if (!delimiter.isEmpty()) {
            xml.element("Delimiter", enc(delimiter, url));
        }
        xml.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            xml.element("NextKeyMarker", enc(page.nextMarker(), url)).element("NextVersionIdMarker", "null");
        }
        for (ObjectInfo object : page.objects()) {
            xml.start("Version").element("Key", enc(object.key(), url)).element("VersionId", "null")
                    .element("IsLatest", true).element("LastModified", Encoding.isoDate(object.lastModified()))
                    .element("ETag", Encoding.quote(object.etag())).element("Size", object.size());
            owner.write(xml);
            xml.element("StorageClass", storageClass(object.storageClass())).end();
        }
        prefixes(xml, page, url);
        if (url) {
            xml.element("EncodingType", "url");
        }
        ex.sendXml(200, xml.toBytes());
    }

    void listUploads(Exchange ex) throws ObjectStoreException {
        boolean url = encodingType(ex);
        String prefix = value(ex, "prefix");
        String delimiter = value(ex, "delimiter");
        String keyMarker = value(ex, "key-marker");
        String uploadIdMarker = value(ex, "upload-id-marker");
        int maxUploads = maxKeys(ex, "max-uploads");
        ListUploadsPage page = stores.multipart().listMultipartUploads(ex.bucket(), prefix, delimiter, keyMarker,
                keyMarker.isEmpty() ? "" : uploadIdMarker, maxUploads);
        XmlWriter xml = new XmlWriter().root("ListMultipartUploadsResult")
                .element("Bucket", ex.bucket())
                .element("KeyMarker", enc(keyMarker, url))
                .element("UploadIdMarker", uploadIdMarker)
                .element("NextKeyMarker", enc(nullToEmpty(page.nextKeyMarker()), url))
                .element("NextUploadIdMarker", nullToEmpty(page.nextUploadIdMarker()))
                .element("Prefix", enc(prefix, url));
        if (!delimiter.isEmpty()) {
            xml.element("Delimiter", enc(delimiter, url));
        }
        xml.element("MaxUploads", maxUploads).element("IsTruncated", page.truncated());
        for (MultipartUpload upload : page.uploads()) {
            xml.start("Upload").element("Key", enc(upload.key(), url)).element("UploadId", upload.uploadId());
            xml.start("Initiator").element("ID", owner.id()).element("DisplayName", owner.displayName()).end();
            owner.write(xml);
            xml.element("StorageClass", storageClass(upload.storageClass()))
                    .element("Initiated", Encoding.isoDate(upload.initiated())).end();
        }
        for (String common : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", enc(common, url)).end();
        }
        if (url) {
            xml.element("EncodingType", "url");
        }
        ex.sendXml(200, xml.toBytes());
    }

    private void contents(XmlWriter xml, ListPage page, boolean url, boolean withOwner) {
        for (ObjectInfo object : page.objects()) {
            xml.start("Contents").element("Key", enc(object.key(), url))
                    .element("LastModified", Encoding.isoDate(object.lastModified()))
                    .element("ETag", Encoding.quote(object.etag())).element("Size", object.size());
            if (withOwner) {
                owner.write(xml);
            }
            xml.element("StorageClass", storageClass(object.storageClass())).end();
        }
        prefixes(xml, page, url);
    }

    private static void prefixes(XmlWriter xml, ListPage page, boolean url) {
        for (String common : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", enc(common, url)).end();
        }
    }

    static String storageClass(StorageClass storageClass) {
        return storageClass == null ? "STANDARD" : storageClass.name();
    }

    private static String value(Exchange ex, String name) {
        String v = ex.param(name);
        return v == null ? "" : v;
    }

    private static String nullToEmpty(String v) {
        return v == null ? "" : v;
    }

    private static boolean encodingType(Exchange ex) {
        String type = ex.param("encoding-type");
        if (type == null) {
            return false;
        }
        if (!"url".equals(type)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request");
        }
        return true;
    }

    /**
     * Parses a page size parameter: absent means 1000, larger values are capped at 1000.
     *
     * @param ex the exchange
     * @param name the parameter
     * @return the page size
     */
    static int maxKeys(Exchange ex, String name) {
        String v = ex.param(name);
        if (v == null || v.isEmpty()) {
            return ListRequest.MAX_KEYS;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Argument " + name + " must be an integer between 0"
                        + " and 2147483647");
            }
            return (int) Math.min(n, ListRequest.MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Provided " + name + " not an integer or within integer"
                    + " range");
        }
    }

    static String enc(String value, boolean url) {
        return url ? Encoding.listingEncode(value) : value;
    }
}
