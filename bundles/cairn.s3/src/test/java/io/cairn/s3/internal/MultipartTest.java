/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static io.cairn.s3.internal.HandlerTest.tag;
import static io.cairn.s3.internal.HandlerTest.tags;
import static io.cairn.s3.internal.HandlerTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads over HTTP: the ETag rule ({@code md5(md5s)-N}), part size and order rules, ListParts,
 * UploadPartCopy with a range, composite checksums, abort, and reads by part number.
 */
class MultipartTest {

    private TestServer s3;
    private final Random random = new Random(42);

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        s3.send("PUT", "/mpu");
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    private String create(String key, Map<String, String> headers) throws Exception {
        HttpResponse<byte[]> r = s3.send("POST", "/mpu/" + key + "?uploads", null, headers);
        assertEquals(200, r.statusCode(), text(r));
        return tag(r, "UploadId");
    }

    private byte[] random(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static String complete(int[] numbers, String[] etags, String[] checksums) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < numbers.length; i++) {
            xml.append("<Part><PartNumber>").append(numbers[i]).append("</PartNumber><ETag>").append(etags[i])
                    .append("</ETag>");
            if (checksums != null) {
                xml.append("<ChecksumCRC32>").append(checksums[i]).append("</ChecksumCRC32>");
            }
            xml.append("</Part>");
        }
        return xml.append("</CompleteMultipartUpload>").toString();
    }

    @Test
    void uploadCompleteAndReadBack() throws Exception {
        String id = create("big", Map.of("content-type", "application/x-test", "x-amz-meta-m", "v"));
        byte[] one = random(5 << 20);
        byte[] two = random(1000);
        String e1 = s3.send("PUT", "/mpu/big?partNumber=1&uploadId=" + id, one, Map.of()).headers()
                .firstValue("etag").orElseThrow();
        String e2 = s3.send("PUT", "/mpu/big?partNumber=2&uploadId=" + id, two, Map.of()).headers()
                .firstValue("etag").orElseThrow();
        HttpResponse<byte[]> parts = s3.send("GET", "/mpu/big?uploadId=" + id + "&max-parts=1");
        assertEquals("true", tag(parts, "IsTruncated"));
        assertEquals("1", tag(parts, "NextPartNumberMarker"));
        HttpResponse<byte[]> uploads = s3.send("GET", "/mpu?uploads");
        assertEquals(id, tag(uploads, "UploadId"));
        assertError(s3.send("POST", "/mpu/big?uploadId=" + id, complete(new int[] {2, 1},
                new String[] {e2, e1}, null).getBytes(StandardCharsets.UTF_8), Map.of()), 400, "InvalidPartOrder");
        assertError(s3.send("POST", "/mpu/big?uploadId=" + id, complete(new int[] {1, 2},
                new String[] {e1, "\"00\""}, null).getBytes(StandardCharsets.UTF_8), Map.of()), 400, "InvalidPart");
        assertError(s3.send("POST", "/mpu/big?uploadId=" + id, "<CompleteMultipartUpload/>".getBytes(
                StandardCharsets.UTF_8), Map.of()), 400, "MalformedXML");
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/big?uploadId=" + id, complete(new int[] {1, 2},
                new String[] {e1, e2}, null).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, done.statusCode(), text(done));
        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        md5s.writeBytes(FakeStore.md5(one));
        md5s.writeBytes(FakeStore.md5(two));
        String expected = "\"" + HexFormat.of().formatHex(FakeStore.md5(md5s.toByteArray())) + "-2\"";
        assertEquals(expected, tag(done, "ETag").replace("&quot;", "\""));
        HttpResponse<byte[]> get = s3.send("GET", "/mpu/big");
        assertEquals(expected, get.headers().firstValue("etag").orElseThrow());
        assertEquals("v", get.headers().firstValue("x-amz-meta-m").orElseThrow());
        assertEquals((5 << 20) + 1000, get.body().length);
        HttpResponse<byte[]> second = s3.send("GET", "/mpu/big?partNumber=2");
        assertEquals(206, second.statusCode());
        assertArrayEquals(two, second.body());
        assertEquals("2", second.headers().firstValue("x-amz-mp-parts-count").orElseThrow());
        HttpResponse<byte[]> headPart = s3.send("HEAD", "/mpu/big?partNumber=2");
        assertEquals("1000", headPart.headers().firstValue("content-length").orElseThrow());
        assertError(s3.send("GET", "/mpu/big?uploadId=" + id), 404, "NoSuchUpload");
    }

    @Test
    void smallPartsAbortAndBadNumbers() throws Exception {
        String id = create("small", Map.of());
        String e1 = s3.send("PUT", "/mpu/small?partNumber=1&uploadId=" + id, random(100), Map.of()).headers()
                .firstValue("etag").orElseThrow();
        String e2 = s3.send("PUT", "/mpu/small?partNumber=2&uploadId=" + id, random(100), Map.of()).headers()
                .firstValue("etag").orElseThrow();
        assertError(s3.send("POST", "/mpu/small?uploadId=" + id, complete(new int[] {1, 2},
                new String[] {e1, e2}, null).getBytes(StandardCharsets.UTF_8), Map.of()), 400, "EntityTooSmall");
        assertError(s3.send("PUT", "/mpu/small?partNumber=10001&uploadId=" + id, random(1), Map.of()), 400,
                "InvalidArgument");
        assertError(s3.send("PUT", "/mpu/small?partNumber=0&uploadId=" + id, random(1), Map.of()), 400,
                "InvalidArgument");
        assertEquals(204, s3.send("DELETE", "/mpu/small?uploadId=" + id).statusCode());
        assertError(s3.send("PUT", "/mpu/small?partNumber=1&uploadId=" + id, random(1), Map.of()), 404,
                "NoSuchUpload");
        assertError(s3.send("DELETE", "/mpu/small?uploadId=" + id), 404, "NoSuchUpload");
    }

    @Test
    void uploadPartCopyWithRangeAndCompositeChecksum() throws Exception {
        byte[] source = random(6 << 20);
        s3.send("PUT", "/mpu/source", source, Map.of());
        String id = create("copy", Map.of("x-amz-checksum-algorithm", "CRC32"));
        HttpResponse<byte[]> copied = s3.send("PUT", "/mpu/copy?partNumber=1&uploadId=" + id, null, Map.of(
                "x-amz-copy-source", "/mpu/source", "x-amz-copy-source-range", "bytes=0-5242879"));
        assertEquals(200, copied.statusCode(), text(copied));
        for (String beyond : List.of("bytes=0-" + source.length, "bytes=" + source.length + "-" + (source.length + 5),
                "bytes=5242880-99999999")) {
            assertError(s3.send("PUT", "/mpu/copy?partNumber=3&uploadId=" + id, null, Map.of("x-amz-copy-source",
                    "/mpu/source", "x-amz-copy-source-range", beyond)), 400, "InvalidArgument");
        }
        assertEquals(1, tags(s3.send("GET", "/mpu/copy?uploadId=" + id), "PartNumber").size(),
                "a part copy with a range beyond the source stores nothing");
        String e1 = tag(copied, "ETag").replace("&quot;", "\"");
        byte[] tail = random(10);
        ChecksumAlgorithm.Hasher h1 = ChecksumAlgorithm.CRC32.newHasher();
        h1.update(source, 0, 5 << 20);
        byte[] c1 = h1.finish();
        ChecksumAlgorithm.Hasher h2 = ChecksumAlgorithm.CRC32.newHasher();
        h2.update(tail, 0, tail.length);
        byte[] c2 = h2.finish();
        String b1 = Base64.getEncoder().encodeToString(c1);
        String b2 = Base64.getEncoder().encodeToString(c2);
        HttpResponse<byte[]> p2 = s3.send("PUT", "/mpu/copy?partNumber=2&uploadId=" + id, tail,
                Map.of("x-amz-checksum-crc32", b2));
        assertEquals(200, p2.statusCode(), text(p2));
        String e2 = p2.headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/copy?uploadId=" + id, complete(new int[] {1, 2},
                new String[] {e1, e2}, new String[] {b1, b2}).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, done.statusCode(), text(done));
        ChecksumAlgorithm.Hasher composite = ChecksumAlgorithm.CRC32.newHasher();
        composite.update(c1, 0, 4);
        composite.update(c2, 0, 4);
        String expected = Base64.getEncoder().encodeToString(composite.finish()) + "-2";
        assertEquals(expected, tag(done, "ChecksumCRC32"));
        HttpResponse<byte[]> head = s3.send("HEAD", "/mpu/copy", null, Map.of("x-amz-checksum-mode", "ENABLED"));
        assertEquals(expected, head.headers().firstValue("x-amz-checksum-crc32").orElseThrow());
        assertEquals("COMPOSITE", head.headers().firstValue("x-amz-checksum-type").orElseThrow());
        assertEquals(1, tags(s3.send("GET", "/mpu?list-type=2&prefix=copy"), "Key").size());
    }

    @Test
    void fullObjectCrc64NvmeChecksum() throws Exception {
        String id = create("full", Map.of("x-amz-checksum-algorithm", "CRC64NVME", "x-amz-checksum-type",
                "FULL_OBJECT"));
        byte[] one = random(5 << 20);
        byte[] two = random(12345);
        String[] etags = new String[2];
        String[] sums = new String[2];
        byte[][] parts = {one, two};
        for (int i = 0; i < 2; i++) {
            ChecksumAlgorithm.Hasher h = ChecksumAlgorithm.CRC64NVME.newHasher();
            h.update(parts[i], 0, parts[i].length);
            sums[i] = Base64.getEncoder().encodeToString(h.finish());
            HttpResponse<byte[]> r = s3.send("PUT", "/mpu/full?partNumber=" + (i + 1) + "&uploadId=" + id, parts[i],
                    Map.of("x-amz-checksum-crc64nvme", sums[i]));
            assertEquals(200, r.statusCode(), text(r));
            etags[i] = r.headers().firstValue("etag").orElseThrow();
        }
        ChecksumAlgorithm.Hasher whole = ChecksumAlgorithm.CRC64NVME.newHasher();
        whole.update(one, 0, one.length);
        whole.update(two, 0, two.length);
        String expected = Base64.getEncoder().encodeToString(whole.finish());
        String xml = complete(new int[] {1, 2}, etags, null).replace("</ETag>", "</ETag><ChecksumCRC64NVME>SUM"
                + "</ChecksumCRC64NVME>");
        xml = xml.replaceFirst("SUM", sums[0]).replaceFirst("SUM", sums[1]);
        assertError(s3.send("POST", "/mpu/full?uploadId=" + id, xml.getBytes(StandardCharsets.UTF_8),
                Map.of("x-amz-checksum-crc64nvme", sums[0])), 400, "BadDigest");
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/full?uploadId=" + id, xml.getBytes(StandardCharsets.UTF_8),
                Map.of("x-amz-checksum-crc64nvme", expected));
        assertEquals(200, done.statusCode(), text(done));
        assertEquals(expected, tag(done, "ChecksumCRC64NVME"));
        assertEquals("FULL_OBJECT", tag(done, "ChecksumType"));
    }

    private static String crc32(byte[]... data) {
        ChecksumAlgorithm.Hasher h = ChecksumAlgorithm.CRC32.newHasher();
        for (byte[] d : data) {
            h.update(d, 0, d.length);
        }
        return Base64.getEncoder().encodeToString(h.finish());
    }

    private String[] uploadCrc32Parts(String key, String id, byte[][] parts) throws Exception {
        String[] etags = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            HttpResponse<byte[]> r = s3.send("PUT", "/mpu/" + key + "?partNumber=" + (i + 1) + "&uploadId=" + id,
                    parts[i], Map.of("x-amz-checksum-crc32", crc32(parts[i])));
            assertEquals(200, r.statusCode(), text(r));
            etags[i] = r.headers().firstValue("etag").orElseThrow();
        }
        return etags;
    }

    @Test
    void checksumAlgorithmAndTypeAreCheckedAtCreate() throws Exception {
        for (Map<String, String> bad : List.of(Map.of("x-amz-checksum-algorithm", "SHA256", "x-amz-checksum-type",
                "FULL_OBJECT"), Map.of("x-amz-checksum-algorithm", "SHA1", "x-amz-checksum-type", "FULL_OBJECT"),
                Map.of("x-amz-checksum-algorithm", "CRC64NVME", "x-amz-checksum-type", "COMPOSITE"),
                Map.of("x-amz-checksum-algorithm", "CRC32", "x-amz-checksum-type", "WHOLE"),
                Map.of("x-amz-checksum-type", "COMPOSITE"), Map.of("x-amz-checksum-algorithm", "MD4"))) {
            assertError(s3.send("POST", "/mpu/bad?uploads", null, bad), 400, "InvalidRequest");
        }
        assertEquals(0, tags(s3.send("GET", "/mpu?uploads"), "UploadId").size());
        HttpResponse<byte[]> created = s3.send("POST", "/mpu/def?uploads", null,
                Map.of("x-amz-checksum-algorithm", "crc64nvme"));
        assertEquals("CRC64NVME", created.headers().firstValue("x-amz-checksum-algorithm").orElseThrow());
        assertEquals("FULL_OBJECT", created.headers().firstValue("x-amz-checksum-type").orElseThrow());
        created = s3.send("POST", "/mpu/def?uploads", null, Map.of("x-amz-checksum-algorithm", "SHA1"));
        assertEquals("COMPOSITE", created.headers().firstValue("x-amz-checksum-type").orElseThrow());
    }

    @Test
    void fullObjectTypeFromCreateIsHonouredAtComplete() throws Exception {
        String id = create("fo", Map.of("x-amz-checksum-algorithm", "CRC32", "x-amz-checksum-type", "FULL_OBJECT"));
        byte[][] parts = {random(5 << 20), random(1000)};
        assertError(s3.send("PUT", "/mpu/fo?partNumber=1&uploadId=" + id, parts[0], Map.of()), 400,
                "InvalidRequest");
        assertError(s3.send("PUT", "/mpu/fo?partNumber=1&uploadId=" + id, parts[0], Map.of("x-amz-checksum-crc32c",
                Base64.getEncoder().encodeToString(new byte[4]))), 400, "InvalidRequest");
        String[] etags = uploadCrc32Parts("fo", id, parts);
        String xml = complete(new int[] {1, 2}, etags, new String[] {crc32(parts[0]), crc32(parts[1])});
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        assertError(s3.send("POST", "/mpu/fo?uploadId=" + id, body, Map.of("x-amz-checksum-type", "COMPOSITE")),
                400, "InvalidRequest");
        assertError(s3.send("POST", "/mpu/fo?uploadId=" + id, body, Map.of("x-amz-checksum-crc32", "AAAAAA==")),
                400, "BadDigest");
        String whole = crc32(parts[0], parts[1]);
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/fo?uploadId=" + id, body, Map.of());
        assertEquals(200, done.statusCode(), text(done));
        assertEquals(whole, tag(done, "ChecksumCRC32"));
        assertEquals("FULL_OBJECT", tag(done, "ChecksumType"));
        HttpResponse<byte[]> head = s3.send("HEAD", "/mpu/fo", null, Map.of("x-amz-checksum-mode", "ENABLED"));
        assertEquals(whole, head.headers().firstValue("x-amz-checksum-crc32").orElseThrow());
        assertEquals("FULL_OBJECT", head.headers().firstValue("x-amz-checksum-type").orElseThrow());
    }

    @Test
    void compositeChecksumIsCheckedAndReadBack() throws Exception {
        String id = create("cs", Map.of("x-amz-checksum-algorithm", "CRC32"));
        byte[][] parts = {random(5 << 20), random(1000)};
        String[] etags = uploadCrc32Parts("cs", id, parts);
        String[] sums = {crc32(parts[0]), crc32(parts[1])};
        HttpResponse<byte[]> listed = s3.send("GET", "/mpu/cs?uploadId=" + id);
        assertEquals(List.of(sums[0], sums[1]), tags(listed, "ChecksumCRC32"));
        byte[] body = complete(new int[] {1, 2}, etags, sums).getBytes(StandardCharsets.UTF_8);
        assertError(s3.send("POST", "/mpu/cs?uploadId=" + id, body, Map.of("x-amz-checksum-type", "FULL_OBJECT")),
                400, "InvalidRequest");
        assertError(s3.send("POST", "/mpu/cs?uploadId=" + id, body, Map.of("x-amz-checksum-crc32", "AAAAAA==")),
                400, "BadDigest");
        assertError(s3.send("POST", "/mpu/cs?uploadId=" + id, complete(new int[] {1, 2}, etags,
                new String[] {sums[1], sums[1]}).getBytes(StandardCharsets.UTF_8), Map.of()), 400, "InvalidPart");
        assertError(s3.send("POST", "/mpu/cs?uploadId=" + id, complete(new int[] {1, 2}, etags, null)
                .getBytes(StandardCharsets.UTF_8), Map.of()), 400, "InvalidRequest");
        ChecksumAlgorithm.Hasher composite = ChecksumAlgorithm.CRC32.newHasher();
        for (String sum : sums) {
            composite.update(Base64.getDecoder().decode(sum), 0, 4);
        }
        String bare = Base64.getEncoder().encodeToString(composite.finish());
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/cs?uploadId=" + id, body,
                Map.of("x-amz-checksum-crc32", bare + "-2", "x-amz-checksum-type", "COMPOSITE"));
        assertEquals(200, done.statusCode(), text(done));
        assertEquals(bare + "-2", tag(done, "ChecksumCRC32"));
        for (String method : List.of("HEAD", "GET")) {
            HttpResponse<byte[]> read = s3.send(method, "/mpu/cs", null, Map.of("x-amz-checksum-mode", "ENABLED"));
            assertEquals(bare + "-2", read.headers().firstValue("x-amz-checksum-crc32").orElseThrow(), method);
            assertEquals("COMPOSITE", read.headers().firstValue("x-amz-checksum-type").orElseThrow(), method);
            HttpResponse<byte[]> part = s3.send(method, "/mpu/cs?partNumber=2", null,
                    Map.of("x-amz-checksum-mode", "ENABLED"));
            assertEquals(sums[1], part.headers().firstValue("x-amz-checksum-crc32").orElseThrow(), method);
        }
        HttpResponse<byte[]> attributes = s3.send("GET", "/mpu/cs?attributes", null,
                Map.of("x-amz-object-attributes", "Checksum,ObjectParts"));
        assertEquals(200, attributes.statusCode(), text(attributes));
        assertEquals(List.of(bare, sums[0], sums[1]), tags(attributes, "ChecksumCRC32"));
        assertEquals("COMPOSITE", tag(attributes, "ChecksumType"));
    }

    @Test
    void attributesListPartsOnlyOfAnObjectWithChecksums() throws Exception {
        // S3 lists an object's parts in GetObjectAttributes only when the upload had an additional checksum; the
        // part count and the paging elements are answered either way.
        String id = create("plain", Map.of());
        String[] etags = new String[2];
        byte[][] bodies = {random(5 << 20), random(10)};
        for (int i = 0; i < 2; i++) {
            etags[i] = s3.send("PUT", "/mpu/plain?partNumber=" + (i + 1) + "&uploadId=" + id, bodies[i], Map.of())
                    .headers().firstValue("etag").orElseThrow();
        }
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/plain?uploadId=" + id, complete(new int[] {1, 2}, etags,
                null).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, done.statusCode(), text(done));
        HttpResponse<byte[]> all = s3.send("GET", "/mpu/plain?attributes", null,
                Map.of("x-amz-object-attributes", "ObjectParts"));
        assertEquals(200, all.statusCode(), text(all));
        assertEquals("2", tag(all, "PartsCount"));
        assertEquals(List.of(), tags(all, "Part"), text(all));
        assertEquals("false", tag(all, "IsTruncated"));
        HttpResponse<byte[]> page = s3.send("GET", "/mpu/plain?attributes", null,
                Map.of("x-amz-object-attributes", "ObjectParts", "x-amz-max-parts", "1"));
        assertEquals(List.of(), tags(page, "Part"), text(page));
        assertEquals("true", tag(page, "IsTruncated"));
        assertEquals("1", tag(page, "NextPartNumberMarker"));
    }

    @Test
    void copiedPartsGetTheUploadsChecksum() throws Exception {
        byte[] source = random(5 << 20);
        s3.send("PUT", "/mpu/src", source, Map.of());
        String id = create("cp", Map.of("x-amz-checksum-algorithm", "CRC32", "x-amz-checksum-type", "FULL_OBJECT"));
        HttpResponse<byte[]> copied = s3.send("PUT", "/mpu/cp?partNumber=1&uploadId=" + id, null,
                Map.of("x-amz-copy-source", "/mpu/src"));
        assertEquals(200, copied.statusCode(), text(copied));
        assertEquals(crc32(source), tag(copied, "ChecksumCRC32"));
        byte[] tail = random(7);
        HttpResponse<byte[]> two = s3.send("PUT", "/mpu/cp?partNumber=2&uploadId=" + id, tail,
                Map.of("x-amz-checksum-crc32", crc32(tail)));
        String[] etags = {tag(copied, "ETag").replace("&quot;", "\""),
            two.headers().firstValue("etag").orElseThrow()};
        HttpResponse<byte[]> done = s3.send("POST", "/mpu/cp?uploadId=" + id, complete(new int[] {1, 2}, etags,
                null).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, done.statusCode(), text(done));
        assertEquals(crc32(source, tail), tag(done, "ChecksumCRC32"));
    }
}
