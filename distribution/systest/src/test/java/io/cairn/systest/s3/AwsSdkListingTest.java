/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static io.cairn.systest.s3.S3Assertions.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listing through the AWS SDK compared with a model of the keys written: a seeded random key set, then seeded
 * random (prefix, delimiter, start-after, max-keys) queries paginated to the end, in ListObjectsV2 and v1.
 */
@ExtendWith(SharedS3Server.class)
class AwsSdkListingTest {

    private static final long SEED = Long.getLong("systest.seed", 20261122L);
    private static final String[] SEGMENTS = {"a", "b", "photos", "2024", "x y", "ü", "z+z", "logs", "a-b", "a.b",
        "\uff01", "\ud83d\ude00"};
    /** S3's listing order: UTF-8 binary, which puts U+FF01 before an emoji (String order puts it after). */
    private static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static S3Client s3;
    private static String bucket;
    private static final TreeSet<String> MODEL = new TreeSet<>(UTF8);

    @BeforeAll
    static void writeKeys(S3Server server) throws Exception {
        s3 = server.aws();
        bucket = S3Server.bucketName("list");
        s3.createBucket(b -> b.bucket(bucket));
        Random random = new Random(SEED);
        while (MODEL.size() < 160) {
            StringBuilder key = new StringBuilder();
            int depth = 1 + random.nextInt(4);
            for (int d = 0; d < depth; d++) {
                key.append(d == 0 ? "" : "/").append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
            key.append(random.nextInt(3) == 0 ? "/" : "").append(random.nextInt(40));
            MODEL.add(key.toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : MODEL) {
                puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key), S3Server.text(key))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    /** One listing entry: a key or a common prefix, in S3's merged order. */
    private record Entry(String name, boolean prefix) {
    }

    private static List<Entry> expected(String prefix, String delimiter, String after) {
        List<Entry> entries = new ArrayList<>();
        String lastPrefix = null;
        for (String key : MODEL) {
            if (!key.startsWith(prefix) || (after != null && UTF8.compare(key, after) <= 0)) {
                continue;
            }
            int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                String common = key.substring(0, cut + delimiter.length());
                if (!common.equals(lastPrefix) && (after == null || UTF8.compare(common, after) > 0)) {
                    entries.add(new Entry(common, true));
                }
                lastPrefix = common;
            } else {
                entries.add(new Entry(key, false));
            }
        }
        return entries;
    }

    private static List<Entry> page(List<S3Object> contents, List<CommonPrefix> prefixes) {
        TreeSet<String> names = new TreeSet<>(UTF8);
        List<Entry> entries = new ArrayList<>();
        contents.forEach(o -> names.add(o.key()));
        prefixes.forEach(p -> names.add(p.prefix()));
        TreeSet<String> prefixSet = new TreeSet<>();
        prefixes.forEach(p -> prefixSet.add(p.prefix()));
        for (String name : names) {
            entries.add(new Entry(name, prefixSet.contains(name)));
        }
        return entries;
    }

    /** The first {@code length} characters of a key, never half of a surrogate pair. */
    private static String prefixOf(String key, int length) {
        int end = Math.min(length, key.length());
        return Character.isHighSurrogate(key.charAt(end - 1)) ? key.substring(0, end + 1) : key.substring(0, end);
    }

    @Test
    void listObjectsV2PaginatesLikeTheModel() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 40; round++) {
            String prefix = random.nextInt(3) == 0 ? "" : prefixOf(MODEL.stream().skip(random.nextInt(MODEL.size()))
                    .findFirst().orElseThrow(), 1 + random.nextInt(2));
            String delimiter = random.nextBoolean() ? "/" : null;
            // start-after is combined only with plain listings: with a delimiter, whether a common prefix that
            // sorts before start-after is returned is not pinned down by S3's documentation.
            String after = delimiter == null && random.nextInt(3) == 0
                    ? MODEL.stream().skip(random.nextInt(MODEL.size())).findFirst().orElseThrow() : null;
            int maxKeys = 1 + random.nextInt(random.nextBoolean() ? 7 : 200);
            String context = "seed " + SEED + " round " + round + ": prefix=" + prefix + " delimiter=" + delimiter
                    + " start-after=" + after + " max-keys=" + maxKeys;
            List<Entry> want = expected(prefix, delimiter, after);
            List<Entry> got = new ArrayList<>();
            String token = null;
            for (int pages = 0; pages <= want.size() + 1; pages++) {
                String t = token;
                ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                        .delimiter(delimiter).startAfter(after).maxKeys(maxKeys).continuationToken(t));
                List<Entry> entries = page(page.contents(), page.commonPrefixes());
                assertEquals(entries.size(), page.keyCount(), context + ": KeyCount");
                got.addAll(entries);
                if (!page.isTruncated()) {
                    assertNull(page.nextContinuationToken(), context);
                    break;
                }
                assertEquals(maxKeys, entries.size(), context + ": a truncated page is full");
                token = page.nextContinuationToken();
            }
            assertEquals(want, got, context);
        }
    }

    @Test
    void aContinuationTokenIsRefusedByAnotherBucket() {
        String other = S3Server.bucketName("listother");
        s3.createBucket(b -> b.bucket(other));
        s3.putObject(b -> b.bucket(other).key("k"), S3Server.text("k"));
        String token = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1)).nextContinuationToken();
        S3Exception refused = assertS3Error(400, "InvalidArgument", () -> s3.listObjectsV2(b -> b.bucket(other)
                .continuationToken(token)));
        assertEquals("The continuation token provided is incorrect", refused.awsErrorDetails().errorMessage());
        assertEquals(1, s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1).continuationToken(token)).keyCount());
    }

    @Test
    void listObjectsV1PaginatesWithMarker() {
        Random random = new Random(SEED + 2);
        for (int round = 0; round < 15; round++) {
            String delimiter = random.nextBoolean() ? "/" : null;
            String prefix = random.nextBoolean() ? "" : "a";
            int maxKeys = 1 + random.nextInt(30);
            String context = "seed " + SEED + " round " + round + ": prefix=" + prefix + " delimiter=" + delimiter
                    + " max-keys=" + maxKeys;
            List<Entry> got = new ArrayList<>();
            String marker = null;
            for (int pages = 0; pages <= MODEL.size() + 1; pages++) {
                String m = marker;
                ListObjectsResponse page = s3.listObjects(b -> b.bucket(bucket).prefix(prefix).delimiter(delimiter)
                        .maxKeys(maxKeys).marker(m));
                List<Entry> entries = page(page.contents(), page.commonPrefixes());
                got.addAll(entries);
                if (!page.isTruncated()) {
                    break;
                }
                assertFalse(entries.isEmpty(), context);
                marker = delimiter != null ? page.nextMarker() : entries.get(entries.size() - 1).name();
                assertTrue(marker != null && !marker.isEmpty(), context + ": NextMarker with a delimiter");
            }
            assertEquals(expected(prefix, delimiter, null), got, context);
        }
    }

    @Test
    void everyObjectIsItsOwnNullVersion() {
        List<String> keys = new ArrayList<>();
        String keyMarker = null;
        for (int pages = 0; pages < 100; pages++) {
            String k = keyMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(50).keyMarker(k));
            page.versions().forEach(v -> {
                assertEquals("null", v.versionId(), v.key());
                assertTrue(v.isLatest(), v.key());
                keys.add(v.key());
            });
            assertTrue(page.deleteMarkers().isEmpty());
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
        }
        assertEquals(new ArrayList<>(MODEL), keys);
    }
}
