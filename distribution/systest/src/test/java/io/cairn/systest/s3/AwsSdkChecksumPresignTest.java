/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static io.cairn.systest.s3.S3Assertions.assertErrorXml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Checksums requested through the SDK (single and multipart uploads) and returned with checksum mode and by
 * GetObjectAttributes, and SDK-presigned URLs used by plain HTTP.
 */
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

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA256"})
    void copyObjectComputesTheRequestedChecksum(ChecksumAlgorithm algorithm) throws Exception {
        byte[] data = new SeededContent(71, 3 << 20).bytes();
        String key = "copy-sum-" + algorithm;
        s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(
                data));
        String want = expected(algorithm, data);
        var copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                .destinationKey(key + "-copy").checksumAlgorithm(algorithm)).copyObjectResult();
        assertEquals(want, of(algorithm, copied.checksumCRC32(), copied.checksumCRC32C(), copied.checksumSHA256()));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key + "-copy")
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(want, of(algorithm, head.checksumCRC32(), head.checksumCRC32C(), head.checksumSHA256()));
        // The SDK checks the GET's body against the checksum it is given.
        assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key + "-copy")
                .checksumMode(ChecksumMode.ENABLED)).asByteArray());
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

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA256"})
    void multipartChecksumIsStoredAndReturned(ChecksumAlgorithm algorithm) throws Exception {
        byte[][] parts = {new SeededContent(34, 5 << 20).bytes(), new SeededContent(35, 1001).bytes()};
        String key = "sum/mpu-" + algorithm;
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm))
                .uploadId();
        List<CompletedPart> completed = new ArrayList<>();
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        String[] sums = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int number = i + 1;
            UploadPartResponse part = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number)
                    .checksumAlgorithm(algorithm), RequestBody.fromBytes(parts[i]));
            sums[i] = of(algorithm, part.checksumCRC32(), part.checksumCRC32C(), part.checksumSHA256());
            assertEquals(expected(algorithm, parts[i]), sums[i]);
            completed.add(CompletedPart.builder().partNumber(number).eTag(part.eTag()).checksumCRC32(
                    part.checksumCRC32()).checksumCRC32C(part.checksumCRC32C()).checksumSHA256(part.checksumSHA256())
                    .build());
            concatenated.write(Base64.getDecoder().decode(sums[i]));
        }
        String bare = expected(algorithm, concatenated.toByteArray());
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(id).multipartUpload(m -> m.parts(completed)));
        assertEquals(bare + "-2", of(algorithm, done.checksumCRC32(), done.checksumCRC32C(), done.checksumSHA256()));
        assertEquals(ChecksumType.COMPOSITE, done.checksumType());
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertEquals(bare + "-2", of(algorithm, head.checksumCRC32(), head.checksumCRC32C(), head.checksumSHA256()));
        assertEquals(ChecksumType.COMPOSITE, head.checksumType());
        GetObjectResponse get = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED)).response();
        assertEquals(bare + "-2", of(algorithm, get.checksumCRC32(), get.checksumCRC32C(), get.checksumSHA256()));
        HeadObjectResponse headPart = s3.headObject(b -> b.bucket(bucket).key(key).partNumber(2)
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(sums[1], of(algorithm, headPart.checksumCRC32(), headPart.checksumCRC32C(),
                headPart.checksumSHA256()));
        GetObjectAttributesResponse attributes = s3.getObjectAttributes(b -> b.bucket(bucket).key(key)
                .objectAttributes(ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_PARTS));
        software.amazon.awssdk.services.s3.model.Checksum checksum = attributes.checksum();
        assertEquals(bare, of(algorithm, checksum.checksumCRC32(), checksum.checksumCRC32C(),
                checksum.checksumSHA256()));
        assertEquals(ChecksumType.COMPOSITE, checksum.checksumType());
        List<ObjectPart> objectParts = attributes.objectParts().parts();
        for (int i = 0; i < parts.length; i++) {
            ObjectPart p = objectParts.get(i);
            assertEquals(sums[i], of(algorithm, p.checksumCRC32(), p.checksumCRC32C(), p.checksumSHA256()));
        }
    }

    @Test
    void fullObjectMultipartChecksumIsTheWholeObjectsCrc() throws Exception {
        byte[][] parts = {new SeededContent(36, 5 << 20).bytes(), new SeededContent(37, 999).bytes()};
        String key = "sum/mpu-full";
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        List<CompletedPart> completed = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            int number = i + 1;
            // The SDK's default integrity protection sends the CRC32 the upload asks for.
            UploadPartResponse part = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number),
                    RequestBody.fromBytes(parts[i]));
            completed.add(CompletedPart.builder().partNumber(number).eTag(part.eTag())
                    .checksumCRC32(part.checksumCRC32()).build());
            whole.write(parts[i]);
        }
        String want = expected(ChecksumAlgorithm.CRC32, whole.toByteArray());
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(id).multipartUpload(m -> m.parts(completed)));
        assertEquals(want, done.checksumCRC32());
        assertEquals(ChecksumType.FULL_OBJECT, done.checksumType());
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(whole.toByteArray(), get.asByteArray());
        assertEquals(want, get.response().checksumCRC32());
        assertEquals(ChecksumType.FULL_OBJECT, get.response().checksumType());
        GetObjectAttributesResponse attributes = s3.getObjectAttributes(b -> b.bucket(bucket).key(key)
                .objectAttributes(ObjectAttributes.CHECKSUM));
        assertEquals(want, attributes.checksum().checksumCRC32());
        assertEquals(ChecksumType.FULL_OBJECT, attributes.checksum().checksumType());
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
