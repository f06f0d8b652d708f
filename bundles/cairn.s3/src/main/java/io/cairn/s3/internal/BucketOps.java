/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.Optional;

import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ObjectStoreException;

/**
 * Operations on a bucket: create, delete, head, location, versioning (never enabled), ACL (fixed), and dispatch of
 * listings and DeleteObjects.
 */
final class BucketOps {

    private final Stores stores;
    private final Settings settings;
    private final Owner owner;
    private final ListingOps listing;
    private final DeleteOps deletes;

    BucketOps(Stores stores, Settings settings, Owner owner, ListingOps listing, DeleteOps deletes) {
        this.stores = stores;
        this.settings = settings;
        this.owner = owner;
        this.listing = listing;
        this.deletes = deletes;
    }

    void handle(Exchange ex) throws ObjectStoreException {
        Subresources.check(ex, Subresources.BUCKET_UNSUPPORTED);
        BucketNames.check(ex.bucket());
        switch (ex.method()) {
            case "GET":
                get(ex);
                break;
            case "HEAD":
                head(ex);
                break;
            case "PUT":
                if (ex.hasParam("acl")) {
                    existing(ex);
                    Acl.put(ex, owner, settings);
                } else {
                    create(ex);
                }
                break;
            case "DELETE":
                if (ex.hasParam("uploads") || ex.hasParam("versions")) {
                    throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
                }
                stores.buckets().deleteBucket(ex.bucket());
                ex.sendEmpty(204);
                break;
            case "POST":
                if (!ex.hasParam("delete")) {
                    throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
                }
                deletes.handle(ex);
                break;
            default:
                throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
    }

    private void get(Exchange ex) throws ObjectStoreException {
        if (ex.hasParam("location")) {
            BucketInfo info = existing(ex);
            String location = info.location() == null || info.location().isEmpty() ? settings.reportedRegion()
                    : info.location();
            if ("us-east-1".equals(location)) {
                // S3 reports its original region as an empty constraint; clients map it back to us-east-1.
                location = "";
            }
            ex.sendXml(200, new XmlWriter().root("LocationConstraint").text(location).toBytes());
        } else if (ex.hasParam("versioning")) {
            existing(ex);
            ex.sendXml(200, new XmlWriter().root("VersioningConfiguration").toBytes());
        } else if (ex.hasParam("acl")) {
            existing(ex);
            ex.sendXml(200, Acl.fullControl(owner));
        } else if (ex.hasParam("versions")) {
            listing.listVersions(ex);
        } else if (ex.hasParam("uploads")) {
            listing.listUploads(ex);
        } else if ("2".equals(ex.param("list-type"))) {
            listing.listV2(ex);
        } else {
            listing.listV1(ex);
        }
    }

    private BucketInfo existing(Exchange ex) throws ObjectStoreException {
        Optional<BucketInfo> info = stores.buckets().bucketInfo(ex.bucket());
        if (info.isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_BUCKET);
        }
        return info.get();
    }

    private void head(Exchange ex) throws ObjectStoreException {
        BucketInfo info = existing(ex);
        String region = info.location() == null || info.location().isEmpty() ? settings.reportedRegion()
                : info.location();
        ex.headers().put("x-amz-bucket-region", region);
        ex.sendEmpty(200);
    }

    private void create(Exchange ex) throws ObjectStoreException {
        if ("true".equalsIgnoreCase(ex.header("x-amz-bucket-object-lock-enabled"))) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Object lock is not implemented.");
        }
        ObjectMeta.checkAcl(ex);
        XmlDoc doc = Bodies.readXml(ex, settings, false);
        String location = "";
        if (doc != null) {
            if (!"CreateBucketConfiguration".equals(doc.name())) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            String given = doc.childText("LocationConstraint");
            location = given == null ? "" : given;
        }
        if (!location.isEmpty() && !settings.region().isEmpty() && !location.equals(settings.region())) {
            throw new S3Exception(S3Error.INVALID_LOCATION_CONSTRAINT,
                    "The specified location-constraint is not valid: expecting '" + settings.region() + "'.");
        }
        stores.buckets().makeBucket(ex.bucket(), new BucketOptions(location));
        ex.headers().put("Location", "/" + ex.bucket());
        ex.sendEmpty(200);
    }
}
