/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static io.cairn.systest.s3.S3Assertions.assertErrorXml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.cairn.systest.harness.RawHttp;
import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Checksums requested through the SDK and returned with checksum mode, and SDK-presigned URLs used by plain HTTP. */
@ExtendWith(SharedS3Server.class)
class AwsSdkChecksumPresignTest {

    private static S3Server server;
    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void client(S3Server shared) {
        server = shared;
        s3 = server.aws();
        bucket = S3Server.bucketName("sum");
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static String checksum(Checksum checksum, byte[] data) {
        checksum.update(data, 0, data.length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array());
    }

    private static String expected(ChecksumAlgorithm algorithm, byte[] data) throws Exception {
        return switch (algorithm) {
            case CRC32 -> checksum(new CRC32(), data);
            case CRC32_C -> checksum(new CRC32C(), data);
            case SHA256 -> Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
            default -> throw new IllegalArgumentException(algorithm.toString());
        };
    }

    private static String of(ChecksumAlgorithm algorithm, String crc32, String crc32c, String sha256) {
        return switch (algorithm) {
            case CRC32 -> crc32;
            case CRC32_C -> crc32c;
            case SHA256 -> sha256;
            default -> throw new IllegalArgumentException(algorithm.toString());
        };
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA256"})
    void requestedChecksumIsStoredAndReturned(ChecksumAlgorithm algorithm) throws Exception {
        byte[] data = new SeededContent(31, 700_001).bytes();
        String key = "sum/" + algorithm;
        String want = expected(algorithm, data);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm),
                RequestBody.fromBytes(data));
        assertEquals(want, of(algorithm, put.checksumCRC32(), put.checksumCRC32C(), put.checksumSHA256()));
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(data, get.asByteArray());
        GetObjectResponse r = get.response();
        assertEquals(want, of(algorithm, r.checksumCRC32(), r.checksumCRC32C(), r.checksumSHA256()), "GET");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertEquals(want, of(algorithm, head.checksumCRC32(), head.checksumCRC32C(), head.checksumSHA256()), "HEAD");
    }

    @Test
    void defaultIntegrityProtectionStoresCrc32() throws Exception {
        byte[] data = new SeededContent(32, 65_537).bytes();
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("sum/default"), RequestBody.fromBytes(data));
        assertEquals(expected(ChecksumAlgorithm.CRC32, data), put.checksumCRC32());
        assertEquals(expected(ChecksumAlgorithm.CRC32, data), s3.getObjectAsBytes(b -> b.bucket(bucket)
                .key("sum/default").checksumMode(ChecksumMode.ENABLED)).response().checksumCRC32());
    }

    @Test
    void presignedPutAndGetWorkWithAPlainHttpClient() throws Exception {
        byte[] data = new SeededContent(33, 123_456).bytes();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (S3Presigner presigner = server.presigner()) {
            URI putUrl = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(p -> p.bucket(bucket).key("presigned/obj"))).url().toURI();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(putUrl)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            URI getUrl = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket(bucket).key("presigned/obj"))).url().toURI();
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(getUrl).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode());
            assertArrayEquals(data, get.body());
            HttpResponse<byte[]> tampered = http.send(HttpRequest.newBuilder(URI.create(getUrl.toString()
                    .replace("presigned/obj", "presigned/other"))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, tampered.statusCode(), "a presigned URL is bound to its key");
        }
        String host = server.host();
        String path = "/" + bucket + "/presigned/obj";
        String expiredQuery = server.signer().presignQuery("GET", host, path, Map.of(), Duration.ofSeconds(60),
                Instant.now().minus(Duration.ofHours(2)));
        RawHttp.Response expired = RawHttp.send(server.port(), "GET", path + "?" + expiredQuery,
                Map.of("host", host), new byte[0]);
        assertErrorXml(expired, 403, "AccessDenied");
        String validQuery = server.signer().presignQuery("GET", host, path, Map.of(), Duration.ofDays(7),
                Instant.now());
        RawHttp.Response valid = RawHttp.send(server.port(), "GET", path + "?" + validQuery, Map.of("host", host),
                new byte[0]);
        assertEquals(200, valid.status(), valid::toString);
        assertArrayEquals(data, valid.body());
    }

    @Test
    void aPresignedUploadUrlCannotBeTurnedIntoACopy() throws Exception {
        s3.putObject(b -> b.bucket(bucket).key("private/secret"), RequestBody.fromString("top secret"));
        URI putUrl;
        try (S3Presigner presigner = server.presigner()) {
            putUrl = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(p -> p.bucket(bucket).key("inbox/upload"))).url().toURI();
        }
        String target = putUrl.getRawPath() + "?" + putUrl.getRawQuery();
        RawHttp.Response copy = RawHttp.send(server.port(), "PUT", target, Map.of("host", server.host(),
                "x-amz-copy-source", "/" + bucket + "/private/secret"), new byte[0]);
        assertErrorXml(copy, 403, "AccessDenied");
        RawHttp.Response meta = RawHttp.send(server.port(), "PUT", target, Map.of("host", server.host(),
                "x-amz-meta-owner", "someone-else"), new byte[] {1});
        assertErrorXml(meta, 403, "AccessDenied");
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("inbox/upload")));
        RawHttp.Response upload = RawHttp.send(server.port(), "PUT", target, Map.of("host", server.host()),
                new byte[] {1, 2, 3});
        assertEquals(200, upload.status(), upload::toString);
        assertEquals(3L, s3.headObject(b -> b.bucket(bucket).key("inbox/upload")).contentLength());
    }
}
