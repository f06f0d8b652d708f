/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.List;
import java.util.Set;

/**
 * The fixed access control list every bucket and object has: the owner with FULL_CONTROL. ACLs cannot be changed,
 * so a PutBucketAcl or PutObjectAcl is accepted only when it grants exactly that, and is {@code NotImplemented}
 * otherwise, never a silent success.
 */
final class Acl {

    /** The permissions of S3's ACL schema; any other value is a malformed ACL. */
    private static final Set<String> PERMISSIONS = Set.of("FULL_CONTROL", "READ", "WRITE", "READ_ACP", "WRITE_ACP");

    private Acl() {
    }

    /**
     * Serves PutBucketAcl or PutObjectAcl of a bucket or object known to exist: answers 200 when the request sets
     * the ACL it already has, a canned {@code private} ACL (or {@code bucket-owner-full-control}) or an
     * {@code AccessControlPolicy} whose grants are all FULL_CONTROL to the owner, as MinIO accepts them.
     *
     * @param ex the exchange
     * @param owner the owner of every bucket and object
     * @param settings the settings (the body's size limit)
     * @throws S3Exception {@code NotImplemented} for any other ACL, {@code MalformedXML} or {@code MalformedACLError}
     *         for a body that is not an ACL, {@code MissingSecurityHeader} when neither is given,
     *         {@code InvalidRequest} when both are
     */
    static void put(Exchange ex, Owner owner, Settings settings) {
        ObjectMeta.checkAcl(ex);
        boolean canned = ex.header("x-amz-acl") != null;
        XmlDoc doc = Bodies.readXml(ex, settings, false);
        if (doc == null) {
            if (!canned) {
                throw new S3Exception(S3Error.MISSING_SECURITY_HEADER).with("MissingHeaderName", "x-amz-acl");
            }
        } else if (canned) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Specify either the x-amz-acl header or an"
                    + " AccessControlPolicy document, not both.");
        } else {
            checkOwnerOnly(doc, owner);
        }
        ex.sendEmpty(200);
    }

    /** Checks that an {@code AccessControlPolicy} is well formed and grants FULL_CONTROL to the owner alone. */
    private static void checkOwnerOnly(XmlDoc doc, Owner owner) {
        XmlDoc list = doc.child("AccessControlList");
        if (!"AccessControlPolicy".equals(doc.name()) || list == null) {
            throw new S3Exception(S3Error.MALFORMED_ACL_ERROR);
        }
        List<XmlDoc> grants = list.children("Grant");
        boolean ownerOnly = !grants.isEmpty();
        for (XmlDoc grant : grants) {
            XmlDoc grantee = grant.child("Grantee");
            String permission = grant.childText("Permission");
            if (grantee == null || permission == null || !PERMISSIONS.contains(permission)) {
                throw new S3Exception(S3Error.MALFORMED_ACL_ERROR);
            }
            ownerOnly &= "FULL_CONTROL".equals(permission) && owner.id().equals(grantee.childText("ID"))
                    && grantee.child("URI") == null && grantee.child("EmailAddress") == null;
        }
        // Deliberate 501s, never a silent success: Cairn has one owner and no grants beyond the owner's.
        XmlDoc named = doc.child("Owner");
        if (named != null && !owner.id().equals(named.childText("ID"))) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Changing the owner is not implemented.");
        }
        if (!ownerOnly) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Only an ACL granting FULL_CONTROL to the owner alone is"
                    + " implemented.");
        }
    }

    static byte[] fullControl(Owner owner) {
        XmlWriter xml = new XmlWriter().root("AccessControlPolicy");
        owner.write(xml);
        xml.start("AccessControlList").start("Grant")
                .startWith("Grantee", "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                        + " xsi:type=\"CanonicalUser\"")
                .element("ID", owner.id()).element("DisplayName", owner.displayName()).end()
                .element("Permission", "FULL_CONTROL").end().end();
        return xml.toBytes();
    }
}
