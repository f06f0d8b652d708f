/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static io.cairn.s3.internal.HandlerTest.tag;
import static io.cairn.s3.internal.HandlerTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PutBucketAcl and PutObjectAcl: ACLs cannot be changed, so a request setting the ACL every bucket and object has
 * (the owner with FULL_CONTROL) is accepted, and every other one is {@code NotImplemented}, never a silent success.
 */
class AclTest {

    private static final List<String> TARGETS = List.of("/bucket?acl", "/bucket/key?acl");

    private TestServer s3;
    private String ownerId;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        assertEquals(200, s3.send("PUT", "/bucket").statusCode());
        assertEquals(200, s3.send("PUT", "/bucket/key", bytes("data"), Map.of()).statusCode());
        ownerId = tag(s3.send("GET", "/bucket?acl"), "ID");
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An ACL document as GetBucketAcl answers it, with the given grants. */
    private String policy(String... grants) {
        StringBuilder xml = new StringBuilder("<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Owner><ID>" + ownerId + "</ID></Owner><AccessControlList>");
        for (String grant : grants) {
            xml.append(grant);
        }
        return xml.append("</AccessControlList></AccessControlPolicy>").toString();
    }

    private static String grant(String grantee, String permission) {
        return "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
                + grantee + "</Grantee><Permission>" + permission + "</Permission></Grant>";
    }

    private String ownerGrant() {
        return grant("<ID>" + ownerId + "</ID>", "FULL_CONTROL");
    }

    @Test
    void theAclThereIsIsAccepted() throws Exception {
        for (String target : TARGETS) {
            for (String canned : List.of("private", "bucket-owner-full-control")) {
                assertEquals(200, s3.send("PUT", target, null, Map.of("x-amz-acl", canned)).statusCode(), target);
            }
            // As GetBucketAcl answers it: a client may put back what it read.
            byte[] current = s3.send("GET", target).body();
            HttpResponse<byte[]> r = s3.send("PUT", target, current, Map.of());
            assertEquals(200, r.statusCode(), text(r));
            assertEquals(200, s3.send("PUT", target, bytes(policy(ownerGrant())), Map.of()).statusCode(), target);
        }
        assertEquals("data", text(s3.send("GET", "/bucket/key")), "the object is untouched");
    }

    @Test
    void everyOtherAclIsNotImplemented() throws Exception {
        List<String> others = List.of(policy(), policy(grant("<ID>" + "0".repeat(64) + "</ID>", "FULL_CONTROL")),
                policy(grant("<ID>" + ownerId + "</ID>", "READ")), policy(ownerGrant(),
                        grant("<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>", "READ")),
                policy(ownerGrant()).replace("<Owner><ID>" + ownerId, "<Owner><ID>" + "1".repeat(64)));
        for (String target : TARGETS) {
            for (String canned : List.of("public-read", "public-read-write", "authenticated-read")) {
                assertError(s3.send("PUT", target, null, Map.of("x-amz-acl", canned)), 501, "NotImplemented");
            }
            assertError(s3.send("PUT", target, null, Map.of("x-amz-grant-read", "uri=\"http://acs.amazonaws.com/"
                    + "groups/global/AllUsers\"")), 501, "NotImplemented");
            for (String other : others) {
                assertError(s3.send("PUT", target, bytes(other), Map.of()), 501, "NotImplemented");
            }
            assertError(s3.send("DELETE", target), 501, "NotImplemented");
        }
    }

    @Test
    void aMissingTargetIsNoSuchBucketOrNoSuchKey() throws Exception {
        Map<String, String> canned = Map.of("x-amz-acl", "private");
        assertError(s3.send("PUT", "/missing?acl", null, canned), 404, "NoSuchBucket");
        assertError(s3.send("PUT", "/missing/key?acl", null, canned), 404, "NoSuchBucket");
        assertError(s3.send("PUT", "/bucket/missing?acl", null, canned), 404, "NoSuchKey");
        assertError(s3.send("PUT", "/bucket/missing?acl", bytes(policy(ownerGrant())), Map.of()), 404, "NoSuchKey");
        assertEquals(404, s3.send("HEAD", "/missing").statusCode(), "no bucket was created");
    }

    @Test
    void malformedAclsAreRefused() throws Exception {
        for (String target : TARGETS) {
            assertError(s3.send("PUT", target, bytes("<AccessControlPolicy><Owner>"), Map.of()), 400,
                    "MalformedXML");
            assertError(s3.send("PUT", target, bytes("<Tagging/>"), Map.of()), 400, "MalformedACLError");
            assertError(s3.send("PUT", target, bytes("<AccessControlPolicy/>"), Map.of()), 400, "MalformedACLError");
            assertError(s3.send("PUT", target, bytes(policy(grant("<ID>" + ownerId + "</ID>", "EVERYTHING"))),
                    Map.of()), 400, "MalformedACLError");
            assertError(s3.send("PUT", target, bytes(policy("<Grant><Permission>FULL_CONTROL</Permission></Grant>")),
                    Map.of()), 400, "MalformedACLError");
            assertError(s3.send("PUT", target), 400, "MissingSecurityHeader");
            assertError(s3.send("PUT", target, bytes(policy(ownerGrant())), Map.of("x-amz-acl", "private")), 400,
                    "InvalidRequest");
        }
    }
}
