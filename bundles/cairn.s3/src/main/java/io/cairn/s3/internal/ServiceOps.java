/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.ObjectStoreException;

/**
 * Operations on the service: ListBuckets.
 */
final class ServiceOps {

    private final Stores stores;
    private final Owner owner;

    ServiceOps(Stores stores, Owner owner) {
        this.stores = stores;
        this.owner = owner;
    }

    void handle(Exchange ex) throws ObjectStoreException {
        if (!"GET".equals(ex.method())) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        XmlWriter xml = new XmlWriter().root("ListAllMyBucketsResult");
        owner.write(xml);
        xml.start("Buckets");
        for (BucketInfo bucket : stores.buckets().listBuckets()) {
            xml.start("Bucket").element("Name", bucket.name())
                    .element("CreationDate", Encoding.isoDate(bucket.created())).end();
        }
        xml.end();
        ex.sendXml(200, xml.toBytes());
    }
}
