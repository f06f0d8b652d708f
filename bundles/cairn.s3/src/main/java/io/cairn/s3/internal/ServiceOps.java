/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.ArrayList;
import java.util.List;

import io.cairn.api.object.BucketInfo;
import io.cairn.api.object.ObjectStoreException;

/**
 * Operations on the service: ListBuckets, with S3's optional {@code prefix}, {@code bucket-region},
 * {@code max-buckets} and {@code continuation-token}.
 */
final class ServiceOps {

    /** The largest {@code max-buckets} S3 accepts. */
    static final int MAX_BUCKETS = 10_000;

    private final Stores stores;
    private final Owner owner;
    private final Settings settings;

    ServiceOps(Stores stores, Owner owner, Settings settings) {
        this.stores = stores;
        this.owner = owner;
        this.settings = settings;
    }

    void handle(Exchange ex) throws ObjectStoreException {
        if (!"GET".equals(ex.method())) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        String prefix = ex.param("prefix") == null ? "" : ex.param("prefix");
        String region = ex.param("bucket-region");
        String token = ex.param("continuation-token");
        String after = token == null ? null : ContinuationToken.decode(ContinuationToken.BUCKETS, token);
        int max = maxBuckets(ex.param("max-buckets"));
        List<BucketInfo> page = new ArrayList<>();
        boolean truncated = false;
        for (BucketInfo bucket : sorted(stores.buckets().listBuckets())) {
            if (!bucket.name().startsWith(prefix) || region != null && !region.equals(region(bucket))
                    || after != null && bucket.name().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == max) {
                truncated = true;
                break;
            }
            page.add(bucket);
        }
        XmlWriter xml = new XmlWriter().root("ListAllMyBucketsResult");
        owner.write(xml);
        xml.start("Buckets");
        for (BucketInfo bucket : page) {
            xml.start("Bucket").element("Name", bucket.name())
                    .element("CreationDate", Encoding.isoDate(bucket.created()))
                    .element("BucketRegion", region(bucket)).end();
        }
        xml.end();
        if (truncated) {
            xml.element("ContinuationToken", ContinuationToken.encode(ContinuationToken.BUCKETS,
                    page.get(page.size() - 1).name()));
        }
        if (ex.param("prefix") != null) {
            xml.element("Prefix", prefix);
        }
        ex.sendXml(200, xml.toBytes());
    }

    private String region(BucketInfo bucket) {
        return bucket.location() == null || bucket.location().isEmpty() ? settings.reportedRegion()
                : bucket.location();
    }

    /** Bucket names are ASCII, so String order is S3's byte order. */
    private static List<BucketInfo> sorted(List<BucketInfo> buckets) {
        List<BucketInfo> out = new ArrayList<>(buckets);
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Parses {@code max-buckets}: 1 to 10,000, all buckets when absent. */
    private static int maxBuckets(String text) {
        if (text == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_BUCKETS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "max-buckets must be a number between 1 and "
                + MAX_BUCKETS).with("ArgumentName", "max-buckets").with("ArgumentValue", text);
    }
}
