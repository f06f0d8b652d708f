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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code x-amz-expected-bucket-owner} and {@code x-amz-source-expected-bucket-owner}: requests naming the owner are
 * served, requests naming anyone else are 403 {@code AccessDenied} and change nothing.
 */
class ExpectedBucketOwnerTest {

    private static final String EXPECTED = "x-amz-expected-bucket-owner";
    private static final String SOURCE_EXPECTED = "x-amz-source-expected-bucket-owner";
    /** An id of the form S3 account ids have, which is not the owner's. */
    private static final String STRANGER = "111122223333";

    /** Bucket and object operations taking the header: method, path, body. */
    private static final List<String[]> OPERATIONS = List.of(
            new String[] {"GET", "/owned", null}, new String[] {"GET", "/owned?list-type=2", null},
            new String[] {"HEAD", "/owned", null}, new String[] {"GET", "/owned?location", null},
            new String[] {"GET", "/owned?uploads", null}, new String[] {"PUT", "/owned/obj", "data"},
            new String[] {"GET", "/owned/src", null}, new String[] {"HEAD", "/owned/src", null},
            new String[] {"GET", "/owned/src?tagging", null}, new String[] {"GET", "/owned/src?acl", null},
            new String[] {"POST", "/owned/up?uploads", null}, new String[] {"DELETE", "/owned/src", null});

    private TestServer s3;
    private String owner;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        assertEquals(200, s3.send("PUT", "/owned").statusCode());
        assertEquals(200, s3.send("PUT", "/owned/src", bytes("source"), Map.of()).statusCode());
        // The owner id as a client learns it: from the Owner of a listing.
        owner = tag(s3.send("GET", "/"), "ID");
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> with(String name, String value, String... more) {
        Map<String, String> headers = new HashMap<>();
        headers.put(name, value);
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    @Test
    void anotherOwnerIsAccessDeniedOnEveryBucketAndObjectOperation() throws Exception {
        for (String[] op : OPERATIONS) {
            HttpResponse<byte[]> r = s3.send(op[0], op[1], op[2] == null ? null : bytes(op[2]),
                    with(EXPECTED, STRANGER));
            assertEquals(403, r.statusCode(), op[0] + " " + op[1] + ": " + text(r));
            if (!"HEAD".equals(op[0])) {
                assertEquals("AccessDenied", tag(r, "Code"), op[0] + " " + op[1]);
            }
        }
        assertError(s3.send("HEAD", "/owned/obj"), 404, null);
        assertEquals("source", text(s3.send("GET", "/owned/src")), "the refused delete left the object");
        assertEquals(List.of(), HandlerTest.tags(s3.send("GET", "/owned?uploads"), "UploadId"));
        assertError(s3.send("DELETE", "/owned", null, with(EXPECTED, STRANGER)), 403, "AccessDenied");
        assertEquals(200, s3.send("HEAD", "/owned").statusCode());
    }

    @Test
    void theOwnersIdIsServed() throws Exception {
        for (String[] op : OPERATIONS) {
            HttpResponse<byte[]> r = s3.send(op[0], op[1], op[2] == null ? null : bytes(op[2]),
                    with(EXPECTED, owner));
            assertEquals(op[0].equals("DELETE") ? 204 : 200, r.statusCode(), op[0] + " " + op[1] + ": " + text(r));
        }
    }

    @Test
    void aMissingBucketIsStillNoSuchBucket() throws Exception {
        assertError(s3.send("GET", "/absent/key", null, with(EXPECTED, STRANGER)), 404, "NoSuchBucket");
        assertError(s3.send("PUT", "/owned/copy", null, with("x-amz-copy-source", "absent/key",
                SOURCE_EXPECTED, STRANGER)), 404, "NoSuchBucket");
    }

    @Test
    void createBucketDoesNotTakeTheHeader() throws Exception {
        assertEquals(200, s3.send("PUT", "/fresh", null, with(EXPECTED, STRANGER)).statusCode());
    }

    @Test
    void copiesCheckTheSourceBucketsOwner() throws Exception {
        assertError(s3.send("PUT", "/owned/copy", null, with("x-amz-copy-source", "owned/src",
                SOURCE_EXPECTED, STRANGER)), 403, "AccessDenied");
        assertError(s3.send("PUT", "/owned/copy", null, with("x-amz-copy-source", "owned/src",
                SOURCE_EXPECTED, owner, EXPECTED, STRANGER)), 403, "AccessDenied");
        assertError(s3.send("HEAD", "/owned/copy"), 404, null);
        HttpResponse<byte[]> copied = s3.send("PUT", "/owned/copy", null, with("x-amz-copy-source", "owned/src",
                SOURCE_EXPECTED, owner, EXPECTED, owner));
        assertEquals(200, copied.statusCode(), text(copied));

        String uploadId = tag(s3.send("POST", "/owned/mp?uploads"), "UploadId");
        String partPath = "/owned/mp?partNumber=1&uploadId=" + uploadId;
        assertError(s3.send("PUT", partPath, null, with("x-amz-copy-source", "owned/src", SOURCE_EXPECTED,
                STRANGER)), 403, "AccessDenied");
        assertEquals(List.of(), HandlerTest.tags(s3.send("GET", "/owned/mp?uploadId=" + uploadId), "PartNumber"));
        HttpResponse<byte[]> part = s3.send("PUT", partPath, null, with("x-amz-copy-source", "owned/src",
                SOURCE_EXPECTED, owner));
        assertEquals(200, part.statusCode(), text(part));
    }
}
