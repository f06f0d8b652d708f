/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.List;
import java.util.Set;

/**
 * The S3 query sub-resources Cairn does not implement. A request naming one is answered {@code NotImplemented}
 * rather than being served as a plain bucket or object request, which would look like a silent success.
 */
final class Subresources {

    /** Bucket sub-resources that are not implemented for any method. */
    static final List<String> BUCKET_UNSUPPORTED = List.of("policy", "lifecycle", "cors", "encryption",
            "replication", "website", "logging", "notification", "tagging", "object-lock", "accelerate",
            "requestPayment", "analytics", "inventory", "metrics", "intelligent-tiering", "ownershipControls",
            "publicAccessBlock", "policyStatus", "torrent", "session", "metadataTable", "metadataConfiguration");

    /** Object sub-resources that are not implemented for any method. */
    static final List<String> OBJECT_UNSUPPORTED = List.of("legal-hold", "retention", "restore", "select",
            "torrent", "renameObject");

    /** Sub-resources implemented for GET only. */
    static final Set<String> GET_ONLY = Set.of("versioning", "location");
    /** Sub-resources implemented for GET and PUT only (PUT of {@code acl} accepts only the ACL there is). */
    static final Set<String> GET_AND_PUT = Set.of("acl");

    private Subresources() {
    }

    /**
     * Returns whether a bucket request names a sub-resource that is not implemented, or implemented for GET only:
     * such a request is not CreateBucket even when it is a PUT.
     *
     * @param ex the exchange
     * @return whether one is named
     */
    static boolean named(Exchange ex) {
        for (String name : BUCKET_UNSUPPORTED) {
            if (ex.hasParam(name)) {
                return true;
            }
        }
        for (String name : GET_ONLY) {
            if (ex.hasParam(name)) {
                return true;
            }
        }
        for (String name : GET_AND_PUT) {
            if (ex.hasParam(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses unsupported sub-resources.
     *
     * @param ex the exchange
     * @param unsupported the unsupported names for this kind of target
     * @throws S3Exception {@code NotImplemented}
     */
    static void check(Exchange ex, List<String> unsupported) {
        for (String name : unsupported) {
            if (ex.hasParam(name)) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "The " + name + " sub-resource is not implemented.");
            }
        }
        boolean read = "GET".equals(ex.method()) || "HEAD".equals(ex.method());
        checkMethod(ex, GET_ONLY, read);
        checkMethod(ex, GET_AND_PUT, read || "PUT".equals(ex.method()));
    }

    /**
     * Refuses a method Cairn does not serve on a sub-resource it serves only in part (DELETE or POST of {@code ?acl},
     * say). Answering S3's {@code NotImplemented} is deliberate: without it the request would fall through to the
     * plain object or bucket operation of that method and, for a DELETE, remove the object itself.
     */
    private static void checkMethod(Exchange ex, Set<String> names, boolean allowed) {
        if (allowed) {
            return;
        }
        for (String name : names) {
            if (ex.hasParam(name)) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                        ex.method() + " of the " + name + " sub-resource is not implemented.");
            }
        }
    }
}
