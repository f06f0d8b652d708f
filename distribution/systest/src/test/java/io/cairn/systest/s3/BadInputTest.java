/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static io.cairn.systest.s3.S3Assertions.assertErrorXml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.systest.harness.RawHttp;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.harness.SigV4;

/**
 * Requests no SDK would send, over raw sockets and signed by the test's own SigV4 signer: each must get its S3
 * error (XML with Code, Message, Resource and RequestId, and an {@code x-amz-request-id} header), the server must
 * keep serving, nothing may be written outside the drives and nothing half-written may become visible.
 */
@ExtendWith(SharedS3Server.class)
class BadInputTest {

    private static S3Server server;
    private static String bucket;

    @BeforeAll
    static void bucket(S3Server shared) throws IOException {
        server = shared;
        bucket = S3Server.bucketName("bad");
        assertEquals(200, send(server.signer(), "PUT", "/" + bucket, Map.of(), Map.of(), new byte[0],
                Instant.now()).status());
    }

    private static RawHttp.Response send(SigV4 signer, String method, String path, Map<String, String> query,
            Map<String, String> extra, byte[] body, Instant time) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", server.host());
        headers.putAll(extra);
        signer.sign(method, path, query, headers, SigV4.sha256Hex(body), time);
        String q = SigV4.canonicalQuery(query);
        return RawHttp.send(server.port(), method, q.isEmpty() ? path : path + "?" + q, headers, body);
    }

    private static RawHttp.Response signed(String method, String path, Map<String, String> query, byte[] body)
            throws IOException {
        return send(server.signer(), method, path, query, Map.of(), body, Instant.now());
    }

    private static RawHttp.Response head(String key) throws IOException {
        return signed("HEAD", "/" + bucket + "/" + key, Map.of(), new byte[0]);
    }

    private static void assertInvisible(String key) throws IOException {
        assertEquals(404, head(key).status(), () -> key + " must not be visible");
    }

    private static void assertStillServing() throws IOException {
        RawHttp.Response list = signed("GET", "/" + bucket, Map.of("list-type", "2"), new byte[0]);
        assertEquals(200, list.status(), list::toString);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String md5Base64(byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void wrongSignatureUnknownKeyAnonymousAndSkewedClock() throws Exception {
        String path = "/" + bucket + "/auth";
        SigV4 wrongSecret = new SigV4(S3Server.ACCESS_KEY, "not-the-secret", S3Server.REGION);
        assertErrorXml(send(wrongSecret, "PUT", path, Map.of(), Map.of(), bytes("x"), Instant.now()), 403,
                "SignatureDoesNotMatch");
        SigV4 unknown = new SigV4("NOSUCHACCESSKEY", S3Server.SECRET_KEY, S3Server.REGION);
        assertErrorXml(send(unknown, "GET", "/" + bucket, Map.of(), Map.of(), new byte[0], Instant.now()), 403,
                "InvalidAccessKeyId");
        assertErrorXml(RawHttp.send(server.port(), "GET", path, Map.of("host", server.host()), new byte[0]), 403,
                "AccessDenied");
        assertErrorXml(RawHttp.send(server.port(), "PUT", path, Map.of("host", server.host()), bytes("anon")), 403,
                "AccessDenied");
        assertErrorXml(RawHttp.send(server.port(), "GET", "/", Map.of("host", server.host()), new byte[0]), 403,
                "AccessDenied");
        assertErrorXml(send(server.signer(), "PUT", path, Map.of(), Map.of(), bytes("late"),
                Instant.now().minus(Duration.ofMinutes(20))), 403, "RequestTimeTooSkewed");
        assertErrorXml(send(server.signer(), "PUT", path, Map.of(), Map.of(), bytes("early"),
                Instant.now().plus(Duration.ofMinutes(20))), 403, "RequestTimeTooSkewed");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", server.host());
        server.signer().sign("PUT", path, Map.of(), headers, SigV4.sha256Hex(bytes("claimed")), Instant.now());
        assertErrorXml(RawHttp.send(server.port(), "PUT", path, headers, bytes("different")), 400,
                "XAmzContentSHA256Mismatch", "BadDigest");
        assertInvisible("auth");
    }

    @Test
    void oversizedHeadersAreRefusedAndTheServerKeepsServing() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", server.host());
        headers.put("x-amz-meta-huge", "h".repeat(64 * 1024));
        RawHttp.Response huge = RawHttp.send(server.port(), "GET", "/" + bucket + "/x", headers, new byte[0]);
        assertTrue(huge.status() == 431 || huge.status() == 400, huge::toString);
        Map<String, String> many = new LinkedHashMap<>();
        many.put("host", server.host());
        for (int i = 0; i < 2000; i++) {
            many.put("x-amz-meta-h" + i, "value-" + i);
        }
        RawHttp.Response manyHeaders = RawHttp.send(server.port(), "GET", "/" + bucket + "/x", many, new byte[0]);
        assertTrue(manyHeaders.status() == 431 || manyHeaders.status() == 400, manyHeaders::toString);
        assertStillServing();
    }

    /** Requests Jetty refuses while parsing them get S3 error XML whatever their method, not an empty 400. */
    @Test
    void ambiguousFramingIsRefusedWithErrorXml() throws Exception {
        String target = "/" + bucket + "/framing";
        List<String> heads = List.of(
                "PUT " + target + " HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                "PUT " + target + " HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
                "PUT " + target + " HTTP/1.1\r\nHost: h\r\nContent-Length: three\r\n\r\n",
                "DELETE " + target + " HTTP/1.1\r\nHost: h\r\nBroken header line\r\n\r\n",
                "CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n");
        for (String head : heads) {
            RawHttp.Response answer = RawHttp.exchange(server.port(), List.of(head.getBytes(StandardCharsets.US_ASCII),
                    bytes("abc")), false, Duration.ofSeconds(30));
            assertErrorXml(answer, 400, "BadRequest");
        }
        assertInvisible("framing");
        assertStillServing();
    }

    /**
     * An HTTP version Jetty does not serve is refused before any handler runs, with 505 and S3 error XML naming
     * {@code NotImplemented}; it used to name {@code InternalError}, a server fault that clients retry.
     */
    @Test
    void unsupportedHttpVersionsAreNotImplemented() throws Exception {
        for (String version : List.of("HTTP/3.0", "HTTP/1.2", "HTTP/0.9")) {
            String head = "GET /" + bucket + "/x " + version + "\r\nHost: h\r\n\r\n";
            RawHttp.Response answer = RawHttp.exchange(server.port(), List.of(head.getBytes(StandardCharsets.US_ASCII)),
                    false, Duration.ofSeconds(30));
            assertErrorXml(answer, 505, "NotImplemented");
        }
        assertStillServing();
    }

    @Test
    void malformedXmlAndTooManyKeys() throws Exception {
        byte[] broken = bytes("<Delete><Object><Key>a</Key></Object>");
        RawHttp.Response delete = send(server.signer(), "POST", "/" + bucket, Map.of("delete", ""),
                Map.of("content-md5", md5Base64(broken)), broken, Instant.now());
        assertErrorXml(delete, 400, "MalformedXML");
        StringBuilder thousandAndOne = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) {
            thousandAndOne.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        byte[] tooMany = bytes(thousandAndOne.append("</Delete>").toString());
        assertErrorXml(send(server.signer(), "POST", "/" + bucket, Map.of("delete", ""),
                Map.of("content-md5", md5Base64(tooMany)), tooMany, Instant.now()), 400, "MalformedXML",
                "InvalidRequest");
        byte[] notXml = bytes("this is not xml at all");
        assertErrorXml(send(server.signer(), "POST", "/" + bucket, Map.of("delete", ""),
                Map.of("content-md5", md5Base64(notXml)), notXml, Instant.now()), 400, "MalformedXML");

        RawHttp.Response created = signed("POST", "/" + bucket + "/mpu-xml", Map.of("uploads", ""), new byte[0]);
        assertEquals(200, created.status(), created::toString);
        Matcher id = Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(created.text());
        assertTrue(id.find(), created::toString);
        byte[] badComplete = bytes("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>");
        assertErrorXml(signed("POST", "/" + bucket + "/mpu-xml", Map.of("uploadId", id.group(1)), badComplete), 400,
                "MalformedXML");
        assertInvisible("mpu-xml");
        assertStillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Upper-Case", "a..b", "192.168.5.4", "-leading", "trailing-", "under_score",
        "dot.-dash", "a-name-of-sixty-four-characters-is-one-more-than-s3-allows-here1"})
    void invalidBucketNames(String name) throws Exception {
        assertErrorXml(signed("PUT", "/" + name, Map.of(), new byte[0]), 400, "InvalidBucketName");
    }

    @Test
    void theBucketNamedMinioBelongsToTheNodesEndpoints() throws Exception {
        assertErrorXml(signed("PUT", "/minio", Map.of(), new byte[0]), 403, "AllAccessDisabled");
        assertErrorXml(signed("PUT", "/minio/health/live", Map.of(), bytes("shadow")), 403, "AllAccessDisabled");
        assertErrorXml(signed("PUT", "/minio/v2/metrics/cluster", Map.of(), bytes("shadow")), 403,
                "AllAccessDisabled");
        assertEquals(200, RawHttp.send(server.port(), "GET", "/minio/health/live", Map.of("host", server.host()),
                new byte[0]).status(), "the health endpoint still answers");
    }

    @Test
    void keysLongerThan1024BytesAreRefused() throws Exception {
        String segment = "s".repeat(127);
        String longest = String.join("/", segment, segment, segment, segment, segment, segment, segment, segment);
        assertEquals(1023, longest.length());
        String exactly1024 = longest + "k";
        RawHttp.Response ok = signed("PUT", "/" + bucket + "/" + exactly1024, Map.of(), bytes("long key"));
        assertEquals(200, ok.status(), ok::toString);
        assertErrorXml(signed("PUT", "/" + bucket + "/" + exactly1024 + "x", Map.of(), bytes("too long")), 400,
                "KeyTooLongError");
        String multiByte = "é".repeat(513);
        assertErrorXml(signed("PUT", "/" + bucket + "/" + SigV4.uriEncode(multiByte, false), Map.of(),
                bytes("1026 bytes")), 400, "KeyTooLongError");
    }

    @Test
    void keySegmentsLongerThanAFileNameAreKeyTooLong() throws Exception {
        String longest = "seg/" + "x".repeat(255);
        assertEquals(200, signed("PUT", "/" + bucket + "/" + longest, Map.of(), bytes("255")).status());
        assertEquals("255", signed("GET", "/" + bucket + "/" + longest, Map.of(), new byte[0]).text());
        for (String key : List.of("seg/" + "x".repeat(256), "y".repeat(300) + "/z",
                SigV4.uriEncode("é".repeat(128), false))) {
            String path = "/" + bucket + "/" + key;
            assertErrorXml(signed("PUT", path, Map.of(), bytes("long segment")), 400, "KeyTooLongError");
            assertErrorXml(signed("GET", path, Map.of(), new byte[0]), 400, "KeyTooLongError");
            assertEquals(400, signed("HEAD", path, Map.of(), new byte[0]).status());
            assertErrorXml(signed("DELETE", path, Map.of(), new byte[0]), 400, "KeyTooLongError");
            assertErrorXml(signed("POST", path, Map.of("uploads", ""), new byte[0]), 400, "KeyTooLongError");
        }
        // A multipart upload's record adds two bytes to the key's last segment.
        assertErrorXml(signed("POST", "/" + bucket + "/" + longest, Map.of("uploads", ""), new byte[0]), 400,
                "KeyTooLongError");
        assertErrorXml(signed("PUT", "/" + bucket + "/" + longest, Map.of("partNumber", "1", "uploadId",
                "0.01234567-89ab-7def-8123-456789abcdef"), bytes("part")), 404, "NoSuchUpload");
        byte[] delete = bytes("<Delete><Object><Key>" + "q".repeat(256) + "</Key></Object></Delete>");
        RawHttp.Response multi = send(server.signer(), "POST", "/" + bucket, Map.of("delete", ""),
                Map.of("content-md5", md5Base64(delete)), delete, Instant.now());
        assertEquals(200, multi.status(), multi::toString);
        assertTrue(multi.text().contains("<Code>KeyTooLongError</Code>"), multi::toString);
        assertStillServing();
    }

    /** Key parts named like the engine's own files on the drives are refused, so no key can stand in for one. */
    @Test
    void keysNamingTheEnginesOwnFilesAreRefused() throws Exception {
        for (String key : List.of("__cairn.meta", "dir/__cairn.volume", "__cairn.d.x/part.1", "a/__cairn.dirmeta")) {
            String path = "/" + bucket + "/" + key;
            assertErrorXml(signed("PUT", path, Map.of(), bytes("shadow")), 400, "XMinioInvalidObjectName");
            assertErrorXml(signed("GET", path, Map.of(), new byte[0]), 400, "XMinioInvalidObjectName");
            assertErrorXml(signed("POST", path, Map.of("uploads", ""), new byte[0]), 400, "XMinioInvalidObjectName");
        }
        assertStillServing();
    }

    /** A listing prefix is only a filter: one that climbs out of the bucket ("../") matches nothing. */
    @Test
    void listingPrefixesNeverLeaveTheBucket() throws Exception {
        String other = S3Server.bucketName("other");
        assertEquals(200, signed("PUT", "/" + other, Map.of(), new byte[0]).status());
        assertEquals(200, signed("PUT", "/" + other + "/secret/key", Map.of(), bytes("secret")).status());
        assertEquals(200, signed("PUT", "/" + bucket + "/listed/key", Map.of(), bytes("mine")).status());
        for (String prefix : List.of("../", "../" + other + "/", "../" + other + "/secret/", "../../",
                "../../../../../../../../", "listed/../", "./", "listed/./", "/", "//", "x".repeat(256) + "/")) {
            for (Map<String, String> query : List.of(Map.of("list-type", "2", "prefix", prefix),
                    Map.of("list-type", "2", "prefix", prefix, "delimiter", "/"),
                    Map.of("prefix", prefix, "delimiter", "/"))) {
                RawHttp.Response list = signed("GET", "/" + bucket, query, new byte[0]);
                assertEquals(200, list.status(), list::toString);
                assertFalse(list.text().contains("<Contents>") || list.text().contains("<CommonPrefixes>"),
                        () -> query + " listed " + list.text());
            }
        }
        RawHttp.Response mine = signed("GET", "/" + bucket, Map.of("list-type", "2", "prefix", "listed/"),
                new byte[0]);
        assertTrue(mine.text().contains("<Key>listed/key</Key>"), mine::toString);
    }

    /**
     * What a traversal could have touched: everything in the node's directory except its drives, the names in the
     * directory of all test runs, and every file anywhere below it whose name carries the traversal marker but that
     * lies outside this node's drives.
     */
    private static Set<String> outsideDrives(Path work) throws IOException {
        Set<Path> drives = Set.copyOf(server.drives());
        Set<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(server.dir())) {
            walk.filter(p -> drives.stream().noneMatch(p::startsWith)).forEach(p -> names.add(work.relativize(p)
                    .toString()));
        }
        try (Stream<Path> top = Files.list(work)) {
            top.forEach(p -> names.add(work.relativize(p).toString()));
        }
        try (Stream<Path> walk = Files.walk(work)) {
            walk.filter(p -> p.getFileName().toString().contains("cairn-traversal"))
                    .filter(p -> drives.stream().noneMatch(p::startsWith))
                    .forEach(p -> names.add("MARKER OUTSIDE THE DRIVES: " + work.relativize(p)));
        }
        return names;
    }

    private static final List<String> TRAVERSAL_KEYS = List.of("../../etc/cairn-traversal-passwd",
            "a/../../cairn-traversal-b", "%2e%2e/cairn-traversal-x", "..%2F..%2F..%2Fcairn-traversal-y",
            "%2E%2E%2F%2E%2E%2Fcairn-traversal-z", "/cairn-traversal-abs", "..\\..\\cairn-traversal-w",
            "./cairn-traversal-dot");

    /**
     * PUTs every traversal key (raw in the request line, as signed) and returns the PUT answers by key. A key the
     * server accepted must read back as written.
     */
    private static Map<String, RawHttp.Response> putTraversalKeys() throws IOException {
        Map<String, RawHttp.Response> answers = new LinkedHashMap<>();
        for (String raw : TRAVERSAL_KEYS) {
            String path = "/" + bucket + "/" + raw;
            byte[] body = bytes("traversal " + raw);
            RawHttp.Response put = signed("PUT", path, Map.of(), body);
            answers.put(raw, put);
            if (put.status() == 200) {
                RawHttp.Response get = signed("GET", path, Map.of(), new byte[0]);
                assertEquals(200, get.status(), () -> raw + " was accepted, so it reads back: " + get);
                assertArrayEquals(body, get.body(), raw);
            } else {
                assertTrue(put.status() >= 400 && put.status() < 500, () -> raw + ": " + put);
            }
        }
        return answers;
    }

    @Test
    void traversalKeysNeverLeaveTheDrives() throws Exception {
        Path work = server.dir().getParent();
        Set<String> before = outsideDrives(work);
        putTraversalKeys();
        RawHttp.Response passwd = signed("GET", "/" + bucket + "/../../../../../../etc/passwd", Map.of(),
                new byte[0]);
        assertFalse(passwd.text().contains("root:"), passwd::toString);
        Set<String> after = outsideDrives(work);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        assertEquals(Set.of(), added, "files appeared outside the drive directories");
        assertEquals(Set.of(), removed, "files vanished outside the drive directories");
        RawHttp.Response listing = signed("GET", "/", Map.of(), new byte[0]);
        Set<String> buckets = new TreeSet<>();
        Matcher bucketName = Pattern.compile("<Name>([^<]+)</Name>").matcher(listing.text());
        while (bucketName.find()) {
            buckets.add(bucketName.group(1));
        }
        for (Path drive : server.drives()) {
            try (Stream<Path> top = Files.list(drive)) {
                top.forEach(entry -> {
                    String name = entry.getFileName().toString();
                    assertTrue(name.startsWith(".") || buckets.contains(name),
                            () -> "a drive's top level holds only buckets and Cairn's own entries; "
                                    + drive + " has " + name);
                });
            }
        }
        assertStillServing();
    }

    // "PUT /bucket/../../etc/x" is refused by Jetty before the S3 handler runs; the node's error handler must
    // still answer with complete S3 error XML and a request id.
    @Test
    void refusedTraversalKeysGetS3ErrorXml() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, RawHttp.Response> answer : putTraversalKeys().entrySet()) {
            RawHttp.Response put = answer.getValue();
            if (put.status() != 200) {
                try {
                    assertErrorXml(put, put.status(), S3Assertions.errorFields(put).get("Code"));
                } catch (AssertionError e) {
                    problems.add(answer.getKey() + " -> " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems, "refused keys answered without S3 error XML");
    }

    /** A response-* override that HTTP/1 cannot carry is refused rather than sent mangled, as S3 does. */
    @Test
    void responseOverridesOutsideLatin1AreInvalidArgument() throws Exception {
        String path = "/" + bucket + "/override";
        assertEquals(200, signed("PUT", path, Map.of(), bytes("data")).status());
        String value = "attachment; filename=\"t\u00e9\u20ac\u4e2d.txt\"";
        Map<String, String> fields = assertErrorXml(signed("GET", path, Map.of("response-content-disposition",
                value), new byte[0]), 400, "InvalidArgument");
        assertEquals("Header value cannot be represented using ISO-8859-1.", fields.get("Message"));
        assertEquals("response-content-disposition", fields.get("ArgumentName"));
        assertEquals(value, fields.get("ArgumentValue"));
        assertEquals(400, signed("HEAD", path, Map.of("response-content-disposition", value), new byte[0]).status());
        String latin1 = "attachment; filename=\"caf\u00e9.txt\"";
        RawHttp.Response ok = signed("GET", path, Map.of("response-content-disposition", latin1), new byte[0]);
        assertEquals(200, ok.status(), ok::toString);
        assertEquals(latin1, ok.header("content-disposition"));
    }

    /** An empty span has no valid Content-Range ({@code bytes 0--1/0}): part 1 of an empty object is all of it. */
    @Test
    void partNumberOfAnEmptyObjectIsAnsweredWhole() throws Exception {
        String path = "/" + bucket + "/empty";
        assertEquals(200, signed("PUT", path, Map.of(), new byte[0]).status());
        for (String method : List.of("GET", "HEAD")) {
            RawHttp.Response r = signed(method, path, Map.of("partNumber", "1"), new byte[0]);
            assertEquals(200, r.status(), r::toString);
            assertNull(r.header("content-range"), r::toString);
            assertEquals("0", r.header("content-length"), r::toString);
        }
    }

    /** RFC 7231 dates in all three formats are honoured; a Range header of invalid syntax is ignored. */
    @Test
    void httpDateFormatsAndInvalidRangeSyntax() throws Exception {
        String path = "/" + bucket + "/dated";
        assertEquals(200, signed("PUT", path, Map.of(), bytes("0123456789")).status());
        for (String date : List.of("Wed, 06 Dec 2000 22:45:54 GMT", "Wednesday, 06-Dec-00 22:45:54 GMT",
                "Wed Dec  6 22:45:54 2000")) {
            assertErrorXml(send(server.signer(), "GET", path, Map.of(), Map.of("if-unmodified-since", date),
                    new byte[0], Instant.now()), 412, "PreconditionFailed");
        }
        for (String range : List.of("bytes=0--1", "bytes=+1-2", "bytes=1-+2", "bytes=-+3")) {
            RawHttp.Response r = send(server.signer(), "GET", path, Map.of(), Map.of("range", range), new byte[0],
                    Instant.now());
            assertEquals(200, r.status(), () -> range + ": " + r);
            assertNull(r.header("content-range"), () -> range + ": " + r);
            assertEquals("0123456789", r.text(), range);
        }
    }

    @Test
    void truncatedBodyLeavesNothingVisible() throws Exception {
        String path = "/" + bucket + "/truncated";
        byte[] full = new SeededContent(61, 200_000).bytes();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", server.host());
        server.signer().sign("PUT", path, Map.of(), headers, "UNSIGNED-PAYLOAD", Instant.now());
        headers.put("content-length", Integer.toString(full.length));
        RawHttp.Response response = RawHttp.exchange(server.port(), List.of(RawHttp.head("PUT", path, headers),
                java.util.Arrays.copyOf(full, 70_000)), true, Duration.ofSeconds(30));
        assertTrue(response.status() == -1 || response.status() == 400, response::toString);
        if (response.status() == 400) {
            assertErrorXml(response, 400, "IncompleteBody", "BadRequest");
        }
        assertInvisible("truncated");
        assertStillServing();
    }

    @Test
    void wrongContentMd5IsBadDigestAndLeavesNothing() throws Exception {
        byte[] body = bytes("the body");
        RawHttp.Response wrong = send(server.signer(), "PUT", "/" + bucket + "/md5", Map.of(),
                Map.of("content-md5", md5Base64(bytes("another body"))), body, Instant.now());
        assertErrorXml(wrong, 400, "BadDigest");
        RawHttp.Response invalid = send(server.signer(), "PUT", "/" + bucket + "/md5", Map.of(),
                Map.of("content-md5", "not-base64-md5"), body, Instant.now());
        assertErrorXml(invalid, 400, "InvalidDigest");
        assertInvisible("md5");
        RawHttp.Response right = send(server.signer(), "PUT", "/" + bucket + "/md5", Map.of(),
                Map.of("content-md5", md5Base64(body)), body, Instant.now());
        assertEquals(200, right.status(), right::toString);
    }

    /** Builds a {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} request and sends it with a chunk framing of choice. */
    private static RawHttp.Response chunked(String key, List<byte[]> chunks, long decodedLength,
            ChunkMutator mutator) throws IOException {
        String path = "/" + bucket + "/" + key;
        Instant now = Instant.now();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", server.host());
        headers.put("content-encoding", "aws-chunked");
        headers.put("x-amz-decoded-content-length", Long.toString(decodedLength));
        List<byte[]> all = new ArrayList<>(chunks);
        all.add(new byte[0]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // The content length is signed, so the framing is built twice: once to measure, once to sign and send.
        String seed = "";
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                headers.put("content-length", Integer.toString(body.size()));
                headers.remove("authorization");
                seed = server.signer().sign("PUT", path, Map.of(), headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                        now);
                body.reset();
            }
            String previous = seed;
            for (int i = 0; i < all.size(); i++) {
                String signature = server.signer().chunkSignature(now, previous, all.get(i));
                previous = signature;
                byte[] frame = mutator.frame(i, all.get(i), signature);
                body.write(frame, 0, frame.length);
            }
        }
        return RawHttp.exchange(server.port(), List.of(RawHttp.head("PUT", path, headers), body.toByteArray()),
                false, Duration.ofSeconds(30));
    }

    /** Produces the bytes of one chunk, possibly broken. */
    private interface ChunkMutator {
        byte[] frame(int index, byte[] data, String signature);
    }

    private static byte[] frame(byte[] data, String sizeField, String signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(sizeField + ";chunk-signature=" + signature + "\r\n"));
        out.writeBytes(data);
        out.writeBytes(bytes("\r\n"));
        return out.toByteArray();
    }

    private static final ChunkMutator VALID = (i, data, signature) -> frame(data, Integer.toHexString(data.length),
            signature);

    @Test
    void awsChunkedUploadsWithBrokenFramingAreRefused() throws Exception {
        SeededContent content = new SeededContent(62, 150_000);
        List<byte[]> chunks = List.of(content.bytes(0, 65_536), content.bytes(65_536, 65_536),
                content.bytes(131_072, 150_000 - 131_072));
        RawHttp.Response valid = chunked("chunked/valid", chunks, 150_000, VALID);
        assertEquals(200, valid.status(), valid::toString);
        assertArrayEquals(content.bytes(), signed("GET", "/" + bucket + "/chunked/valid", Map.of(), new byte[0])
                .body(), "a correctly framed upload stores the decoded bytes");

        RawHttp.Response badSignature = chunked("chunked/bad-signature", chunks, 150_000, (i, data, signature) ->
                frame(data, Integer.toHexString(data.length), i == 1 ? "0".repeat(64) : signature));
        assertErrorXml(badSignature, 403, "SignatureDoesNotMatch");
        assertInvisible("chunked/bad-signature");

        RawHttp.Response badSize = chunked("chunked/bad-size", chunks, 150_000, (i, data, signature) ->
                frame(data, i == 1 ? "zz" : Integer.toHexString(data.length), signature));
        assertTrue(badSize.status() >= 400 && badSize.status() < 500, badSize::toString);
        S3Assertions.errorFields(badSize);
        assertInvisible("chunked/bad-size");

        RawHttp.Response shortChunk = chunked("chunked/short", chunks, 150_000, (i, data, signature) ->
                frame(i == 0 ? java.util.Arrays.copyOf(data, 1000) : data, Integer.toHexString(data.length),
                        signature));
        assertTrue(shortChunk.status() == -1 || (shortChunk.status() >= 400 && shortChunk.status() < 500),
                shortChunk::toString);
        assertInvisible("chunked/short");

        RawHttp.Response wrongDecoded = chunked("chunked/decoded", chunks, 150_001, VALID);
        assertTrue(wrongDecoded.status() >= 400 && wrongDecoded.status() < 500, wrongDecoded::toString);
        S3Assertions.errorFields(wrongDecoded);
        assertInvisible("chunked/decoded");
        assertStillServing();
    }

    private static RawHttp.Response unsignedTrailer(String key, byte[] data, String crc32) throws IOException {
        String path = "/" + bucket + "/" + key;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(Integer.toHexString(data.length) + "\r\n"));
        body.writeBytes(data);
        body.writeBytes(bytes("\r\n0\r\nx-amz-checksum-crc32:" + crc32 + "\r\n\r\n"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", server.host());
        headers.put("content-encoding", "aws-chunked");
        headers.put("x-amz-decoded-content-length", Integer.toString(data.length));
        headers.put("x-amz-trailer", "x-amz-checksum-crc32");
        headers.put("x-amz-sdk-checksum-algorithm", "CRC32");
        headers.put("content-length", Integer.toString(body.size()));
        server.signer().sign("PUT", path, Map.of(), headers, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", Instant.now());
        return RawHttp.exchange(server.port(), List.of(RawHttp.head("PUT", path, headers), body.toByteArray()), false,
                Duration.ofSeconds(30));
    }

    @Test
    void trailingChecksumMismatchIsRefused() throws Exception {
        byte[] data = new SeededContent(63, 40_000).bytes();
        CRC32 crc = new CRC32();
        crc.update(data);
        String right = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        RawHttp.Response ok = unsignedTrailer("trailer/ok", data, right);
        assertEquals(200, ok.status(), ok::toString);
        RawHttp.Response wrong = unsignedTrailer("trailer/wrong", data, "AAAAAA==");
        assertErrorXml(wrong, 400, "BadDigest", "XAmzContentChecksumMismatch", "InvalidRequest");
        assertInvisible("trailer/wrong");
    }

    @Test
    void conditionalDeletesOverRawHttp() throws Exception {
        byte[] data = bytes("guarded");
        assertEquals(200, signed("PUT", "/" + bucket + "/guarded", Map.of(), data).status());
        String etag = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        assertErrorXml(send(server.signer(), "DELETE", "/" + bucket + "/guarded", Map.of(),
                Map.of("x-amz-if-match-last-modified-time", "Wed, 01 Jan 2025 00:00:00 GMT"), new byte[0],
                Instant.now()), 501, "NotImplemented");
        byte[] sized = bytes("<Delete><Object><Key>guarded</Key><Size>7</Size></Object></Delete>");
        assertErrorXml(send(server.signer(), "POST", "/" + bucket, Map.of("delete", ""),
                Map.of("content-md5", md5Base64(sized)), sized, Instant.now()), 501, "NotImplemented");
        assertEquals(200, head("guarded").status());
        RawHttp.Response unquoted = send(server.signer(), "DELETE", "/" + bucket + "/guarded", Map.of(),
                Map.of("if-match", etag), new byte[0], Instant.now());
        assertEquals(204, unquoted.status(), unquoted::toString);
        assertInvisible("guarded");
    }

    @Test
    void conditionalETagListsAndWeakTagsOverRawHttp() throws Exception {
        // RFC 9110 13.1: any listed tag may match; If-Match compares strongly, If-None-Match weakly.
        byte[] data = bytes("listed");
        assertEquals(200, signed("PUT", "/" + bucket + "/listed", Map.of(), data).status());
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"";
        String path = "/" + bucket + "/listed";
        assertEquals(200, conditional("GET", path, Map.of("if-match", "\"0000\", " + etag)).status());
        assertEquals(200, conditional("HEAD", path, Map.of("if-match", "\"0000\", *")).status());
        assertErrorXml(conditional("GET", path, Map.of("if-match", "W/" + etag)), 412, "PreconditionFailed");
        assertEquals(304, conditional("GET", path, Map.of("if-none-match", "\"0000\", W/" + etag)).status());
        assertEquals(304, conditional("HEAD", path, Map.of("if-none-match", "W/" + etag)).status());
        assertEquals(200, conditional("GET", path, Map.of("if-none-match", "\"0000\", W/\"1111\"")).status());
        RawHttp.Response copied = conditional("PUT", path + "-copy", Map.of("x-amz-copy-source", path,
                "x-amz-copy-source-if-match", "\"0000\", " + etag));
        assertEquals(200, copied.status(), copied::toString);
        assertErrorXml(conditional("PUT", path + "-copy", Map.of("x-amz-copy-source", path,
                "x-amz-copy-source-if-none-match", "W/\"0000\", W/" + etag)), 412, "PreconditionFailed");
        Matcher id = Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(signed("POST", path + "-mpu",
                Map.of("uploads", ""), new byte[0]).text());
        assertTrue(id.find());
        RawHttp.Response partCopy = send(server.signer(), "PUT", path + "-mpu", Map.of("partNumber", "1",
                "uploadId", id.group(1)), Map.of("x-amz-copy-source", path, "x-amz-copy-source-if-match",
                "\"0000\"," + etag), new byte[0], Instant.now());
        assertEquals(200, partCopy.status(), partCopy::toString);
        assertErrorXml(send(server.signer(), "PUT", path + "-mpu", Map.of("partNumber", "2", "uploadId", id.group(1)),
                Map.of("x-amz-copy-source", path, "x-amz-copy-source-if-match", "\"0000\", W/" + etag),
                new byte[0], Instant.now()), 412, "PreconditionFailed");
        assertEquals(200, send(server.signer(), "PUT", path, Map.of(), Map.of("if-match", "\"0000\", " + etag),
                bytes("replaced"), Instant.now()).status());
    }

    private static RawHttp.Response conditional(String method, String path, Map<String, String> headers)
            throws IOException {
        return send(server.signer(), method, path, Map.of(), headers, new byte[0], Instant.now());
    }

    @Test
    void aPathStartingWithTwoSlashesIsNotTheService() throws Exception {
        // "//bucket/key" names the key "bucket/key" of the empty bucket: slashes are not merged into "/".
        assertEquals(200, signed("PUT", "/" + bucket + "/doubled", Map.of(), bytes("doubled")).status());
        assertErrorXml(signed("GET", "//" + bucket + "/doubled", Map.of(), new byte[0]), 400, "InvalidBucketName");
        assertErrorXml(signed("GET", "//", Map.of(), new byte[0]), 400, "InvalidBucketName");
        RawHttp.Response service = signed("GET", "/", Map.of(), new byte[0]);
        assertEquals(200, service.status(), service::toString);
        assertTrue(service.text().contains("<Name>" + bucket + "</Name>"), service::toString);
    }

    @Test
    void unsupportedSubresourceIsNotImplemented() throws Exception {
        byte[] lifecycle = bytes("<LifecycleConfiguration><Rule><ID>r</ID><Status>Enabled</Status>"
                + "<Filter><Prefix></Prefix></Filter><Expiration><Days>1</Days></Expiration></Rule>"
                + "</LifecycleConfiguration>");
        RawHttp.Response response = send(server.signer(), "PUT", "/" + bucket, Map.of("lifecycle", ""),
                Map.of("content-md5", md5Base64(lifecycle)), lifecycle, Instant.now());
        assertErrorXml(response, 501, "NotImplemented");
        assertStillServing();
    }
}
