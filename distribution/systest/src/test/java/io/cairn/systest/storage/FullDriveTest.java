/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.harness.TmpfsMount;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Drives that really run out of space: drive folders of a packaged node are small tmpfs mounts. With one of four
 * drives full, writes keep their quorum; with two of four full, a write answers 507 {@code XMinioStorageFull} (as
 * MinIO does), leaves nothing visible and no temporary files, a part upload fails the same way and its upload can
 * be aborted, and deleting objects lets writes succeed again. Skipped where {@code mount} is not permitted.
 */
class FullDriveTest {

    private static final long SEED = Long.getLong("systest.seed", 4_211L);
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    /** Size of each small drive: EC 2+2 stores about half of each object on every drive, so 12 objects fill it. */
    private static final int SMALL_DRIVE_MIB = 8;
    /** The most objects a test writes while waiting for the small drives to fill. */
    private static final int MAX_OBJECTS = 60;
    /** Drives' temporary area ({@code Drive.TEMP_VOLUME}) and system volume ({@code Drive.SYSTEM_VOLUME}). */
    private static final String TEMP_VOLUME = ".cairn.tmp";
    private static final String SYSTEM_VOLUME = ".cairn.sys";
    /** Healing would write into the full drives' temporary area at its own pace; the tests look at writes only. */
    private static final Map<String, String> NO_BACKGROUND_HEALING = Map.of("io.cairn.heal.cfg",
            "scannerEnabled = false\nmrfRetryMs = 3600000\nmrfRetryMaxMs = 3600000\n");

    private static SeededContent content(long salt, long size) {
        return new SeededContent(SEED * 1_000_003L + salt, size);
    }

    @Test
    void writesKeepTheirQuorumWhenOneDriveIsFull() throws Exception {
        try (TmpfsMount tmpfs = new TmpfsMount();
                S3Server server = S3Server.start("full-one", Map.of(), NO_BACKGROUND_HEALING,
                        dir -> tmpfs.mount(dir.resolve("d3"), SMALL_DRIVE_MIB));
                S3Client s3 = server.aws()) {
            String bucket = S3Server.bucketName("full-one");
            s3.createBucket(b -> b.bucket(bucket));
            Path small = server.drives().get(2);
            Map<String, SeededContent> written = new LinkedHashMap<>();
            int afterFull = 0;
            for (int i = 0; i < MAX_OBJECTS && afterFull < 10; i++) {
                SeededContent c = content(i, i % 5 == 4 ? 20 * KIB : MIB + i);
                put(s3, bucket, "obj/" + i, c);
                written.put("obj/" + i, c);
                afterFull += usable(small) < MIB / 2 ? 1 : 0;
            }
            assertEquals(10, afterFull, "the small drive never filled: " + usable(small) + " bytes free");
            for (Map.Entry<String, SeededContent> e : written.entrySet()) {
                assertReadsBack(s3, bucket, e.getKey(), e.getValue());
            }
            assertEquals(written.size(), list(s3, bucket, "obj/").size());
        }
    }

    @Test
    void twoFullDrivesRefuseWritesCleanlyUntilSpaceIsFreed() throws Exception {
        try (TmpfsMount tmpfs = new TmpfsMount();
                S3Server server = S3Server.start("full-two", Map.of(), NO_BACKGROUND_HEALING, dir -> {
                    tmpfs.mount(dir.resolve("d2"), SMALL_DRIVE_MIB);
                    tmpfs.mount(dir.resolve("d4"), SMALL_DRIVE_MIB);
                });
                S3Client s3 = server.aws()) {
            String bucket = S3Server.bucketName("full-two");
            s3.createBucket(b -> b.bucket(bucket));
            // An upload begun while there is room, to upload a part once the drives are full.
            String key = "mp/object";
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            Map<String, SeededContent> written = new LinkedHashMap<>();
            S3Exception full = null;
            int i = 0;
            for (; i < MAX_OBJECTS && full == null; i++) {
                SeededContent c = content(i, MIB + i);
                try {
                    put(s3, bucket, "obj/" + i, c);
                    written.put("obj/" + i, c);
                } catch (S3Exception e) {
                    full = e;
                }
            }
            assertNotNull(full, "no write failed after " + MAX_OBJECTS + " objects");
            assertStorageFull(full);
            String failedKey = "obj/" + (i - 1);
            assertTrue(written.size() >= 8, "only " + written.size() + " objects fit");

            // The failed write left nothing: no object, no listing entry, no temporary files.
            assertEquals(404, assertThrows(S3Exception.class,
                    () -> s3.headObject(b -> b.bucket(bucket).key(failedKey))).statusCode());
            assertFalse(list(s3, bucket, "obj/").contains(failedKey));
            assertEquals(written.size(), list(s3, bucket, "obj/").size());
            assertNoFiles(server.drives(), TEMP_VOLUME);

            // An overwrite fails the same way and the old version stays.
            String victim = written.keySet().iterator().next();
            assertStorageFull(assertThrows(S3Exception.class, () -> put(s3, bucket, victim, content(999, 2 * MIB))));
            assertReadsBack(s3, bucket, victim, written.get(victim));

            // A part upload fails the same way; the upload can be aborted and leaves nothing behind.
            SeededContent part = content(500, 2 * MIB);
            assertStorageFull(assertThrows(S3Exception.class, () -> s3.uploadPart(b -> b.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(1), RequestBody.fromInputStream(part.stream(), part.length()))));
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
            assertNoFiles(server.drives(), TEMP_VOLUME);
            assertNoFiles(server.drives(), SYSTEM_VOLUME + "/multipart/" + bucket);
            assertNoFiles(server.drives(), SYSTEM_VOLUME + "/uploads/" + bucket);

            // Every acknowledged object reads back.
            for (Map.Entry<String, SeededContent> e : written.entrySet()) {
                assertReadsBack(s3, bucket, e.getKey(), e.getValue());
            }

            // Deleting objects frees the small drives: plain and multipart writes succeed again.
            List<String> keys = new ArrayList<>(written.keySet());
            for (String k : keys.subList(0, 6)) {
                s3.deleteObject(b -> b.bucket(bucket).key(k));
                written.remove(k);
            }
            SeededContent again = content(1000, MIB);
            put(s3, bucket, failedKey, again);
            written.put(failedKey, again);
            String id2 = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id2).partNumber(1),
                    RequestBody.fromInputStream(part.stream(), part.length())).eTag();
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id2).multipartUpload(u -> u.parts(
                    CompletedPart.builder().partNumber(1).eTag(etag).build())));
            written.put(key, part);
            for (Map.Entry<String, SeededContent> e : written.entrySet()) {
                assertReadsBack(s3, bucket, e.getKey(), e.getValue());
            }
            assertNoFiles(server.drives(), TEMP_VOLUME);
        }
    }

    private static void assertStorageFull(S3Exception e) {
        assertEquals(507, e.statusCode(), e.toString());
        assertNotNull(e.awsErrorDetails(), e.toString());
        assertEquals("XMinioStorageFull", e.awsErrorDetails().errorCode(), e.toString());
    }

    private static void put(S3Client s3, String bucket, String key, SeededContent c) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromInputStream(c.stream(), c.length()));
    }

    private static void assertReadsBack(S3Client s3, String bucket, String key, SeededContent c)
            throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            assertEquals(c.digest("SHA-256"), SeededContent.digest("SHA-256", in), "content of " + key);
        }
    }

    private static List<String> list(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private static long usable(Path drive) throws IOException {
        return Files.getFileStore(drive).getUsableSpace();
    }

    /** Checks that no regular file is left under {@code sub} of any drive. */
    private static void assertNoFiles(List<Path> drives, String sub) throws IOException {
        List<Path> left = new ArrayList<>();
        for (Path d : drives) {
            Path dir = d.resolve(sub);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(Files::isRegularFile).forEach(left::add);
                }
            }
        }
        assertEquals(List.of(), left, "files left under " + sub);
    }
}
