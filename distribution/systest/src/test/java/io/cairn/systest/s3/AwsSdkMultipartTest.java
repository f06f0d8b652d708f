/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static io.cairn.systest.s3.S3Assertions.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** Multipart uploads through the AWS SDK: ETags, listings, abort, part copy, the size and order rules. */
@ExtendWith(SharedS3Server.class)
class AwsSdkMultipartTest {

    private static final int MIB = 1 << 20;

    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void client(S3Server server) {
        s3 = server.aws();
        bucket = S3Server.bucketName("mpu");
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static RequestBody body(SeededContent content, long from, long length) {
        return RequestBody.fromContentProvider(() -> content.stream(from, length), length, "application/octet-stream");
    }

    private static byte[] md5(SeededContent content, long from, long length) throws Exception {
        return HexFormat.of().parseHex(content.digest("MD5", from, length));
    }

    @Test
    void threePartsAndATailCompleteWithTheMultipartEtag() throws Exception {
        long[] sizes = {5L * MIB, 5L * MIB, 5L * MIB, 1_234_567};
        long total = 0;
        for (long size : sizes) {
            total += size;
        }
        SeededContent content = new SeededContent(21, total);
        String key = "mpu/four-parts";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/x-mpu"))
                .uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        MessageDigest etagOfEtags = MessageDigest.getInstance("MD5");
        long from = 0;
        for (int i = 0; i < sizes.length; i++) {
            int number = i + 1;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    body(content, from, sizes[i])).eTag();
            byte[] partMd5 = md5(content, from, sizes[i]);
            assertEquals("\"" + HexFormat.of().formatHex(partMd5) + "\"", etag, "part " + number);
            etagOfEtags.update(partMd5);
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            from += sizes[i];
        }
        ListPartsResponse listed = s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        assertEquals(List.of(1, 2, 3, 4), listed.parts().stream().map(Part::partNumber).toList());
        assertEquals(List.of(sizes[0], sizes[1], sizes[2], sizes[3]), listed.parts().stream().map(Part::size)
                .toList());
        ListPartsResponse paged = s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId).maxParts(2)
                .partNumberMarker(1));
        assertEquals(List.of(2, 3), paged.parts().stream().map(Part::partNumber).toList());
        assertTrue(paged.isTruncated());
        assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket).prefix("mpu/")).uploads().stream()
                .anyMatch(u -> u.uploadId().equals(uploadId) && u.key().equals(key)), "upload listed");
        String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag();
        assertEquals("\"" + HexFormat.of().formatHex(etagOfEtags.digest()) + "-4\"", etag);
        assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket).prefix("mpu/")).uploads().stream()
                .noneMatch(u -> u.uploadId().equals(uploadId)), "completed upload no longer listed");
        var head = s3.headObject(b -> b.bucket(bucket).key(key));
        assertEquals(total, head.contentLength());
        assertEquals(etag, head.eTag());
        assertEquals("application/x-mpu", head.contentType());
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            assertEquals(content.digest("SHA-256"), SeededContent.digest("SHA-256", in));
        }
        assertEquals(sizes[1], s3.getObject(b -> b.bucket(bucket).key(key).partNumber(2)).response()
                .contentLength(), "GET ?partNumber=2");
    }

    @Test
    void abortedUploadDisappears() {
        String key = "mpu/aborted";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1), S3Server.text("p"));
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        assertS3Error(404, "NoSuchUpload", () -> s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
        assertS3Error(404, "NoSuchUpload", () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(2), S3Server.text("late")));
        assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().isEmpty());
        assertS3Error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    /**
     * A multipart upload's key may have 253 bytes after its last slash, two fewer than a PUT's: an upload of a
     * file with a 254-byte name is refused with KeyTooLongError saying so, where it used to be
     * XMinioInvalidObjectName "Object name contains unsupported characters".
     */
    @Test
    void aLastSegmentTooLongForAnUploadIsKeyTooLong() {
        String fits = "mpu/long/" + "n".repeat(253);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(fits)).uploadId();
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(fits).uploadId(uploadId));
        for (String key : List.of(fits + "n", fits + "nn")) {
            s3.putObject(b -> b.bucket(bucket).key(key), S3Server.text("a PUT takes it"));
            S3Exception e = assertS3Error(400, "KeyTooLongError",
                    () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)));
            assertTrue(e.awsErrorDetails().errorMessage().contains("at most 253 bytes after its last slash"),
                    e.awsErrorDetails().errorMessage());
        }
    }

    /** As in S3, an upload in progress does not keep a bucket that holds no objects: it goes with the bucket. */
    @Test
    void deletingAnEmptyBucketAbortsItsUploads() {
        String doomed = S3Server.bucketName("doomed");
        s3.createBucket(b -> b.bucket(doomed));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(doomed).key("pending")).uploadId();
        s3.uploadPart(b -> b.bucket(doomed).key("pending").uploadId(uploadId).partNumber(1), S3Server.text("p"));
        s3.deleteBucket(b -> b.bucket(doomed));
        assertS3Error(404, "NoSuchBucket", () -> s3.listMultipartUploads(b -> b.bucket(doomed)));
        s3.createBucket(b -> b.bucket(doomed));
        assertTrue(s3.listMultipartUploads(b -> b.bucket(doomed)).uploads().isEmpty());
        assertS3Error(404, "NoSuchUpload", () -> s3.listParts(b -> b.bucket(doomed).key("pending")
                .uploadId(uploadId)));
        s3.deleteBucket(b -> b.bucket(doomed));
    }

    @Test
    void uploadPartCopyWithARange() throws Exception {
        SeededContent source = new SeededContent(22, 7L * MIB);
        s3.putObject(b -> b.bucket(bucket).key("mpu/copy-source"), body(source, 0, source.length()));
        String key = "mpu/copy-target";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        String first = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("mpu/copy-source")
                .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(1)
                .copySourceRange("bytes=1048576-6291455")).copyPartResult().eTag();
        byte[] tail = "the tail".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String second = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(tail)).eTag();
        assertEquals("\"" + source.digest("MD5", MIB, 5L * MIB) + "\"", first);
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(first).build(),
                CompletedPart.builder().partNumber(2).eTag(second).build())));
        byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        assertEquals(5L * MIB + tail.length, got.length);
        assertArrayEquals(source.bytes(MIB, 5 * MIB), java.util.Arrays.copyOf(got, 5 * MIB));
        assertArrayEquals(tail, java.util.Arrays.copyOfRange(got, 5 * MIB, got.length));
    }

    @Test
    void smallPartsWrongOrderAndUnknownPartsAreRefused() {
        String key = "mpu/rules";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        SeededContent content = new SeededContent(23, 2L * MIB);
        String one = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                body(content, 0, MIB)).eTag();
        String two = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
                body(content, MIB, MIB)).eTag();
        CompletedPart p1 = CompletedPart.builder().partNumber(1).eTag(one).build();
        CompletedPart p2 = CompletedPart.builder().partNumber(2).eTag(two).build();
        assertS3Error(400, "EntityTooSmall", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(p1, p2))));
        assertS3Error(400, "InvalidPartOrder", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(p2, p1))));
        assertS3Error(400, "InvalidPart", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag("\"00000000000000000000000000000000\"").build()))));
        assertS3Error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key(key)));
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(2).eTag(two).build())));
        assertArrayEquals(content.bytes(MIB, MIB), s3.getObjectAsBytes(b -> b.bucket(bucket).key(key))
                .asByteArray(), "a single (last) part of any size completes");
        assertS3Error(404, "NoSuchUpload", () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId)));
    }

    /** A client retrying a complete whose answer it lost gets the first answer, as from S3 (s3-tests' small upload). */
    @Test
    void aRepeatedCompleteAnswersTheFirstResult() {
        String key = "mpu/repeated";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        SeededContent content = new SeededContent(25, 5L * MIB + 77);
        UploadPartResponse one = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), body(content, 0, 5L * MIB));
        UploadPartResponse two = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), body(content, 5L * MIB, 77));
        List<CompletedPart> parts = List.of(
                CompletedPart.builder().partNumber(1).eTag(one.eTag()).checksumCRC32(one.checksumCRC32()).build(),
                CompletedPart.builder().partNumber(2).eTag(two.eTag()).checksumCRC32(two.checksumCRC32()).build());
        CompleteMultipartUploadResponse first = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        CompleteMultipartUploadResponse again = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        assertTrue(first.eTag().endsWith("-2\""), first.eTag());
        assertEquals(List.of(first.eTag(), first.location(), first.bucket(), first.key(), first.checksumCRC32()),
                List.of(again.eTag(), again.location(), again.bucket(), again.key(), again.checksumCRC32()));
        assertTrue(first.checksumCRC32() != null && first.checksumCRC32().endsWith("-2"), first.checksumCRC32());
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        assertEquals(first.eTag(), s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag(), "the repeat reports the completion, not the object");
        assertS3Error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key(key)));
        assertS3Error(404, "NoSuchUpload", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts.get(0)))));
        assertS3Error(404, "NoSuchUpload", () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(3), S3Server.text("late")));
        assertS3Error(404, "NoSuchUpload", () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId)));
    }

    @Test
    void twoHundredMebibytesStreamedFromASeededGenerator() throws Exception {
        long total = 200L * MIB + 12_345;
        long partSize = 16L * MIB;
        SeededContent content = new SeededContent(24, total);
        String key = "mpu/large";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (long from = 0; from < total; from += partSize) {
            long start = from;
            long length = Math.min(partSize, total - from);
            int number = parts.size() + 1;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    body(content, start, length)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            assertEquals(content.digest("SHA-256"), SeededContent.digest("SHA-256", in), "seed 24");
        }
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
}
