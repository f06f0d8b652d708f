/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.systest.harness.SeededContent;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PostPolicy;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

/** The MinIO Java SDK: buckets, objects, listing, unknown-size multipart, presigned URLs and POST policy uploads. */
@ExtendWith(SharedS3Server.class)
class MinioSdkTest {

    private static final int MIB = 1 << 20;

    private static S3Server server;
    private static MinioClient minio;
    private static String bucket;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void client(S3Server shared) throws Exception {
        server = shared;
        minio = server.minio();
        bucket = S3Server.bucketName("minio");
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }

    private static byte[] get(String key) throws Exception {
        try (GetObjectResponse in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String errorCode(Exception e) {
        return e instanceof ErrorResponseException error ? error.errorResponse().code() : e.toString();
    }

    @Test
    void objectsPutGetStatListRemove() throws Exception {
        assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        byte[] data = new SeededContent(41, 300_000).bytes();
        ObjectWriteResponse put = minio.putObject(PutObjectArgs.builder().bucket(bucket).object("m/a/one.bin")
                .stream(new ByteArrayInputStream(data), (long) data.length, null).contentType("application/x-one")
                .userMetadata(Map.of("origin", "minio-sdk")).build());
        for (String key : List.of("m/a/two", "m/b/three", "m/four")) {
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(key.getBytes(
                    StandardCharsets.UTF_8), key.length()).build());
        }
        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object("m/a/one.bin")
                .build());
        assertEquals(data.length, stat.size());
        assertEquals(put.etag(), stat.etag());
        assertEquals("application/x-one", stat.contentType());
        String origin = stat.userMetadata().getFirst("origin") != null ? stat.userMetadata().getFirst("origin")
                : stat.userMetadata().getFirst("x-amz-meta-origin");
        assertEquals("minio-sdk", origin, stat.userMetadata().toString());
        assertArrayEquals(data, get("m/a/one.bin"));
        List<String> recursive = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("m/")
                .recursive(true).build())) {
            recursive.add(item.get().objectName());
        }
        assertEquals(List.of("m/a/one.bin", "m/a/two", "m/b/three", "m/four"), recursive);
        List<String> top = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("m/").build())) {
            top.add(item.get().objectName() + (item.get().isDir() ? " (dir)" : ""));
        }
        // The SDK yields a page's keys before its common prefixes.
        assertEquals(List.of("m/a/ (dir)", "m/b/ (dir)", "m/four"), top.stream().sorted().toList());
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("m/a/one.bin").build());
        try {
            minio.statObject(StatObjectArgs.builder().bucket(bucket).object("m/a/one.bin").build());
            throw new AssertionError("removed object still there");
        } catch (ErrorResponseException e) {
            assertEquals("NoSuchKey", e.errorResponse().code());
        }
    }

    @Test
    void unknownSizeStreamBecomesAMultipartUpload() throws Exception {
        SeededContent content = new SeededContent(42, 12L * MIB + 777);
        try (InputStream in = content.stream()) {
            ObjectWriteResponse put = minio.putObject(PutObjectArgs.builder().bucket(bucket).object("m/unknown-size")
                    .stream(in, -1L, 5L * MIB).build());
            assertTrue(put.etag().replace("\"", "").endsWith("-3"), "three parts: " + put.etag());
        }
        try (GetObjectResponse in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object("m/unknown-size")
                .build())) {
            assertEquals(content.digest("SHA-256"), SeededContent.digest("SHA-256", in));
        }
    }

    @Test
    void presignedGetUrlWorksWithAPlainHttpClient() throws Exception {
        byte[] data = "presigned by minio".getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object("m/presigned").data(data, data.length).build());
        String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                .bucket(bucket).object("m/presigned").expiry(10, TimeUnit.MINUTES).build());
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(data, response.body());
    }

    private static HttpResponse<String> postForm(Map<String, String> fields, String key, byte[] file)
            throws Exception {
        String boundary = "----cairn-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("key", key);
        all.put("Content-Type", "application/x-posted");
        for (Map.Entry<String, String> field : all.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/" + bucket))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postPolicyUploadAndPolicyViolations() throws Exception {
        PostPolicy policy = new PostPolicy(bucket, ZonedDateTime.now().plusMinutes(10));
        policy.addStartsWithCondition("key", "uploads/");
        policy.addStartsWithCondition("Content-Type", "application/");
        policy.addContentLengthRangeCondition(1, MIB);
        Map<String, String> form = minio.getPresignedPostFormData(policy);
        byte[] file = new SeededContent(43, 50_000).bytes();
        HttpResponse<String> ok = postForm(form, "uploads/form.bin", file);
        assertEquals(204, ok.statusCode(), ok.body());
        assertArrayEquals(file, get("uploads/form.bin"));
        assertEquals("application/x-posted", minio.statObject(StatObjectArgs.builder().bucket(bucket)
                .object("uploads/form.bin").build()).contentType());

        HttpResponse<String> wrongKey = postForm(form, "elsewhere/form.bin", file);
        assertEquals(403, wrongKey.statusCode(), wrongKey.body());
        assertTrue(wrongKey.body().contains("<Code>AccessDenied</Code>"), wrongKey.body());
        HttpResponse<String> tooLarge = postForm(form, "uploads/too-large.bin", new SeededContent(44, 2 * MIB)
                .bytes());
        assertTrue(tooLarge.statusCode() == 400 || tooLarge.statusCode() == 403, tooLarge.body());
        assertTrue(tooLarge.body().contains("<Code>EntityTooLarge</Code>")
                || tooLarge.body().contains("<Code>AccessDenied</Code>"), tooLarge.body());
        Map<String, String> tampered = new java.util.HashMap<>(form);
        tampered.put("x-amz-signature", "0".repeat(64));
        HttpResponse<String> forged = postForm(tampered, "uploads/forged.bin", file);
        assertEquals(403, forged.statusCode(), forged.body());
        for (String absent : List.of("elsewhere/form.bin", "uploads/too-large.bin", "uploads/forged.bin")) {
            try {
                minio.statObject(StatObjectArgs.builder().bucket(bucket).object(absent).build());
                throw new AssertionError(absent + " was stored despite the policy");
            } catch (ErrorResponseException e) {
                assertFalse(errorCode(e).isEmpty());
            }
        }
    }
}
