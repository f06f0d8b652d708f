/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PutOptions;

/**
 * The S3 API over a real Jetty server and an in-memory store, driven by signed java.net.http requests: error
 * XML, routing, buckets, objects, conditionals, ranges, payload checks and sub-resources.
 */
class HandlerTest {

    private TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        assertEquals(200, s3.send("PUT", "/bucket").statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    @Test
    void bodyThatCannotBeReadIsAnsweredServiceUnavailable() throws Exception {
        for (int size : new int[] {1_000, 300_000}) {
            assertEquals(200, s3.send("PUT", "/bucket/k" + size, new byte[size], Map.of()).statusCode());
            s3.store.failReads("bucket/k" + size);
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Range", "bytes=10-99"))) {
                HttpResponse<byte[]> r = s3.send("GET", "/bucket/k" + size, null, headers);
                assertEquals(503, r.statusCode(), size + " " + headers);
                assertEquals("ServiceUnavailable", tag(r, "Code"));
                assertEquals(S3Error.SERVICE_UNAVAILABLE.message(), tag(r, "Message"));
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                assertTrue(r.headers().firstValue("ETag").isEmpty(), "an error carries no object headers");
            }
            assertEquals(200, s3.send("HEAD", "/bucket/k" + size).statusCode());
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String tag(HttpResponse<byte[]> r, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(text(r));
        return m.find() ? m.group(1) : null;
    }

    static List<String> tags(HttpResponse<byte[]> r, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(text(r));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static void assertError(HttpResponse<byte[]> r, int status, String code) {
        assertEquals(status, r.statusCode(), text(r));
        assertEquals(code, tag(r, "Code"), text(r));
    }

    private byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void errorXmlHasCodeMessageResourceAndRequestId() throws Exception {
        HttpResponse<byte[]> r = s3.send("GET", "/missing-bucket/some/key");
        assertError(r, 404, "NoSuchBucket");
        assertEquals("/missing-bucket/some/key", tag(r, "Resource"));
        assertEquals(r.headers().firstValue("x-amz-request-id").orElseThrow(), tag(r, "RequestId"));
        assertTrue(tag(r, "Message").length() > 5);
        assertEquals("application/xml", r.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void anonymousAndBadlySignedRequestsAreRefused() throws Exception {
        assertError(s3.raw("GET", "/bucket", null, Map.of()), 403, "AccessDenied");
        Map<String, String> h = s3.sign("GET", "/bucket", null, Map.of(), SigV4.EMPTY_SHA256, Instant.now());
        h.remove("x-seed-signature");
        h.put("authorization", h.get("authorization").replaceAll("Signature=.*", "Signature=" + "0".repeat(64)));
        assertError(s3.raw("GET", "/bucket", null, h), 403, "SignatureDoesNotMatch");
        Map<String, String> old = s3.sign("GET", "/bucket", null, Map.of(), SigV4.EMPTY_SHA256,
                Instant.now().minusSeconds(3600));
        old.remove("x-seed-signature");
        assertError(s3.raw("GET", "/bucket", null, old), 403, "RequestTimeTooSkewed");
        Map<String, String> noHash = s3.sign("PUT", "/bucket/h", null, Map.of(), SigV4.EMPTY_SHA256, Instant.now());
        noHash.remove("x-seed-signature");
        noHash.remove("x-amz-content-sha256");
        assertError(s3.raw("PUT", "/bucket/h", bytes("body"), noHash), 400, "InvalidRequest");
    }

    @Test
    void bucketLifecycle() throws Exception {
        assertError(s3.send("PUT", "/bucket"), 409, "BucketAlreadyOwnedByYou");
        assertError(s3.send("PUT", "/Bad_Bucket"), 400, "InvalidBucketName");
        assertError(s3.send("PUT", "/ab"), 400, "InvalidBucketName");
        assertEquals(200, s3.send("HEAD", "/bucket").statusCode());
        assertEquals(404, s3.send("HEAD", "/nothere").statusCode());
        assertEquals(200, s3.send("PUT", "/other", bytes("<CreateBucketConfiguration><LocationConstraint>"
                + "eu-west-1</LocationConstraint></CreateBucketConfiguration>"), Map.of()).statusCode());
        assertTrue(text(s3.send("GET", "/other?location")).endsWith(">eu-west-1</LocationConstraint>"));
        HttpResponse<byte[]> list = s3.send("GET", "/");
        assertEquals(List.of("bucket", "other"), tags(list, "Name"));
        assertTrue(text(s3.send("GET", "/bucket?versioning")).contains("<VersioningConfiguration"));
        assertTrue(text(s3.send("GET", "/bucket?acl")).contains("FULL_CONTROL"));
        s3.send("PUT", "/other/x", bytes("x"), Map.of());
        assertError(s3.send("DELETE", "/other"), 409, "BucketNotEmpty");
        s3.send("DELETE", "/other/x");
        assertEquals(204, s3.send("DELETE", "/other").statusCode());
        assertError(s3.send("DELETE", "/other"), 404, "NoSuchBucket");
    }

    /**
     * An explicit us-east-1 constraint is accepted where no region is configured, as MinIO accepts it (S3's
     * us-east-1 endpoint refuses it; clients configured for MinIO send it), and reported as S3 reports us-east-1.
     */
    @Test
    void anExplicitUsEast1ConstraintIsAcceptedAsMinioAcceptsIt() throws Exception {
        assertEquals(200, s3.send("PUT", "/east", bytes("<CreateBucketConfiguration><LocationConstraint>"
                + "us-east-1</LocationConstraint></CreateBucketConfiguration>"), Map.of()).statusCode());
        HttpResponse<byte[]> location = s3.send("GET", "/east?location");
        assertEquals(200, location.statusCode());
        assertTrue(text(location).contains("LocationConstraint") && !text(location).contains("us-east-1"),
                text(location));
    }

    @Test
    void unsupportedSubresourcesAreNotImplemented() throws Exception {
        assertError(s3.send("GET", "/bucket?policy"), 501, "NotImplemented");
        assertError(s3.send("PUT", "/bucket?lifecycle", bytes("<x/>"), Map.of()), 501, "NotImplemented");
        assertError(s3.send("PUT", "/bucket?acl", null, Map.of("x-amz-acl", "public-read")), 501, "NotImplemented");
        assertError(s3.send("GET", "/bucket?cors"), 501, "NotImplemented");
        assertError(s3.send("PUT", "/bucket?versioning", bytes("<VersioningConfiguration><Status>Enabled</Status>"
                + "</VersioningConfiguration>"), Map.of()), 501, "NotImplemented");
        s3.send("PUT", "/bucket/k", bytes("x"), Map.of());
        assertError(s3.send("GET", "/bucket/k?retention"), 501, "NotImplemented");
        assertError(s3.send("PUT", "/bucket/k", bytes("x"), Map.of("x-amz-server-side-encryption", "AES256")),
                501, "NotImplemented");
        assertError(s3.send("PUT", "/bucket/k", bytes("x"), Map.of("x-amz-acl", "public-read")), 501,
                "NotImplemented");
        assertEquals(200, s3.send("PUT", "/bucket/k", bytes("x"), Map.of("x-amz-acl", "private")).statusCode());
    }

    /**
     * S3 checks the bucket before the operation: what Cairn does not implement is {@code NoSuchBucket} on a
     * missing bucket (it used to be {@code NotImplemented}), after authentication, and CreateBucket's own refusals
     * are kept.
     */
    @Test
    void aMissingBucketIsNoSuchBucketBeforeNotImplemented() throws Exception {
        assertError(s3.send("GET", "/missing?policy"), 404, "NoSuchBucket");
        assertError(s3.send("PUT", "/missing?lifecycle", bytes("<x/>"), Map.of()), 404, "NoSuchBucket");
        assertError(s3.send("PUT", "/missing?acl", bytes("<x/>"), Map.of()), 404, "NoSuchBucket");
        assertError(s3.send("GET", "/missing/k?retention"), 404, "NoSuchBucket");
        assertError(s3.send("PUT", "/missing/k", bytes("x"), Map.of("x-amz-server-side-encryption", "AES256")),
                404, "NoSuchBucket");
        assertError(s3.raw("GET", "/missing?policy", null, Map.of()), 403, "AccessDenied");
        assertError(s3.send("PUT", "/missing", null, Map.of("x-amz-bucket-object-lock-enabled", "true")), 501,
                "NotImplemented");
        assertError(s3.send("PUT", "/missing", null, Map.of("x-amz-acl", "public-read")), 501, "NotImplemented");
        assertError(s3.send("GET", "/bucket?policy"), 501, "NotImplemented");
    }

    /** Content-Encoding comes back as it was sent, spaces included, as S3 stores it (it used to lose its spaces). */
    @Test
    void contentEncodingIsStoredAsSent() throws Exception {
        for (String encoding : List.of("gzip, br", "gzip,br", "identity")) {
            HttpResponse<byte[]> put = s3.send("PUT", "/bucket/encoded", bytes("x"), Map.of("content-encoding",
                    encoding));
            assertEquals(200, put.statusCode(), text(put));
            HttpResponse<byte[]> head = s3.send("HEAD", "/bucket/encoded");
            assertEquals(encoding, head.headers().firstValue("content-encoding").orElseThrow());
        }
    }

    @Test
    void putGetHeadWithMetadataRangesAndOverrides() throws Exception {
        byte[] data = bytes("0123456789abcdefghij");
        HttpResponse<byte[]> put = s3.send("PUT", "/bucket/dir/file%20one.txt", data, Map.of(
                "content-type", "text/plain", "x-amz-meta-color", "blue", "cache-control", "no-cache",
                "x-amz-storage-class", "REDUCED_REDUNDANCY"));
        assertEquals(200, put.statusCode(), text(put));
        String etag = put.headers().firstValue("etag").orElseThrow();
        assertEquals("\"" + java.util.HexFormat.of().formatHex(FakeStore.md5(data)) + "\"", etag);
        HttpResponse<byte[]> get = s3.send("GET", "/bucket/dir/file%20one.txt");
        assertArrayEquals(data, get.body());
        assertEquals("text/plain", get.headers().firstValue("content-type").orElseThrow());
        assertEquals("blue", get.headers().firstValue("x-amz-meta-color").orElseThrow());
        assertEquals("no-cache", get.headers().firstValue("cache-control").orElseThrow());
        assertEquals("REDUCED_REDUNDANCY", get.headers().firstValue("x-amz-storage-class").orElseThrow());
        assertEquals(etag, get.headers().firstValue("etag").orElseThrow());
        HttpResponse<byte[]> range = s3.send("GET", "/bucket/dir/file%20one.txt", null, Map.of("range",
                "bytes=2-5"));
        assertEquals(206, range.statusCode());
        assertEquals("2345", text(range));
        assertEquals("bytes 2-5/20", range.headers().firstValue("content-range").orElseThrow());
        assertEquals("ghij", text(s3.send("GET", "/bucket/dir/file%20one.txt", null, Map.of("range",
                "bytes=-4"))));
        HttpResponse<byte[]> bad = s3.send("GET", "/bucket/dir/file%20one.txt", null, Map.of("range",
                "bytes=50-60"));
        assertError(bad, 416, "InvalidRange");
        assertEquals("20", tag(bad, "ActualObjectSize"));
        HttpResponse<byte[]> head = s3.send("HEAD", "/bucket/dir/file%20one.txt");
        assertEquals(200, head.statusCode());
        assertEquals("20", head.headers().firstValue("content-length").orElseThrow());
        HttpResponse<byte[]> over = s3.send("GET", "/bucket/dir/file%20one.txt?response-content-type=a%2Fb"
                + "&response-content-disposition=attachment");
        assertEquals("a/b", over.headers().firstValue("content-type").orElseThrow());
        assertEquals("attachment", over.headers().firstValue("content-disposition").orElseThrow());
        HttpResponse<byte[]> part = s3.send("GET", "/bucket/dir/file%20one.txt?partNumber=1");
        assertEquals(206, part.statusCode());
        assertArrayEquals(data, part.body());
        assertError(s3.send("GET", "/bucket/dir/file%20one.txt?partNumber=2"), 416, "InvalidPartNumber");
        assertEquals(416, s3.send("HEAD", "/bucket/dir/file%20one.txt?partNumber=2").statusCode());
        assertError(s3.send("GET", "/bucket/nokey"), 404, "NoSuchKey");
        assertEquals(404, s3.send("HEAD", "/bucket/nokey").statusCode());
        assertError(s3.send("GET", "/bucket/" + "k".repeat(1025)), 400, "KeyTooLongError");
        assertError(s3.send("GET", "/bucket/dir/" + "k".repeat(256)), 400, "KeyTooLongError");
        assertError(s3.send("PUT", "/bucket/" + "k".repeat(256) + "/x", bytes("x"), Map.of()), 400,
                "KeyTooLongError");
    }

    @Test
    void conditionalETagListsAndWeakTags() throws Exception {
        // RFC 9110 13.1: a condition holds when any listed tag matches; If-Match compares strongly,
        // If-None-Match weakly.
        String etag = s3.send("PUT", "/bucket/l", bytes("abc"), Map.of()).headers().firstValue("etag")
                .orElseThrow();
        String list = "\"0000\", " + etag;
        assertEquals(200, s3.send("GET", "/bucket/l", null, Map.of("if-match", list)).statusCode());
        assertEquals(200, s3.send("HEAD", "/bucket/l", null, Map.of("if-match", "\"0000\",*")).statusCode());
        assertError(s3.send("GET", "/bucket/l", null, Map.of("if-match", "\"0000\", \"1111\"")), 412,
                "PreconditionFailed");
        assertError(s3.send("GET", "/bucket/l", null, Map.of("if-match", "W/" + etag)), 412, "PreconditionFailed");
        assertEquals(304, s3.send("GET", "/bucket/l", null, Map.of("if-none-match", list)).statusCode());
        assertEquals(304, s3.send("HEAD", "/bucket/l", null, Map.of("if-none-match", "W/" + etag)).statusCode());
        assertEquals(304, s3.send("GET", "/bucket/l", null, Map.of("if-none-match", "\"0000\", W/" + etag))
                .statusCode());
        assertEquals(200, s3.send("GET", "/bucket/l", null, Map.of("if-none-match", "\"0000\", W/\"1111\""))
                .statusCode());
        assertEquals(200, s3.send("PUT", "/bucket/l2", null, Map.of("x-amz-copy-source", "bucket/l",
                "x-amz-copy-source-if-match", list)).statusCode());
        assertError(s3.send("PUT", "/bucket/l2", null, Map.of("x-amz-copy-source", "bucket/l",
                "x-amz-copy-source-if-none-match", "W/\"0000\", " + etag)), 412, "PreconditionFailed");
        assertEquals(200, s3.send("PUT", "/bucket/l", bytes("new"), Map.of("if-match", list)).statusCode());
        assertError(s3.send("DELETE", "/bucket/l", null, Map.of("if-match", list)), 412, "PreconditionFailed");
        assertEquals(204, s3.send("DELETE", "/bucket/l", null, Map.of("if-match", "\"0000\", *")).statusCode());
    }

    @Test
    void conditionalRequests() throws Exception {
        String etag = s3.send("PUT", "/bucket/c", bytes("abc"), Map.of()).headers().firstValue("etag")
                .orElseThrow();
        HttpResponse<byte[]> notModified = s3.send("GET", "/bucket/c", null, Map.of("if-none-match", etag));
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
        assertEquals(etag, notModified.headers().firstValue("etag").orElse(null), "a 304 repeats the validators");
        assertEquals(s3.send("HEAD", "/bucket/c").headers().firstValue("last-modified").orElseThrow(),
                notModified.headers().firstValue("last-modified").orElse(null));
        // RFC 9110 15.4.5: a 304 repeats the Cache-Control and Expires the 200 would have sent.
        String cached = s3.send("PUT", "/bucket/cached", bytes("abc"), Map.of("cache-control", "max-age=60",
                "expires", "Thu, 01 Dec 2044 16:00:00 GMT")).headers().firstValue("etag").orElseThrow();
        for (String method : List.of("GET", "HEAD")) {
            HttpResponse<byte[]> refreshed = s3.send(method, "/bucket/cached", null, Map.of("if-none-match", cached));
            assertEquals(304, refreshed.statusCode());
            assertEquals("max-age=60", refreshed.headers().firstValue("cache-control").orElse(null), method);
            assertEquals("Thu, 01 Dec 2044 16:00:00 GMT", refreshed.headers().firstValue("expires").orElse(null),
                    method);
        }
        assertEquals(null, notModified.headers().firstValue("cache-control").orElse(null));
        assertEquals(etag, s3.send("HEAD", "/bucket/c", null, Map.of("if-none-match", etag)).headers()
                .firstValue("etag").orElse(null));
        assertError(s3.send("GET", "/bucket/c", null, Map.of("if-match", "\"0000\"")), 412, "PreconditionFailed");
        assertEquals(200, s3.send("GET", "/bucket/c", null, Map.of("if-match", etag)).statusCode());
        assertEquals(304, s3.send("GET", "/bucket/c", null, Map.of("if-modified-since",
                Encoding.httpDate(Instant.now().plusSeconds(999_999_999L)))).statusCode());
        assertError(s3.send("PUT", "/bucket/c", bytes("new"), Map.of("if-none-match", "*")), 412,
                "PreconditionFailed");
        assertEquals("abc", text(s3.send("GET", "/bucket/c")));
        assertEquals(200, s3.send("PUT", "/bucket/c", bytes("new"), Map.of("if-match", etag)).statusCode());
        assertError(s3.send("PUT", "/bucket/c", bytes("newer"), Map.of("if-match", etag)), 412,
                "PreconditionFailed");
        assertError(s3.send("PUT", "/bucket/absent", bytes("x"), Map.of("if-match", etag)), 404, "NoSuchKey");
        assertError(s3.send("PUT", "/bucket/absent", bytes("x"), Map.of("if-match", "*")), 404, "NoSuchKey");
    }

    @Test
    void notModifiedSendsNoContentLength() throws Exception {
        // RFC 9110 8.6: a 304 may carry a Content-Length only when it is the length a 200 would have had; S3 sends
        // none. "Content-Length: 0" would tell a cache that updates its headers from the 304 that the object is empty.
        String etag = s3.send("PUT", "/bucket/n", bytes("eleven byte"), Map.of()).headers().firstValue("etag")
                .orElseThrow();
        String modified = s3.send("HEAD", "/bucket/n").headers().firstValue("last-modified").orElseThrow();
        for (String method : List.of("GET", "HEAD")) {
            for (Map<String, String> condition : List.of(Map.of("if-none-match", etag),
                    Map.of("if-modified-since", modified))) {
                HttpResponse<byte[]> r = s3.send(method, "/bucket/n", null, condition);
                assertEquals(304, r.statusCode(), method + " " + condition);
                assertEquals(Optional.empty(), r.headers().firstValue("content-length"), method + " " + condition);
                assertEquals(etag, r.headers().firstValue("etag").orElse(null));
            }
        }
    }

    @Test
    void conditionalDatesInAllThreeHttpFormats() throws Exception {
        s3.send("PUT", "/bucket/dates", bytes("0123456789"), Map.of());
        for (String date : List.of("Wed, 06 Dec 2000 22:45:54 GMT", "Wednesday, 06-Dec-00 22:45:54 GMT",
                "Wed Dec  6 22:45:54 2000")) {
            assertError(s3.send("GET", "/bucket/dates", null, Map.of("if-unmodified-since", date)), 412,
                    "PreconditionFailed");
            assertEquals(200, s3.send("GET", "/bucket/dates", null, Map.of("if-modified-since", date))
                    .statusCode(), date);
        }
        assertEquals(304, s3.send("GET", "/bucket/dates", null, Map.of("if-modified-since",
                "Tue Dec 31 23:59:59 2999")).statusCode());
        // 94 is 1994: 2094 would lie more than 50 years ahead.
        assertError(s3.send("GET", "/bucket/dates", null, Map.of("if-unmodified-since",
                "Sunday, 06-Nov-94 08:49:37 GMT")), 412, "PreconditionFailed");
    }

    @Test
    void invalidRangeSyntaxIsIgnored() throws Exception {
        s3.send("PUT", "/bucket/ranges", bytes("0123456789"), Map.of());
        for (String range : List.of("bytes=0--1", "bytes=+1-2", "bytes=1-+2", "bytes=-+3", "bytes=--3",
                "bytes=0x1-2", "bytes=1-2-3")) {
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<byte[]> r = s3.send(method, "/bucket/ranges", null, Map.of("range", range));
                assertEquals(200, r.statusCode(), method + " " + range);
                assertFalse(r.headers().firstValue("content-range").isPresent(), method + " " + range);
                assertEquals("10", r.headers().firstValue("content-length").orElseThrow(), method + " " + range);
            }
        }
        HttpResponse<byte[]> valid = s3.send("GET", "/bucket/ranges", null, Map.of("range", "bytes=1-2"));
        assertEquals("bytes 1-2/10", valid.headers().firstValue("content-range").orElseThrow());
    }

    @Test
    void partNumberOfAnEmptyObjectIsTheWholeObject() throws Exception {
        s3.send("PUT", "/bucket/empty", new byte[0], Map.of());
        String id = tag(s3.send("POST", "/bucket/empty-mpu?uploads"), "UploadId");
        String etag = s3.send("PUT", "/bucket/empty-mpu?partNumber=1&uploadId=" + id, new byte[0], Map.of())
                .headers().firstValue("etag").orElseThrow();
        assertEquals(200, s3.send("POST", "/bucket/empty-mpu?uploadId=" + id, bytes("<CompleteMultipartUpload>"
                + "<Part><PartNumber>1</PartNumber><ETag>" + etag + "</ETag></Part></CompleteMultipartUpload>"),
                Map.of()).statusCode());
        for (String key : List.of("empty", "empty-mpu")) {
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<byte[]> r = s3.send(method, "/bucket/" + key + "?partNumber=1");
                assertEquals(200, r.statusCode(), method + " " + key);
                assertFalse(r.headers().firstValue("content-range").isPresent(), method + " " + key);
                assertEquals("0", r.headers().firstValue("content-length").orElseThrow(), method + " " + key);
            }
        }
        assertEquals("1", s3.send("HEAD", "/bucket/empty-mpu?partNumber=1").headers()
                .firstValue("x-amz-mp-parts-count").orElseThrow());
        assertError(s3.send("GET", "/bucket/empty?partNumber=2"), 416, "InvalidPartNumber");
    }

    @Test
    void responseOverridesOutsideLatin1AreRefused() throws Exception {
        s3.send("PUT", "/bucket/over", bytes("data"), Map.of());
        String value = "attachment; filename=\"t\u00e9\u20ac\u4e2d.txt\"";
        String query = "?response-content-disposition=" + Encoding.uriEncode(value, false);
        HttpResponse<byte[]> get = s3.send("GET", "/bucket/over" + query);
        assertError(get, 400, "InvalidArgument");
        assertEquals("Header value cannot be represented using ISO-8859-1.", tag(get, "Message"));
        assertEquals("response-content-disposition", tag(get, "ArgumentName"));
        assertEquals(value.replace("\"", "&quot;"), tag(get, "ArgumentValue"));
        assertEquals(400, s3.send("HEAD", "/bucket/over" + query).statusCode());
        String several = query + "&response-content-type=" + Encoding.uriEncode("\u4e2d/x", false)
                + "&response-expires=" + Encoding.uriEncode("\u20ac", false);
        assertEquals("response-content-disposition", tag(s3.send("GET", "/bucket/over" + several), "ArgumentName"),
                "of several bad overrides, the first by name is reported");
        String latin1 = "attachment; filename=\"caf\u00e9.txt\"";
        HttpResponse<byte[]> ok = s3.send("GET", "/bucket/over?response-content-disposition="
                + Encoding.uriEncode(latin1, false) + "&response-content-type="
                + Encoding.uriEncode("\u00e9/x", false));
        assertEquals(200, ok.statusCode(), text(ok));
        assertEquals(latin1, ok.headers().firstValue("content-disposition").orElseThrow());
    }

    @Test
    void payloadChecksFailBeforeAnythingIsVisible() throws Exception {
        byte[] data = bytes("payload");
        HttpResponse<byte[]> wrongSha = s3.sendSigned("PUT", "/bucket/p", data, Map.of(),
                Encoding.hex(SigV4.sha256().digest(bytes("other"))));
        assertError(wrongSha, 400, "XAmzContentSHA256Mismatch");
        String md5Other = Base64.getEncoder().encodeToString(FakeStore.md5(bytes("other")));
        assertError(s3.send("PUT", "/bucket/p", data, Map.of("content-md5", md5Other)), 400, "BadDigest");
        assertError(s3.send("PUT", "/bucket/p", data, Map.of("content-md5", "notbase64!")), 400, "InvalidDigest");
        assertError(s3.send("PUT", "/bucket/p", data, Map.of("x-amz-checksum-crc32", "AAAAAA==")), 400,
                "BadDigest");
        assertError(s3.send("GET", "/bucket/p"), 404, "NoSuchKey");
        String md5 = Base64.getEncoder().encodeToString(FakeStore.md5(data));
        assertEquals(200, s3.send("PUT", "/bucket/p", data, Map.of("content-md5", md5)).statusCode());
        assertEquals(200, s3.sendSigned("PUT", "/bucket/u", data, Map.of(), SigV4.UNSIGNED_PAYLOAD).statusCode());
    }

    @Test
    void checksumsAreVerifiedStoredAndReturned() throws Exception {
        byte[] data = bytes("123456789");
        String crc32c = TestServer.checksum(ChecksumAlgorithm.CRC32C, data);
        HttpResponse<byte[]> put = s3.send("PUT", "/bucket/sum", data, Map.of("x-amz-checksum-crc32c", crc32c,
                "x-amz-sdk-checksum-algorithm", "CRC32C"));
        assertEquals(200, put.statusCode(), text(put));
        assertEquals(crc32c, put.headers().firstValue("x-amz-checksum-crc32c").orElseThrow());
        HttpResponse<byte[]> get = s3.send("GET", "/bucket/sum", null, Map.of("x-amz-checksum-mode", "ENABLED"));
        assertEquals(crc32c, get.headers().firstValue("x-amz-checksum-crc32c").orElseThrow());
        assertFalse(s3.send("GET", "/bucket/sum").headers().firstValue("x-amz-checksum-crc32c").isPresent());
        HttpResponse<byte[]> attrs = s3.send("GET", "/bucket/sum?attributes", null, Map.of(
                "x-amz-object-attributes", "ETag,Checksum,ObjectSize,StorageClass"));
        assertEquals(200, attrs.statusCode(), text(attrs));
        assertEquals(crc32c, tag(attrs, "ChecksumCRC32C"));
        assertEquals("9", tag(attrs, "ObjectSize"));
    }

    @Test
    void streamingSignedUploadOverHttp() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        Map<String, String> signed = new HashMap<>();
        byte[] body = streamingBody("/bucket/chunked", data, signed);
        String value = signed.get("x-test-crc64nvme");
        signed.remove("x-test-crc64nvme");
        HttpResponse<byte[]> put = s3.raw("PUT", "/bucket/chunked", body, signed);
        assertEquals(200, put.statusCode(), text(put));
        HttpResponse<byte[]> get = s3.send("GET", "/bucket/chunked", null, Map.of("x-amz-checksum-mode",
                "ENABLED"));
        assertArrayEquals(data, get.body());
        assertEquals(value, get.headers().firstValue("x-amz-checksum-crc64nvme").orElseThrow());
        assertEquals(null, get.headers().firstValue("content-encoding").orElse(null));
    }

    @Test
    void aBadChunkSignatureIsAnsweredAndTheConnectionServesOn() throws Exception {
        byte[] data = new byte[200_000];
        new Random(8).nextBytes(data);
        Map<String, String> signed = new HashMap<>();
        byte[] tampered = streamingBody("/bucket/chunked2", data, signed);
        signed.remove("x-test-crc64nvme");
        tampered[tampered.length / 2] ^= 1;
        try (Socket socket = new Socket("127.0.0.1", s3.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead("PUT /bucket/chunked2", signed, "Content-Length: " + tampered.length));
            out.write(tampered);
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 403"), first);
            assertTrue(first.contains("<Code>SignatureDoesNotMatch</Code>"), first);
            assertFalse(first.toLowerCase(Locale.ROOT).contains("connection: close"), first);
            out.write(("GET /bucket/chunked2 HTTP/1.1\r\nHost: " + s3.host() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String second = readResponse(in);
            assertTrue(second.startsWith("HTTP/1.1 403"), second);
            assertTrue(second.contains("<Code>AccessDenied</Code>"), second);
        }
        assertError(s3.send("GET", "/bucket/chunked2"), 404, "NoSuchKey");
    }

    @Test
    void aClientWaitingForContinueGetsTheErrorWithoutBeingAskedForItsBody() throws Exception {
        Map<String, String> signed = s3.sign("PUT", "/no-such-bucket/k", null, new HashMap<>(),
                SigV4.UNSIGNED_PAYLOAD, Instant.now());
        signed.remove("x-seed-signature");
        try (Socket socket = new Socket("127.0.0.1", s3.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requestHead("PUT /no-such-bucket/k", signed,
                    "Expect: 100-continue", "Content-Length: 1048576"));
            socket.getOutputStream().flush();
            // The body is never sent: the answer must come without a 100 Continue and without waiting for it.
            String answer = readResponse(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
            assertTrue(answer.contains("<Code>NoSuchBucket</Code>"), answer);
        }
    }

    @Test
    void anEarlyErrorReachesAClientThatSendsItsWholeLargeBodyBeforeReading() throws Exception {
        // As java.net.http.HttpClient does: the whole body goes out before the answer is read. The body is larger
        // than the loopback socket buffers, so a server that stops reading it and closes resets the connection.
        byte[] body = new byte[16 << 20];
        try (Socket socket = unsignedPut("/no-such-bucket/big", body.length)) {
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String answer = readResponse(in);
            assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
            assertTrue(answer.contains("<Code>NoSuchBucket</Code>"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close"), answer);
            assertEquals(-1, in.read(), "the server closes cleanly after the body");
        }
    }

    @Test
    void anEarlyErrorReachesAClientThatReadsWhileItSendsALargeBody() throws Exception {
        // As curl and the SDKs do: the answer is read as soon as it comes, then the client stops or sends the rest.
        byte[] body = new byte[16 << 20];
        try (Socket socket = unsignedPut("/no-such-bucket/big", body.length)) {
            OutputStream out = socket.getOutputStream();
            out.write(body, 0, 1 << 20);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = readResponse(in);
            assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
            assertTrue(answer.contains("<Code>NoSuchBucket</Code>"), answer);
            out.write(body, 1 << 20, body.length - (1 << 20));
            out.flush();
            assertEquals(-1, in.read(), "the server closes cleanly after the body");
        }
    }

    @Test
    void aBodyThatStopsArrivingIsRequestTimeoutAndLeavesNothing() throws Exception {
        s3.connector.setIdleTimeout(1_000);
        try (Socket socket = unsignedPut("/bucket/stalled", 1 << 20)) {
            socket.getOutputStream().write(new byte[10 << 10]);
            socket.getOutputStream().flush();
            String answer = readResponse(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("<Code>RequestTimeout</Code>"), answer);
        }
        assertError(s3.send("GET", "/bucket/stalled"), 404, "NoSuchKey");
    }

    /**
     * Opens a connection and sends the head of a signed PUT with an unsigned payload of the given length.
     */
    private Socket unsignedPut(String path, int length) throws IOException {
        Map<String, String> signed = s3.sign("PUT", path, null, new HashMap<>(), SigV4.UNSIGNED_PAYLOAD,
                Instant.now());
        signed.remove("x-seed-signature");
        Socket socket = new Socket("127.0.0.1", s3.port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(requestHead("PUT " + path, signed, "Content-Length: " + length));
        return socket;
    }

    /**
     * Builds the head of a raw HTTP/1.1 request: the request line, Host, the given headers, then extra lines.
     */
    private byte[] requestHead(String methodAndPath, Map<String, String> headers, String... extra) {
        StringBuilder head = new StringBuilder(methodAndPath + " HTTP/1.1\r\nHost: " + s3.host() + "\r\n");
        headers.forEach((name, v) -> head.append(name).append(": ").append(v).append("\r\n"));
        for (String line : extra) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one HTTP/1.1 response with a Content-Length from a socket, leaving the connection open.
     */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(text);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return text + new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * Builds a signed {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER} body with a CRC64NVME trailer and fills
     * {@code headers} with the signed request headers (and the expected checksum under {@code x-test-crc64nvme}).
     */
    private byte[] streamingBody(String path, byte[] data, Map<String, String> headers) throws Exception {
        Instant now = Instant.now();
        Map<String, String> toSign = new HashMap<>();
        toSign.put("content-encoding", "aws-chunked");
        toSign.put("x-amz-decoded-content-length", Integer.toString(data.length));
        toSign.put("x-amz-trailer", "x-amz-checksum-crc64nvme");
        Map<String, String> signed = s3.sign("PUT", path, null, toSign, SigV4.STREAMING_PAYLOAD_TRAILER, now);
        String amzDate = Encoding.amzDate(now);
        String scope = amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request";
        AuthResult auth = new AuthResult(TestServer.ACCESS, SigV4.STREAMING_PAYLOAD_TRAILER,
                SigV4.signingKey(TestServer.SECRET, amzDate.substring(0, 8), "us-east-1", "s3"),
                signed.remove("x-seed-signature"), amzDate, scope);
        String value = TestServer.checksum(ChecksumAlgorithm.CRC64NVME, data);
        headers.putAll(signed);
        headers.put("x-test-crc64nvme", value);
        return ChunkedStreamTest.encode(data, new int[] {65536}, auth, Map.of("x-amz-checksum-crc64nvme", value));
    }

    @Test
    void listBucketsPagesAndFilters() throws Exception {
        for (String b : List.of("page-a", "page-b", "page-c", "other-x")) {
            assertEquals(200, s3.send("PUT", "/" + b).statusCode());
        }
        HttpResponse<byte[]> first = s3.send("GET", "/?prefix=page-&max-buckets=2");
        assertEquals(List.of("page-a", "page-b"), tags(first, "Name"));
        assertEquals("page-", tag(first, "Prefix"));
        String token = tag(first, "ContinuationToken");
        HttpResponse<byte[]> second = s3.send("GET", "/?prefix=page-&max-buckets=2&continuation-token=" + token);
        assertEquals(List.of("page-c"), tags(second, "Name"));
        assertEquals(null, tag(second, "ContinuationToken"));
        assertTrue(tags(s3.send("GET", "/"), "Name").containsAll(List.of("bucket", "other-x", "page-a")));
        assertEquals(List.of(), tags(s3.send("GET", "/?bucket-region=eu-west-9"), "Name"));
        assertError(s3.send("GET", "/?max-buckets=0"), 400, "InvalidArgument");
        assertError(s3.send("GET", "/?max-buckets=abc"), 400, "InvalidArgument");
        assertError(s3.send("GET", "/?continuation-token=%21%21"), 400, "InvalidArgument");
    }

    @Test
    void aPathStartingWithTwoSlashesNamesTheEmptyBucket() throws Exception {
        // Slashes are never merged: "//bucket/k" is the key "bucket/k" of the bucket "", not the service.
        assertEquals(200, s3.send("PUT", "/bucket/k", bytes("data"), Map.of()).statusCode());
        assertError(s3.send("GET", "//bucket/k"), 400, "InvalidBucketName");
        assertError(s3.send("PUT", "//bucket/k", bytes("x"), Map.of()), 400, "InvalidBucketName");
        assertError(s3.send("GET", "//bucket"), 400, "InvalidBucketName");
        assertError(s3.send("GET", "//"), 400, "InvalidBucketName");
        assertEquals("data", text(s3.send("GET", "/bucket/k")));
        assertTrue(tags(s3.send("GET", "/"), "Name").contains("bucket"));
        assertEquals(200, s3.send("PUT", "/bucket//lead", bytes("slash"), Map.of()).statusCode());
        assertEquals("slash", text(s3.send("GET", "/bucket//lead")));
        assertEquals(List.of("/lead", "k"), tags(s3.send("GET", "/bucket?list-type=2"), "Key"));
    }

    @Test
    void theBucketNamedMinioIsReservedForTheNodesEndpoints() throws Exception {
        assertError(s3.send("PUT", "/minio"), 403, "AllAccessDisabled");
        assertError(s3.send("PUT", "/minio/health/live", bytes("x"), Map.of()), 403, "AllAccessDisabled");
        assertError(s3.send("GET", "/minio?list-type=2"), 403, "AllAccessDisabled");
        assertFalse(text(s3.send("GET", "/")).contains("<Name>minio</Name>"));
        assertEquals(200, s3.send("PUT", "/minio-data").statusCode(), "only the exact name is reserved");
    }

    @Test
    void theBucketNamedCairnIsReservedForTheNodesEndpoints() throws Exception {
        // The node's router serves /cairn/rpc/ and /cairn/admin/ before the S3 API: a bucket "cairn" would hold
        // keys under rpc/ that no request reaches.
        assertError(s3.send("PUT", "/cairn"), 403, "AllAccessDisabled");
        assertError(s3.send("PUT", "/cairn/plain", bytes("x"), Map.of()), 403, "AllAccessDisabled");
        assertError(s3.send("GET", "/cairn?list-type=2"), 403, "AllAccessDisabled");
        assertFalse(text(s3.send("GET", "/")).contains("<Name>cairn</Name>"));
        assertEquals(200, s3.send("PUT", "/cairn-data").statusCode(), "only the exact name is reserved");
    }

    @Test
    void amzHeadersOutsideTheSignatureAreRefused() throws Exception {
        s3.send("PUT", "/bucket/secret", bytes("top secret"), Map.of());
        Map<String, String> headers = new HashMap<>(s3.sign("PUT", "/bucket/added", null, Map.of(),
                SigV4.UNSIGNED_PAYLOAD, Instant.now()));
        headers.remove("x-seed-signature");
        headers.put("x-amz-meta-injected", "yes");
        headers.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        HttpResponse<byte[]> r = s3.raw("PUT", "/bucket/added", bytes("body"), headers);
        assertError(r, 403, "AccessDenied");
        assertEquals("x-amz-meta-injected, x-amz-storage-class", tag(r, "HeadersNotSigned"));
        assertError(s3.send("HEAD", "/bucket/added"), 404, null);
        // A presigned upload URL must not turn into a copy of any object its signer can read.
        String url = "/bucket/upload?" + presignedQuery("PUT", "/bucket/upload", Encoding.amzDate(Instant.now())
                .substring(0, 8));
        assertError(s3.raw("PUT", url, new byte[0], Map.of("x-amz-copy-source", "/bucket/secret")), 403,
                "AccessDenied");
        assertError(s3.send("HEAD", "/bucket/upload"), 404, null);
        assertEquals(200, s3.raw("PUT", url, bytes("mine"), Map.of()).statusCode());
    }

    @Test
    void theCredentialScopeMustNameTheDayOfTheRequest() throws Exception {
        s3.send("PUT", "/bucket/dated", bytes("dated"), Map.of());
        Instant now = Instant.now();
        String otherDay = Encoding.amzDate(now.minus(java.time.Duration.ofDays(3))).substring(0, 8);
        Map<String, String> headers = new HashMap<>(s3.sign("GET", "/bucket/dated", null, Map.of(),
                SigV4.EMPTY_SHA256, now, otherDay));
        headers.remove("x-seed-signature");
        assertError(s3.raw("GET", "/bucket/dated", null, headers), 400, "AuthorizationHeaderMalformed");
        headers = new HashMap<>(s3.sign("GET", "/bucket/dated", null, Map.of(), SigV4.EMPTY_SHA256, now,
                "abcdefgh"));
        headers.remove("x-seed-signature");
        assertError(s3.raw("GET", "/bucket/dated", null, headers), 400, "AuthorizationHeaderMalformed");
        assertError(s3.raw("GET", "/bucket/dated?" + presignedQuery("GET", "/bucket/dated", otherDay), null,
                Map.of()), 400, "AuthorizationQueryParametersError");
        assertEquals("dated", text(s3.raw("GET", "/bucket/dated?" + presignedQuery("GET", "/bucket/dated",
                Encoding.amzDate(now).substring(0, 8)), null, Map.of())));
    }

    @Test
    void oneAuthMechanismPerRequestAndNoSessionTokens() throws Exception {
        s3.send("PUT", "/bucket/one", bytes("one"), Map.of());
        String query = presignedQuery("GET", "/bucket/one", Encoding.amzDate(Instant.now()).substring(0, 8));
        HttpResponse<byte[]> both = s3.raw("GET", "/bucket/one?" + query, null, Map.of("Authorization",
                "AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"));
        assertError(both, 400, "InvalidArgument");
        assertEquals("Authorization", tag(both, "ArgumentName"));
        assertError(s3.send("GET", "/bucket/one", null, Map.of("x-amz-security-token", "token")), 400,
                "InvalidToken");
        assertError(s3.raw("GET", "/bucket/one?" + query + "&X-Amz-Security-Token=token", null, Map.of()), 400,
                "InvalidToken");
    }

    @Test
    void signaturesAreComparedExactly() throws Exception {
        s3.send("PUT", "/bucket/exact", bytes("exact"), Map.of());
        Map<String, String> headers = new HashMap<>(s3.sign("GET", "/bucket/exact", null, Map.of(),
                SigV4.EMPTY_SHA256, Instant.now()));
        String signature = headers.remove("x-seed-signature");
        String upper = signature.toUpperCase(Locale.ROOT);
        assertNotEquals(signature, upper);
        headers.put("authorization", headers.get("authorization").replace(signature, upper));
        assertError(s3.raw("GET", "/bucket/exact", null, headers), 403, "SignatureDoesNotMatch");
    }

    /** A presigned SigV4 query (host signed only, 300 s) for a request at the current time, scoped to a day. */
    private String presignedQuery(String method, String path, String scopeDate) {
        return presignedQuery(method, path, scopeDate, "");
    }

    /** As {@link #presignedQuery(String, String, String)}, with further (encoded) parameters signed along. */
    private String presignedQuery(String method, String path, String scopeDate, String extra) {
        String amzDate = Encoding.amzDate(Instant.now());
        String scope = scopeDate + "/us-east-1/s3/aws4_request";
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + TestServer.ACCESS + "%2F"
                + scope.replace("/", "%2F") + "&X-Amz-Date=" + amzDate + "&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
                + extra;
        String canonical = SigV4.canonicalRequest(method, path, SigV4.canonicalQuery(Encoding.parseQuery(query), null),
                "host:" + s3.host() + "\n", "host", SigV4.UNSIGNED_PAYLOAD);
        String sig = SigV4.sign(SigV4.signingKey(TestServer.SECRET, scopeDate, "us-east-1", "s3"),
                SigV4.stringToSign(amzDate, scope, canonical));
        return query + "&X-Amz-Signature=" + sig;
    }

    @Test
    void presignedGetWorksWithAPlainClient() throws Exception {
        s3.send("PUT", "/bucket/pre", bytes("presigned"), Map.of());
        String query = presignedQuery("GET", "/bucket/pre", Encoding.amzDate(Instant.now()).substring(0, 8));
        HttpResponse<byte[]> r = s3.raw("GET", "/bucket/pre?" + query, null, Map.of());
        assertEquals("presigned", text(r));
        String sig = query.substring(query.lastIndexOf('=') + 1);
        // Another first hex digit, whatever the signature: replacing one letter did nothing when it had none.
        String tampered = (sig.charAt(0) == '0' ? '1' : '0') + sig.substring(1);
        assertError(s3.raw("GET", "/bucket/pre?" + query.replace(sig, tampered), null, Map.of()), 403,
                "SignatureDoesNotMatch");
    }

    /**
     * The AWS SDK for JavaScript v3 signs the CRC32 of an empty body into the query of every presigned PutObject and
     * UploadPart URL it makes ({@code x-amz-checksum-crc32=AAAAAA==}); S3 ignores checksums given in a presigned
     * query, so an upload of any content through such a URL works and stores no additional checksum.
     */
    @Test
    void presignedUploadsIgnoreChecksumQueryParameters() throws Exception {
        String day = Encoding.amzDate(Instant.now()).substring(0, 8);
        String sdk = "&x-amz-checksum-crc32=AAAAAA%3D%3D&x-amz-sdk-checksum-algorithm=CRC32&x-id=PutObject";
        HttpResponse<byte[]> put = s3.raw("PUT", "/bucket/js?" + presignedQuery("PUT", "/bucket/js", day, sdk),
                bytes("data"), Map.of());
        assertEquals(200, put.statusCode(), text(put));
        assertFalse(put.headers().firstValue("x-amz-checksum-crc32").isPresent());
        HttpResponse<byte[]> head = s3.send("HEAD", "/bucket/js", null, Map.of("x-amz-checksum-mode", "ENABLED"));
        assertEquals(200, head.statusCode());
        assertFalse(head.headers().firstValue("x-amz-checksum-crc32").isPresent());
        assertEquals("data", text(s3.send("GET", "/bucket/js")));
    }

    @Test
    void sigV2HeaderRequests() throws Exception {
        s3.send("PUT", "/bucket/v2", bytes("two"), Map.of());
        String date = Encoding.httpDate(Instant.now());
        String sts = "GET\n\n\n" + date + "\n/bucket/v2";
        String auth = "AWS " + TestServer.ACCESS + ":" + Authenticator.signV2(TestServer.SECRET, sts);
        assertEquals("two", text(s3.raw("GET", "/bucket/v2", null, Map.of("date", date, "authorization", auth))));
        assertError(s3.raw("GET", "/bucket/v2", null, Map.of("date", date, "authorization", auth + "x")), 403,
                "SignatureDoesNotMatch");
        long expires = Instant.now().getEpochSecond() + 60;
        String presigned = Authenticator.signV2(TestServer.SECRET, "GET\n\n\n" + expires + "\n/bucket/v2");
        assertEquals("two", text(s3.raw("GET", "/bucket/v2?AWSAccessKeyId=" + TestServer.ACCESS + "&Expires="
                + expires + "&Signature=" + Encoding.uriEncode(presigned, false), null, Map.of())));
    }

    /**
     * A SigV2 presigned URL whose Expires is not a number is S3's 403 "Invalid date (should be seconds since
     * epoch)", not "Request has expired", which sends its holder looking at clocks.
     */
    @Test
    void sigV2ExpiresThatIsNotANumberIsAnInvalidDate() throws Exception {
        s3.send("PUT", "/bucket/v2", bytes("two"), Map.of());
        String sig = Encoding.uriEncode(Authenticator.signV2(TestServer.SECRET, "GET\n\n\nabc\n/bucket/v2"), false);
        HttpResponse<byte[]> r = s3.raw("GET", "/bucket/v2?AWSAccessKeyId=" + TestServer.ACCESS
                + "&Expires=abc&Signature=" + sig, null, Map.of());
        assertError(r, 403, "AccessDenied");
        assertEquals("Invalid date (should be seconds since epoch): abc", tag(r, "Message"));
        r = s3.raw("GET", "/bucket/v2?AWSAccessKeyId=" + TestServer.ACCESS + "&Signature=" + sig, null, Map.of());
        assertError(r, 403, "AccessDenied");
        assertTrue(tag(r, "Message").contains("requires the Signature, Expires and AWSAccessKeyId"), text(r));
    }

    /**
     * A presigned URL giving an authentication parameter twice is refused (only the first value was read, so the
     * second one was silently ignored), in SigV4 and SigV2.
     */
    @Test
    void aRepeatedPresignParameterIsRefused() throws Exception {
        s3.send("PUT", "/bucket/pre", bytes("presigned"), Map.of());
        String query = presignedQuery("GET", "/bucket/pre", Encoding.amzDate(Instant.now()).substring(0, 8));
        assertEquals(200, s3.raw("GET", "/bucket/pre?" + query, null, Map.of()).statusCode());
        String sig = query.substring(query.lastIndexOf('=') + 1);
        for (String extra : List.of("X-Amz-Signature=" + sig, "X-Amz-Signature=" + "0".repeat(64),
                "X-Amz-Expires=1", "X-Amz-Date=20000101T000000Z")) {
            HttpResponse<byte[]> r = s3.raw("GET", "/bucket/pre?" + query + "&" + extra, null, Map.of());
            assertError(r, 400, "AuthorizationQueryParametersError");
            assertEquals(extra.substring(0, extra.indexOf('=')), tag(r, "ArgumentName"));
        }
        long expires = Instant.now().getEpochSecond() + 60;
        String v2 = "AWSAccessKeyId=" + TestServer.ACCESS + "&Expires=" + expires + "&Signature="
                + Encoding.uriEncode(Authenticator.signV2(TestServer.SECRET, "GET\n\n\n" + expires
                        + "\n/bucket/pre"), false);
        assertEquals(200, s3.raw("GET", "/bucket/pre?" + v2, null, Map.of()).statusCode());
        for (String extra : List.of("Signature=x", "Expires=1", "AWSAccessKeyId=" + TestServer.ACCESS)) {
            assertError(s3.raw("GET", "/bucket/pre?" + v2 + "&" + extra, null, Map.of()), 400, "InvalidArgument");
        }
    }

    @Test
    void sigV2BucketResourceWithOrWithoutTrailingSlash() throws Exception {
        // boto3 and the other AWS SDKs sign a path-style bucket request as /bucket/ (S3 accepts it), s3cmd as /bucket.
        String date = Encoding.httpDate(Instant.now());
        for (String resource : List.of("/bucket?location", "/bucket/?location")) {
            String auth = "AWS " + TestServer.ACCESS + ":"
                    + Authenticator.signV2(TestServer.SECRET, "GET\n\n\n" + date + "\n" + resource);
            HttpResponse<byte[]> r = s3.raw("GET", "/bucket?location", null,
                    Map.of("date", date, "authorization", auth));
            assertEquals(200, r.statusCode(), resource + ": " + text(r));
            long expires = Instant.now().getEpochSecond() + 60;
            String sig = Authenticator.signV2(TestServer.SECRET, "GET\n\n\n" + expires + "\n" + resource);
            r = s3.raw("GET", "/bucket?location&AWSAccessKeyId=" + TestServer.ACCESS + "&Expires=" + expires
                    + "&Signature=" + Encoding.uriEncode(sig, false), null, Map.of());
            assertEquals(200, r.statusCode(), resource + " presigned: " + text(r));
        }
        String auth = "AWS " + TestServer.ACCESS + ":"
                + Authenticator.signV2(TestServer.SECRET, "GET\n\n\n" + date + "\n/bucket/v2/");
        assertError(s3.raw("GET", "/bucket/v2", null, Map.of("date", date, "authorization", auth)), 403,
                "SignatureDoesNotMatch");
    }

    /**
     * Overwrites {@code bucket/key} in the store as another client's PUT would, with a body, a content type, user
     * metadata and the body's CRC32, while the next request that reads the object is served.
     */
    private void overwriteDuringNextRequest(String key, String body) {
        byte[] data = bytes(body);
        s3.store.racingWrite(() -> {
            try {
                s3.store.putObject("bucket", key, new ByteArrayInputStream(data), data.length,
                        PutOptions.builder().metadata(Map.of("content-type", "text/" + body, "x-amz-meta-v", body,
                                "x-amz-checksum-crc32", crc32(data))).build());
            } catch (ObjectStoreException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue())
                .array());
    }

    /** Asserts that a GET returns {@code body} with the metadata and checksum of the version that wrote it. */
    private void assertVersion(String key, String body, int tags) throws Exception {
        HttpResponse<byte[]> get = s3.send("GET", "/bucket/" + key, null, Map.of("x-amz-checksum-mode", "ENABLED"));
        assertEquals(body, text(get));
        assertEquals("text/" + body, get.headers().firstValue("content-type").orElseThrow());
        assertEquals(body, get.headers().firstValue("x-amz-meta-v").orElseThrow());
        assertEquals(crc32(bytes(body)), get.headers().firstValue("x-amz-checksum-crc32").orElseThrow());
        assertEquals(tags == 0 ? List.of() : List.of(Integer.toString(tags)),
                get.headers().allValues("x-amz-tagging-count"));
    }

    @Test
    void tagChangesRacingAnOverwriteKeepTheNewVersionsMetadata() throws Exception {
        assertEquals(200, s3.send("PUT", "/bucket/t", bytes("old"), Map.of("content-type", "text/old",
                "x-amz-meta-v", "old", "x-amz-tagging", "a=1")).statusCode());
        overwriteDuringNextRequest("t", "new");
        assertEquals(200, s3.send("PUT", "/bucket/t?tagging", bytes("<Tagging><TagSet><Tag><Key>k</Key><Value>v"
                + "</Value></Tag></TagSet></Tagging>"), Map.of()).statusCode());
        assertVersion("t", "new", 1);
        overwriteDuringNextRequest("t", "newer");
        assertEquals(204, s3.send("DELETE", "/bucket/t?tagging").statusCode());
        assertVersion("t", "newer", 0);
    }

    @Test
    void copiesRacingAnOverwriteOfTheSourceKeepItsChecksum() throws Exception {
        assertEquals(200, s3.send("PUT", "/bucket/s", bytes("old"), Map.of("content-type", "text/old",
                "x-amz-meta-v", "old", "x-amz-checksum-crc32", crc32(bytes("old")))).statusCode());
        // REPLACE onto another key: the copy's checksum is the one of the body it copies.
        overwriteDuringNextRequest("s", "new");
        assertEquals(200, s3.send("PUT", "/bucket/d", null, Map.of("x-amz-copy-source", "/bucket/s",
                "x-amz-metadata-directive", "REPLACE", "content-type", "text/new", "x-amz-meta-v", "new"))
                .statusCode());
        assertVersion("d", "new", 0);
        // COPY metadata with REPLACE tags: the metadata is the one of the version copied.
        overwriteDuringNextRequest("s", "newer");
        assertEquals(200, s3.send("PUT", "/bucket/d", null, Map.of("x-amz-copy-source", "/bucket/s",
                "x-amz-tagging-directive", "REPLACE", "x-amz-tagging", "k=v")).statusCode());
        assertVersion("d", "newer", 1);
        // REPLACE onto itself.
        overwriteDuringNextRequest("s", "newest");
        assertEquals(200, s3.send("PUT", "/bucket/s", null, Map.of("x-amz-copy-source", "/bucket/s",
                "x-amz-metadata-directive", "REPLACE", "content-type", "text/newest", "x-amz-meta-v", "newest"))
                .statusCode());
        assertVersion("s", "newest", 0);
    }

    @Test
    void copyWithoutStorageClassIsStandard() throws Exception {
        // S3: a copy made without x-amz-storage-class is STANDARD, whatever the source's class.
        s3.send("PUT", "/bucket/rrs", bytes("reduced"), Map.of("x-amz-storage-class", "REDUCED_REDUNDANCY"));
        assertEquals(200, s3.send("PUT", "/bucket/copy", null, Map.of("x-amz-copy-source", "bucket/rrs"))
                .statusCode());
        assertEquals(Optional.empty(), s3.send("HEAD", "/bucket/copy").headers().firstValue("x-amz-storage-class"));
        assertEquals("STANDARD", tag(s3.send("GET", "/bucket?list-type=2&prefix=copy"), "StorageClass"));
        assertEquals(200, s3.send("PUT", "/bucket/kept", null, Map.of("x-amz-copy-source", "bucket/rrs",
                "x-amz-storage-class", "REDUCED_REDUNDANCY")).statusCode());
        assertEquals("REDUCED_REDUNDANCY", s3.send("HEAD", "/bucket/kept").headers()
                .firstValue("x-amz-storage-class").orElseThrow());
        // In place too: replacing the metadata without naming a class makes the object STANDARD.
        assertEquals(200, s3.send("PUT", "/bucket/rrs", null, Map.of("x-amz-copy-source", "bucket/rrs",
                "x-amz-metadata-directive", "REPLACE", "x-amz-meta-m", "1")).statusCode());
        HttpResponse<byte[]> replaced = s3.send("HEAD", "/bucket/rrs");
        assertEquals(Optional.empty(), replaced.headers().firstValue("x-amz-storage-class"));
        assertEquals("1", replaced.headers().firstValue("x-amz-meta-m").orElseThrow());
        assertEquals("reduced", text(s3.send("GET", "/bucket/rrs")));
    }

    @Test
    void copyComputesTheRequestedChecksum() throws Exception {
        // S3: x-amz-checksum-algorithm on a CopyObject gives the copy that checksum, computed over the copied data,
        // instead of the source's; an unknown algorithm is refused.
        byte[] data = bytes("checksummed copy");
        String crc32 = TestServer.checksum(ChecksumAlgorithm.CRC32, data);
        String sha256 = Base64.getEncoder().encodeToString(SigV4.sha256().digest(data));
        s3.send("PUT", "/bucket/sum-src", data, Map.of("x-amz-checksum-crc32", crc32, "x-amz-meta-m", "1",
                "x-amz-tagging", "t=1"));
        HttpResponse<byte[]> copy = s3.send("PUT", "/bucket/sum-dst", null, Map.of("x-amz-copy-source",
                "bucket/sum-src", "x-amz-checksum-algorithm", "SHA256"));
        assertEquals(200, copy.statusCode(), text(copy));
        assertEquals(sha256, tag(copy, "ChecksumSHA256"));
        assertEquals(null, tag(copy, "ChecksumCRC32"), "only the requested algorithm");
        assertEquals("FULL_OBJECT", tag(copy, "ChecksumType"));
        HttpResponse<byte[]> head = s3.send("HEAD", "/bucket/sum-dst", null, Map.of("x-amz-checksum-mode",
                "ENABLED"));
        assertEquals(sha256, head.headers().firstValue("x-amz-checksum-sha256").orElse(null));
        assertEquals(Optional.empty(), head.headers().firstValue("x-amz-checksum-crc32"));
        assertEquals("1", head.headers().firstValue("x-amz-meta-m").orElse(null));
        assertEquals("1", head.headers().firstValue("x-amz-tagging-count").orElse(null));
        assertEquals("checksummed copy", text(s3.send("GET", "/bucket/sum-dst")));
        // A checksum added to an object in place (S3's way to give an existing object one).
        s3.send("PUT", "/bucket/plain", data, Map.of());
        HttpResponse<byte[]> inPlace = s3.send("PUT", "/bucket/plain", null, Map.of("x-amz-copy-source",
                "bucket/plain", "x-amz-checksum-algorithm", "crc32"));
        assertEquals(200, inPlace.statusCode(), text(inPlace));
        assertEquals(crc32, s3.send("HEAD", "/bucket/plain", null, Map.of("x-amz-checksum-mode", "ENABLED"))
                .headers().firstValue("x-amz-checksum-crc32").orElse(null));
        assertError(s3.send("PUT", "/bucket/sum-bad", null, Map.of("x-amz-copy-source", "bucket/sum-src",
                "x-amz-checksum-algorithm", "MD4")), 400, "InvalidRequest");
        assertError(s3.send("PUT", "/bucket/sum-bad", null, Map.of("x-amz-copy-source", "bucket/sum-src",
                "x-amz-checksum-algorithm", "SHA1", "x-amz-copy-source-if-match", "\"0000\"")), 412,
                "PreconditionFailed");
        assertEquals(404, s3.send("HEAD", "/bucket/sum-bad").statusCode(), "a refused copy writes nothing");
    }

    @Test
    void copyRefusesWhatItCannotDoWhateverTheDirective() throws Exception {
        // A copy that keeps the source's metadata must not succeed without the encryption, object lock or access
        // control its headers ask for: S3 would apply them to the copy.
        s3.send("PUT", "/bucket/guarded", bytes("x"), Map.of());
        for (Map<String, String> header : List.of(Map.of("x-amz-server-side-encryption", "AES256"),
                Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256"),
                Map.of("x-amz-object-lock-mode", "GOVERNANCE"), Map.of("x-amz-object-lock-legal-hold", "ON"),
                Map.of("x-amz-acl", "public-read"), Map.of("x-amz-grant-read", "uri=\"all\""))) {
            for (String directive : List.of("COPY", "REPLACE")) {
                Map<String, String> headers = new HashMap<>(header);
                headers.put("x-amz-copy-source", "bucket/guarded");
                headers.put("x-amz-metadata-directive", directive);
                assertError(s3.send("PUT", "/bucket/guarded-copy", null, headers), 501, "NotImplemented");
            }
        }
        assertEquals(404, s3.send("HEAD", "/bucket/guarded-copy").statusCode(), "nothing was copied");
        assertEquals(200, s3.send("PUT", "/bucket/guarded-copy", null, Map.of("x-amz-copy-source", "bucket/guarded",
                "x-amz-acl", "private")).statusCode());
    }

    @Test
    void aCopyOfAMissingKeyOntoItselfIsNoSuchKeyWhateverTheDirectives() throws Exception {
        for (String directive : List.of("COPY", "REPLACE")) {
            HttpResponse<byte[]> r = s3.send("PUT", "/bucket/ghost", null, Map.of("x-amz-copy-source", "bucket/ghost",
                    "x-amz-metadata-directive", directive));
            assertError(r, 404, "NoSuchKey");
        }
        assertError(s3.send("PUT", "/bucket/ghost", null, Map.of("x-amz-copy-source", "bucket/ghost",
                "x-amz-storage-class", "STANDARD")), 404, "NoSuchKey");
        assertError(s3.send("PUT", "/bucket/ghost", null, Map.of("x-amz-copy-source", "bucket/ghost",
                "x-amz-tagging-directive", "REPLACE")), 404, "NoSuchKey");
        assertError(s3.send("HEAD", "/bucket/ghost"), 404, null);
        s3.send("PUT", "/bucket/ghost", bytes("here"), Map.of());
        assertError(s3.send("PUT", "/bucket/ghost", null, Map.of("x-amz-copy-source", "bucket/ghost")), 400,
                "InvalidRequest");
    }

    @Test
    void copyTaggingAndDelete() throws Exception {
        s3.send("PUT", "/bucket/src", bytes("copy me"), Map.of("x-amz-meta-a", "1", "x-amz-tagging", "k=v"));
        HttpResponse<byte[]> copy = s3.send("PUT", "/bucket/dst", null, Map.of("x-amz-copy-source", "/bucket/src"));
        assertEquals(200, copy.statusCode(), text(copy));
        assertTrue(text(copy).contains("<CopyObjectResult"));
        HttpResponse<byte[]> dst = s3.send("GET", "/bucket/dst");
        assertEquals("copy me", text(dst));
        assertEquals("1", dst.headers().firstValue("x-amz-meta-a").orElseThrow());
        assertEquals("1", dst.headers().firstValue("x-amz-tagging-count").orElseThrow());
        assertError(s3.send("PUT", "/bucket/src", null, Map.of("x-amz-copy-source", "bucket/src")), 400,
                "InvalidRequest");
        HttpResponse<byte[]> sameClass = s3.send("PUT", "/bucket/src", null, Map.of("x-amz-copy-source",
                "bucket/src", "x-amz-storage-class", "STANDARD"));
        assertError(sameClass, 400, "InvalidRequest");
        assertTrue(tag(sameClass, "Message").startsWith("This copy request is illegal"), text(sameClass));
        HttpResponse<byte[]> replace = s3.send("PUT", "/bucket/src", null, Map.of("x-amz-copy-source",
                "bucket/src", "x-amz-metadata-directive", "REPLACE", "x-amz-meta-b", "2"));
        assertEquals(200, replace.statusCode(), text(replace));
        HttpResponse<byte[]> src = s3.send("HEAD", "/bucket/src");
        assertEquals("2", src.headers().firstValue("x-amz-meta-b").orElseThrow());
        assertFalse(src.headers().firstValue("x-amz-meta-a").isPresent());
        assertError(s3.send("PUT", "/bucket/x", null, Map.of("x-amz-copy-source", "bucket/src",
                "x-amz-copy-source-if-match", "\"nope\"")), 412, "PreconditionFailed");
        assertEquals(List.of("k", "v"), List.of(tag(s3.send("GET", "/bucket/src?tagging"), "Key"),
                tag(s3.send("GET", "/bucket/src?tagging"), "Value")));
        assertEquals(200, s3.send("PUT", "/bucket/src?tagging", bytes("<Tagging><TagSet><Tag><Key>a b</Key>"
                + "<Value>c&amp;d</Value></Tag></TagSet></Tagging>"), Map.of()).statusCode());
        assertEquals("c&amp;d", tag(s3.send("GET", "/bucket/src?tagging"), "Value"));
        assertError(s3.send("PUT", "/bucket/src?tagging", bytes("<Tagging><TagSet><Tag><Key>a</Key><Value>1"
                + "</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>"), Map.of()), 400,
                "InvalidTag");
        assertError(s3.send("PUT", "/bucket/src?tagging", bytes("<Tagging><TagSet><Tag><Key>aws:owner</Key>"
                + "<Value>1</Value></Tag></TagSet></Tagging>"), Map.of()), 400, "InvalidTag");
        assertError(s3.send("PUT", "/bucket/sys", bytes("x"), Map.of("x-amz-tagging", "aws%3Aowner=1")), 400,
                "InvalidTag");
        assertEquals("c&amp;d", tag(s3.send("GET", "/bucket/src?tagging"), "Value"));
        assertEquals(204, s3.send("DELETE", "/bucket/src?tagging").statusCode());
        assertEquals(List.of(), tags(s3.send("GET", "/bucket/src?tagging"), "Key"));
        assertEquals(204, s3.send("DELETE", "/bucket/src").statusCode());
        assertEquals(204, s3.send("DELETE", "/bucket/src").statusCode());
    }

    @Test
    void tagsAreListedInKeyOrder() throws Exception {
        // S3 keeps no order in a tag set; listing by key makes answers stable, as conformance suites expect.
        assertEquals(200, s3.send("PUT", "/bucket/tagged", bytes("x"), Map.of("x-amz-tagging", "foo=bar&bar"))
                .statusCode());
        String answer = text(s3.send("GET", "/bucket/tagged?tagging"));
        assertTrue(answer.indexOf("<Key>bar</Key><Value></Value>") < answer.indexOf("<Key>foo</Key>"), answer);
        assertEquals(200, s3.send("PUT", "/bucket/tagged?tagging", bytes("<Tagging><TagSet><Tag><Key>z</Key><Value>1"
                + "</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>"), Map.of()).statusCode());
        answer = text(s3.send("GET", "/bucket/tagged?tagging"));
        assertTrue(answer.indexOf("<Key>a</Key>") < answer.indexOf("<Key>z</Key>"), answer);
    }

    @Test
    void tagLimitsCountUnicodeCharacters() throws Exception {
        s3.send("PUT", "/bucket/tags", bytes("x"), Map.of());
        String emoji = "\ud83d\ude00";
        assertEquals(200, s3.send("PUT", "/bucket/tags?tagging", tagging(emoji.repeat(128), emoji.repeat(256)),
                Map.of()).statusCode());
        assertEquals(emoji.repeat(128), tag(s3.send("GET", "/bucket/tags?tagging"), "Key"));
        assertError(s3.send("PUT", "/bucket/tags?tagging", tagging(emoji.repeat(129), "v"), Map.of()), 400,
                "InvalidTag");
        assertError(s3.send("PUT", "/bucket/tags?tagging", tagging("k", emoji.repeat(257)), Map.of()), 400,
                "InvalidTag");
        String header = Encoding.uriEncode(emoji.repeat(128), false) + "=" + Encoding.uriEncode(emoji.repeat(256),
                false);
        assertEquals(200, s3.send("PUT", "/bucket/tagged", bytes("x"), Map.of("x-amz-tagging", header))
                .statusCode());
        assertEquals(emoji.repeat(256), tag(s3.send("GET", "/bucket/tagged?tagging"), "Value"));
        assertError(s3.send("PUT", "/bucket/tagged", bytes("x"), Map.of("x-amz-tagging", "k="
                + Encoding.uriEncode(emoji.repeat(257), false))), 400, "InvalidTag");
    }

    private byte[] tagging(String key, String value) {
        return bytes("<Tagging><TagSet><Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag></TagSet>"
                + "</Tagging>");
    }

    @Test
    void deleteObjectsQuietAndVerbose() throws Exception {
        for (String k : new String[] {"a", "b", "c"}) {
            s3.send("PUT", "/bucket/" + k, bytes(k), Map.of());
        }
        byte[] body = bytes("<Delete><Object><Key>a</Key></Object><Object><Key>b</Key></Object>"
                + "<Object><Key>zz</Key></Object></Delete>");
        assertError(s3.send("POST", "/bucket?delete", body, Map.of()), 400, "InvalidRequest");
        String md5 = Base64.getEncoder().encodeToString(FakeStore.md5(body));
        HttpResponse<byte[]> r = s3.send("POST", "/bucket?delete", body, Map.of("content-md5", md5));
        assertEquals(200, r.statusCode(), text(r));
        assertEquals(3, tags(r, "Deleted").size());
        byte[] quiet = bytes("<Delete><Quiet>true</Quiet><Object><Key>c</Key></Object></Delete>");
        HttpResponse<byte[]> q = s3.send("POST", "/bucket?delete", quiet, Map.of("content-md5",
                Base64.getEncoder().encodeToString(FakeStore.md5(quiet))));
        assertEquals(0, tags(q, "Deleted").size());
        assertEquals(0, s3.store.objectCount("bucket"));
        assertError(s3.send("POST", "/bucket?delete", bytes("<Delete><Object>"), Map.of("content-md5",
                Base64.getEncoder().encodeToString(FakeStore.md5(bytes("<Delete><Object>"))))), 400, "MalformedXML");
        byte[] entity = bytes("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>");
        assertError(s3.send("POST", "/bucket?delete", entity, Map.of("content-md5",
                Base64.getEncoder().encodeToString(FakeStore.md5(entity)))), 400, "MalformedXML");
    }

    @Test
    void appendingWritesAreRefused() throws Exception {
        // x-amz-write-offset-bytes appends to an object in S3's directory buckets; taken for a plain PUT it would
        // replace the object with the appended bytes alone.
        s3.send("PUT", "/bucket/log", bytes("first line\n"), Map.of());
        assertError(s3.send("PUT", "/bucket/log", bytes("second line\n"), Map.of("x-amz-write-offset-bytes", "11")),
                501, "NotImplemented");
        assertEquals("first line\n", text(s3.send("GET", "/bucket/log")));
    }

    @Test
    void conditionalDeletes() throws Exception {
        String etag = s3.send("PUT", "/bucket/cd", bytes("keep me"), Map.of()).headers().firstValue("ETag")
                .orElseThrow();
        assertError(s3.send("DELETE", "/bucket/cd", null, Map.of("If-Match", "\"0123\"")), 412,
                "PreconditionFailed");
        assertError(s3.send("DELETE", "/bucket/cd", null, Map.of("x-amz-if-match-size", "7")), 501,
                "NotImplemented");
        assertError(s3.send("DELETE", "/bucket/cd", null, Map.of("If-Match", etag,
                "x-amz-if-match-last-modified-time", "Wed, 01 Jan 2025 00:00:00 GMT")), 501, "NotImplemented");
        assertEquals(200, s3.send("HEAD", "/bucket/cd").statusCode());
        assertEquals(204, s3.send("DELETE", "/bucket/cd", null, Map.of("If-Match", etag)).statusCode());
        assertError(s3.send("DELETE", "/bucket/cd", null, Map.of("If-Match", "*")), 404, "NoSuchKey");
        s3.send("PUT", "/bucket/cd", bytes("again"), Map.of());
        assertEquals(204, s3.send("DELETE", "/bucket/cd", null, Map.of("If-Match", "*")).statusCode());
        assertEquals(404, s3.send("HEAD", "/bucket/cd").statusCode());
    }

    @Test
    void deleteObjectsWithETags() throws Exception {
        String etag = s3.send("PUT", "/bucket/a", bytes("a"), Map.of()).headers().firstValue("ETag").orElseThrow();
        s3.send("PUT", "/bucket/b", bytes("b"), Map.of());
        s3.send("PUT", "/bucket/c", bytes("c"), Map.of());
        byte[] body = bytes("<Delete><Object><Key>a</Key><ETag>" + etag.replace("\"", "&quot;") + "</ETag></Object>"
                + "<Object><Key>b</Key><ETag>\"0123\"</ETag></Object><Object><Key>c</Key></Object>"
                + "<Object><Key>zz</Key><ETag>*</ETag></Object></Delete>");
        HttpResponse<byte[]> r = s3.send("POST", "/bucket?delete", body, Map.of("content-md5",
                Base64.getEncoder().encodeToString(FakeStore.md5(body))));
        assertEquals(200, r.statusCode(), text(r));
        assertEquals(List.of("<Key>a</Key>", "<Key>c</Key>"), tags(r, "Deleted"));
        assertEquals(List.of("PreconditionFailed", "NoSuchKey"), tags(r, "Code"));
        assertEquals(List.of("At least one of the pre-conditions you specified did not hold.",
                "The specified key does not exist."), tags(r, "Message"), "S3's messages, not the store's");
        assertTrue(text(r).contains("<Error><Key>b</Key>"), text(r));
        assertEquals(200, s3.send("HEAD", "/bucket/b").statusCode());
        assertEquals(1, s3.store.objectCount("bucket"));
        byte[] size = bytes("<Delete><Object><Key>b</Key><Size>1</Size></Object></Delete>");
        assertError(s3.send("POST", "/bucket?delete", size, Map.of("content-md5",
                Base64.getEncoder().encodeToString(FakeStore.md5(size)))), 501, "NotImplemented");
        assertEquals(200, s3.send("HEAD", "/bucket/b").statusCode());
    }

    @Test
    void badInputOnTheWire() throws Exception {
        Map<String, String> h = s3.sign("PUT", "/bucket/wire", null, Map.of(), SigV4.UNSIGNED_PAYLOAD,
                Instant.now());
        h.remove("x-seed-signature");
        StringBuilder req = new StringBuilder("PUT /bucket/wire HTTP/1.1\r\nHost: " + s3.host() + "\r\n");
        h.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("Content-Length: 100\r\nConnection: close\r\n\r\nonly a few bytes");
        String answer = s3.socket(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(answer.startsWith("HTTP/1.1 200"), answer);
        assertError(s3.send("GET", "/bucket/wire"), 404, "NoSuchKey");
        StringBuilder missing = new StringBuilder("PUT /bucket/wire HTTP/1.1\r\nHost: " + s3.host() + "\r\n");
        h.forEach((k, v) -> missing.append(k).append(": ").append(v).append("\r\n"));
        missing.append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        String noLength = s3.socket(missing.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(noLength.startsWith("HTTP/1.1 411"), noLength);
        assertTrue(noLength.contains("<Code>MissingContentLength</Code>"), noLength);
    }

    @Test
    void virtualHostStyle() throws Exception {
        try (TestServer vh = new TestServer("s3.test")) {
            assertEquals(200, vh.send("PUT", "/vbucket").statusCode());
            vh.send("PUT", "/vbucket/obj", bytes("vhost"), Map.of());
            String host = "vbucket.s3.test:" + vh.port;
            Instant now = Instant.now();
            String amzDate = Encoding.amzDate(now);
            String scope = amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request";
            String canonical = SigV4.canonicalRequest("GET", "/obj", "", "host:" + host + "\nx-amz-content-sha256:"
                    + SigV4.UNSIGNED_PAYLOAD + "\nx-amz-date:" + amzDate + "\n", "host;x-amz-content-sha256;x-amz-date",
                    SigV4.UNSIGNED_PAYLOAD);
            String sig = SigV4.sign(SigV4.signingKey(TestServer.SECRET, amzDate.substring(0, 8), "us-east-1", "s3"),
                    SigV4.stringToSign(amzDate, scope, canonical));
            String req = "GET /obj HTTP/1.1\r\nHost: " + host + "\r\nx-amz-date: " + amzDate
                    + "\r\nx-amz-content-sha256: " + SigV4.UNSIGNED_PAYLOAD + "\r\nAuthorization: AWS4-HMAC-SHA256"
                    + " Credential=" + TestServer.ACCESS + "/" + scope + ", SignedHeaders=host;x-amz-content-sha256;"
                    + "x-amz-date, Signature=" + sig + "\r\nConnection: close\r\n\r\n";
            String answer = vh.socket(req.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("vhost"), answer);
        }
    }

    @Test
    void limitsAndMalformedBodies() throws Exception {
        StringBuilder many = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) {
            many.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        byte[] tooMany = bytes(many.append("</Delete>").toString());
        assertError(s3.send("POST", "/bucket?delete", tooMany, Map.of("content-md5",
                Base64.getEncoder().encodeToString(FakeStore.md5(tooMany)))), 400, "MalformedXML");
        byte[] huge = new byte[(2 << 20) + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertError(s3.send("PUT", "/bucket/k?tagging", huge, Map.of()), 400, "MaxMessageLengthExceeded");
        assertError(s3.send("PUT", "/bucket/meta", bytes("x"), Map.of("x-amz-meta-big", "v".repeat(3000))), 400,
                "MetadataTooLarge");
        assertError(s3.send("PUT", "/bucket/sc", bytes("x"), Map.of("x-amz-storage-class", "GLACIER")), 400,
                "InvalidStorageClass");
        assertError(s3.send("PUT", "/bucket/sc", bytes("x"), Map.of("x-amz-checksum-crc32", "AAAAAA==",
                "x-amz-checksum-sha1", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")), 400, "InvalidRequest");
        Map<String, String> chunked = new HashMap<>();
        chunked.put("x-amz-decoded-content-length", "5");
        chunked.put("x-amz-trailer", "x-amz-checksum-crc32");
        assertError(s3.sendSigned("PUT", "/bucket/framing", bytes("zz\r\nhello\r\n0\r\n\r\n"), chunked,
                SigV4.STREAMING_UNSIGNED_TRAILER), 400, "IncompleteBody");
        assertError(s3.sendSigned("PUT", "/bucket/framing", bytes("5\r\nhello\r\n0\r\n"
                + "x-amz-checksum-crc32:AAAAAA==\r\n\r\n"), chunked, SigV4.STREAMING_UNSIGNED_TRAILER), 400,
                "BadDigest");
        chunked.put("x-amz-trailer", "x-amz-meta-trailing");
        assertError(s3.sendSigned("PUT", "/bucket/framing", bytes("5\r\nhello\r\n0\r\n"
                + "x-amz-meta-trailing:v\r\n\r\n"), chunked, SigV4.STREAMING_UNSIGNED_TRAILER), 400,
                "InvalidRequest");
        assertError(s3.send("GET", "/bucket/framing"), 404, "NoSuchKey");
        assertError(s3.send("PATCH", "/bucket/x", bytes("x"), Map.of()), 405, "MethodNotAllowed");
        String badEscape = s3.socket(("GET /bucket?prefix=%zz HTTP/1.1\r\nHost: " + s3.host()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(badEscape.startsWith("HTTP/1.1 400") && badEscape.contains("<Code>InvalidArgument</Code>"),
                badEscape);
    }

    @Test
    void nonAsciiMetadataIsSignedStoredAndReturnedAsUtf8() throws Exception {
        String value = "caf\u00e9 \u4e2d";
        Map<String, String> h = s3.sign("PUT", "/bucket/m", null, Map.of("x-amz-meta-name", value),
                SigV4.UNSIGNED_PAYLOAD, Instant.now());
        h.remove("x-seed-signature");
        StringBuilder put = new StringBuilder("PUT /bucket/m HTTP/1.1\r\nHost: " + s3.host() + "\r\n");
        h.forEach((k, v) -> put.append(k).append(": ").append(v).append("\r\n"));
        put.append("Content-Length: 1\r\nConnection: close\r\n\r\nx");
        String answer = s3.socket(put.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        Map<String, String> g = s3.sign("GET", "/bucket/m", null, Map.of(), SigV4.EMPTY_SHA256, Instant.now());
        g.remove("x-seed-signature");
        StringBuilder get = new StringBuilder("GET /bucket/m HTTP/1.1\r\nHost: " + s3.host() + "\r\n");
        g.forEach((k, v) -> get.append(k).append(": ").append(v).append("\r\n"));
        get.append("Connection: close\r\n\r\n");
        byte[] response = s3.socket(get.toString().getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(new String(response, StandardCharsets.UTF_8).contains("x-amz-meta-name: " + value));
    }
}
