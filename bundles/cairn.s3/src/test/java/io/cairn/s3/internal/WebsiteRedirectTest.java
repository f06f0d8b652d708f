/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static io.cairn.s3.internal.HandlerTest.tag;
import static io.cairn.s3.internal.HandlerTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code x-amz-website-redirect-location}: checked, stored with the object's metadata by every write that takes it,
 * returned on GET and HEAD, kept or replaced by CopyObject as the metadata directive says.
 */
class WebsiteRedirectTest {

    private static final String REDIRECT = "x-amz-website-redirect-location";
    /** S3's limit on a redirect location. */
    private static final int MAX_BYTES = 2048;

    private TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        assertEquals(200, s3.send("PUT", "/site").statusCode());
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Optional<String> redirectOf(String key) throws Exception {
        HttpResponse<byte[]> head = s3.send("HEAD", "/site/" + key);
        assertEquals(200, head.statusCode());
        HttpResponse<byte[]> get = s3.send("GET", "/site/" + key);
        assertEquals(head.headers().firstValue(REDIRECT), get.headers().firstValue(REDIRECT), "GET answers as HEAD");
        return get.headers().firstValue(REDIRECT);
    }

    @Test
    void aPutStoresTheRedirectAndReadsReturnIt() throws Exception {
        for (String location : new String[] {"/other.html", "http://example.com/", "https://example.com/a?b=c"}) {
            HttpResponse<byte[]> put = s3.send("PUT", "/site/page", bytes("x"), Map.of(REDIRECT, location));
            assertEquals(200, put.statusCode(), text(put));
            assertEquals(Optional.of(location), redirectOf("page"));
        }
        s3.send("PUT", "/site/page", bytes("x"), Map.of());
        assertEquals(Optional.empty(), redirectOf("page"), "an overwrite without the header has no redirect");
    }

    @Test
    void aLocationThatIsNotAPathOrAnHttpUrlOrTooLongIsRefused() throws Exception {
        for (String location : new String[] {"other.html", "ftp://example.com/", "HTTP://example.com/",
            "/" + "a".repeat(MAX_BYTES)}) {
            assertError(s3.send("PUT", "/site/bad", bytes("x"), Map.of(REDIRECT, location)), 400,
                    "InvalidRedirectLocation");
        }
        assertError(s3.send("HEAD", "/site/bad"), 404, null);
        String longest = "/" + "a".repeat(MAX_BYTES - 1);
        assertEquals(200, s3.send("PUT", "/site/long", bytes("x"), Map.of(REDIRECT, longest)).statusCode());
        assertEquals(Optional.of(longest), redirectOf("long"));
    }

    @Test
    void aMultipartUploadKeepsTheRedirectOfItsCreation() throws Exception {
        assertError(s3.send("POST", "/site/mp?uploads", null, Map.of(REDIRECT, "nowhere")), 400,
                "InvalidRedirectLocation");
        HttpResponse<byte[]> created = s3.send("POST", "/site/mp?uploads", null, Map.of(REDIRECT, "/index.html"));
        assertEquals(200, created.statusCode(), text(created));
        String uploadId = tag(created, "UploadId");
        HttpResponse<byte[]> part = s3.send("PUT", "/site/mp?partNumber=1&uploadId=" + uploadId, bytes("part"),
                Map.of());
        String etag = part.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> done = s3.send("POST", "/site/mp?uploadId=" + uploadId, bytes(
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag
                        + "</ETag></Part></CompleteMultipartUpload>"), Map.of());
        assertEquals(200, done.statusCode(), text(done));
        assertEquals(Optional.of("/index.html"), redirectOf("mp"));
    }

    @Test
    void aCopyKeepsOrReplacesTheRedirectWithTheMetadata() throws Exception {
        s3.send("PUT", "/site/src", bytes("x"), Map.of(REDIRECT, "/from-source", "x-amz-meta-a", "1"));
        assertEquals(200, s3.send("PUT", "/site/kept", null, Map.of("x-amz-copy-source", "site/src")).statusCode());
        assertEquals(Optional.of("/from-source"), redirectOf("kept"));

        HttpResponse<byte[]> replaced = s3.send("PUT", "/site/replaced", null, Map.of("x-amz-copy-source",
                "site/src", "x-amz-metadata-directive", "REPLACE", REDIRECT, "https://example.com/new"));
        assertEquals(200, replaced.statusCode(), text(replaced));
        assertEquals(Optional.of("https://example.com/new"), redirectOf("replaced"));
        assertEquals(200, s3.send("PUT", "/site/dropped", null, Map.of("x-amz-copy-source", "site/src",
                "x-amz-metadata-directive", "REPLACE")).statusCode());
        assertEquals(Optional.empty(), redirectOf("dropped"), "REPLACE without the header has none");

        assertError(s3.send("PUT", "/site/refused", null, Map.of("x-amz-copy-source", "site/src",
                "x-amz-metadata-directive", "REPLACE", REDIRECT, "relative")), 400, "InvalidRedirectLocation");
        assertError(s3.send("HEAD", "/site/refused"), 404, null);
    }

    @Test
    void aCopyOntoItselfThatOnlySetsTheRedirectIsAChange() throws Exception {
        s3.send("PUT", "/site/self", bytes("x"), Map.of("x-amz-meta-a", "1"));
        HttpResponse<byte[]> copy = s3.send("PUT", "/site/self", null, Map.of("x-amz-copy-source", "site/self",
                REDIRECT, "/moved"));
        assertEquals(200, copy.statusCode(), text(copy));
        assertEquals(Optional.of("/moved"), redirectOf("self"));
        HttpResponse<byte[]> head = s3.send("HEAD", "/site/self");
        assertEquals("1", head.headers().firstValue("x-amz-meta-a").orElseThrow(), "the rest is kept");
        assertTrue(text(s3.send("PUT", "/site/self", null, Map.of("x-amz-copy-source", "site/self")))
                .contains("InvalidRequest"), "without it the copy still changes nothing");
    }
}
