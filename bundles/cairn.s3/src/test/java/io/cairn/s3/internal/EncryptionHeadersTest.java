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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side encryption headers: Cairn encrypts nothing, so no write that asks for encryption may succeed, and keys
 * given for an (always unencrypted) object, source or upload are answered as S3 answers them for unencrypted ones.
 */
class EncryptionHeadersTest {

    /** A customer key (SSE-C) without its algorithm header: the case that used to be stored in clear. */
    private static final Map<String, String> CUSTOMER_KEY = Map.of(
            "x-amz-server-side-encryption-customer-key", Base64.getEncoder().encodeToString(new byte[32]),
            "x-amz-server-side-encryption-customer-key-md5",
            Base64.getEncoder().encodeToString(FakeStore.md5(new byte[32])));
    private static final List<Map<String, String>> WRITE_HEADERS = List.of(CUSTOMER_KEY,
            Map.of("x-amz-server-side-encryption", "AES256"),
            Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256"),
            Map.of("x-amz-server-side-encryption-aws-kms-key-id", "key"),
            Map.of("x-amz-server-side-encryption-context", "e30="),
            Map.of("x-amz-server-side-encryption-bucket-key-enabled", "true"));
    private static final Map<String, String> SOURCE_KEY = Map.of(
            "x-amz-copy-source-server-side-encryption-customer-algorithm", "AES256",
            "x-amz-copy-source-server-side-encryption-customer-key", Base64.getEncoder().encodeToString(new byte[32]));

    private TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        assertEquals(200, s3.send("PUT", "/bucket").statusCode());
        assertEquals(200, s3.send("PUT", "/bucket/plain", bytes("data"), Map.of()).statusCode());
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> with(Map<String, String> headers, String... more) {
        Map<String, String> all = new HashMap<>(headers);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private String createUpload(String key) throws Exception {
        HttpResponse<byte[]> r = s3.send("POST", "/bucket/" + key + "?uploads", null, Map.of());
        assertEquals(200, r.statusCode(), text(r));
        return tag(r, "UploadId");
    }

    @Test
    void everyEncryptionHeaderOfAWriteIsNotImplemented() throws Exception {
        for (Map<String, String> headers : WRITE_HEADERS) {
            assertError(s3.send("PUT", "/bucket/enc", bytes("secret"), headers), 501, "NotImplemented");
            assertError(s3.send("POST", "/bucket/enc?uploads", null, headers), 501, "NotImplemented");
            for (String directive : List.of("COPY", "REPLACE")) {
                assertError(s3.send("PUT", "/bucket/enc", null, with(headers, "x-amz-copy-source", "bucket/plain",
                        "x-amz-metadata-directive", directive)), 501, "NotImplemented");
            }
        }
        assertEquals(404, s3.send("HEAD", "/bucket/enc").statusCode(), "nothing was stored in clear");
        assertEquals(0, HandlerTest.tags(s3.send("GET", "/bucket?uploads"), "UploadId").size(), "no upload");
    }

    @Test
    void aCopySourceKeyIsNotApplicableToAnUnencryptedSource() throws Exception {
        HttpResponse<byte[]> r = s3.send("PUT", "/bucket/copy", null, with(SOURCE_KEY, "x-amz-copy-source",
                "bucket/plain"));
        assertError(r, 400, "InvalidRequest");
        assertEquals(Encryption.NOT_APPLICABLE, tag(r, "Message"));
        assertEquals(404, s3.send("HEAD", "/bucket/copy").statusCode(), "nothing was copied");
    }

    @Test
    void partsOfAnUnencryptedUploadRefuseEncryptionHeaders() throws Exception {
        String id = createUpload("mpu");
        String part = "/bucket/mpu?partNumber=1&uploadId=" + id;
        HttpResponse<byte[]> r = s3.send("PUT", part, bytes("part"), with(CUSTOMER_KEY,
                "x-amz-server-side-encryption-customer-algorithm", "AES256"));
        assertError(r, 400, "InvalidRequest");
        assertEquals(Encryption.PART_NOT_APPLICABLE, tag(r, "Message"));
        r = s3.send("PUT", part, null, with(CUSTOMER_KEY, "x-amz-copy-source", "bucket/plain"));
        assertError(r, 400, "InvalidRequest");
        assertEquals(Encryption.PART_NOT_APPLICABLE, tag(r, "Message"));
        r = s3.send("PUT", part, bytes("part"), Map.of("x-amz-server-side-encryption", "AES256"));
        assertError(r, 400, "InvalidArgument");
        assertEquals("x-amz-server-side-encryption", tag(r, "ArgumentName"));
        r = s3.send("PUT", part, null, with(SOURCE_KEY, "x-amz-copy-source", "bucket/plain"));
        assertError(r, 400, "InvalidRequest");
        assertEquals(Encryption.NOT_APPLICABLE, tag(r, "Message"));
        assertEquals(0, HandlerTest.tags(s3.send("GET", "/bucket/mpu?uploadId=" + id), "PartNumber").size(),
                "no part was stored");
        assertEquals(200, s3.send("PUT", part, bytes("part"), Map.of()).statusCode());
    }

    @Test
    void aPartOfAMissingUploadIsNoSuchUploadWhateverItsHeaders() throws Exception {
        assertError(s3.send("PUT", "/bucket/mpu?partNumber=1&uploadId=missing", bytes("part"), CUSTOMER_KEY), 404,
                "NoSuchUpload");
    }

    @Test
    void customerKeysOnReadsAreNotApplicableToAnUnencryptedObject() throws Exception {
        Map<String, String> key = with(CUSTOMER_KEY, "x-amz-server-side-encryption-customer-algorithm", "AES256");
        HttpResponse<byte[]> r = s3.send("GET", "/bucket/plain", null, key);
        assertError(r, 400, "InvalidRequest");
        assertEquals(Encryption.NOT_APPLICABLE, tag(r, "Message"));
        r = s3.send("HEAD", "/bucket/plain", null, key);
        assertEquals(400, r.statusCode());
        assertEquals(0, r.body().length, "HEAD errors carry no body");
        assertError(s3.send("GET", "/bucket/missing", null, key), 404, "NoSuchKey");
        assertEquals(404, s3.send("HEAD", "/bucket/missing", null, key).statusCode());
    }

    @Test
    void otherEncryptionHeadersOnReadsAreInvalidArguments() throws Exception {
        for (Map<String, String> headers : List.of(Map.of("x-amz-server-side-encryption", "aws:kms"),
                Map.of("x-amz-server-side-encryption-aws-kms-key-id", "key"))) {
            HttpResponse<byte[]> r = s3.send("GET", "/bucket/plain", null, headers);
            assertError(r, 400, "InvalidArgument");
            String name = headers.keySet().iterator().next();
            assertEquals(name + " header is not supported for this operation.", tag(r, "Message"));
            assertEquals(name, tag(r, "ArgumentName"));
            assertEquals(headers.get(name), tag(r, "ArgumentValue"));
            assertEquals(400, s3.send("HEAD", "/bucket/plain", null, headers).statusCode());
        }
    }
}
