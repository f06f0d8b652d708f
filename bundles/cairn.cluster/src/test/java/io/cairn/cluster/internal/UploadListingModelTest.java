/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.ListUploadsPage;
import io.cairn.api.object.MultipartUpload;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;
import io.cairn.api.storage.KeyOrder;

/**
 * Upload listing against a simple in-memory model: seeded random creates, aborts and completes over a small key
 * alphabet (many uploads per key, keys with characters that sort before {@code /}, U+0001, non-ASCII and
 * supplementary characters), then random prefix/delimiter/key-marker/upload-id-marker/max-uploads requests paged to
 * the end and compared page by page with the model. Run with {@code -Dcairn.uploads.seed=<seed>} to replay.
 */
class UploadListingModelTest {

    @TempDir
    Path tmp;

    private static final String[] SEGMENTS = {"a", "b", "a-b", "a.b", "a b", "\u0001", "a\u0001", "é",
        "\uD83D\uDE00", "\uff01", "z9"};
    private static final String[] DELIMITERS = {"", "/", "-", ".", "a", "\u0001"};

    /** One upload of the model. */
    record Upload(String key, String id) {
    }

    private static final Comparator<Upload> ORDER = Comparator.comparing(Upload::key, KeyOrder.COMPARATOR)
            .thenComparing(Upload::id);

    /** A page of the model. */
    record ModelPage(List<Upload> uploads, List<String> prefixes, boolean truncated, String nextKey,
            String nextId) {
    }

    /** The model: every upload sorted by key and id; a page as S3 defines it. */
    static ModelPage model(TreeSet<Upload> all, String prefix, String delimiter, String keyMarker,
            String idMarker, int max) {
        List<Upload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextKey = "";
        String nextId = "";
        if (max == 0) {
            return new ModelPage(uploads, prefixes, false, "", "");
        }
        for (Upload u : all) {
            boolean afterMarker = keyMarker.isEmpty() || KeyOrder.compare(u.key(), keyMarker) > 0
                    || (u.key().equals(keyMarker) && !idMarker.isEmpty() && u.id().compareTo(idMarker) > 0);
            if (!u.key().startsWith(prefix) || !afterMarker) {
                continue;
            }
            String common = null;
            if (!delimiter.isEmpty()) {
                int at = u.key().indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    common = u.key().substring(0, at + delimiter.length());
                    if (KeyOrder.compare(common, keyMarker) <= 0 || prefixes.contains(common)) {
                        continue;
                    }
                }
            }
            if (uploads.size() + prefixes.size() >= max) {
                return new ModelPage(uploads, prefixes, true, nextKey, nextId);
            }
            if (common != null) {
                prefixes.add(common);
                nextKey = common;
                nextId = "";
            } else {
                uploads.add(u);
                nextKey = u.key();
                nextId = u.id();
            }
        }
        return new ModelPage(uploads, prefixes, false, "", "");
    }

    @Test
    void randomOperationsMatchTheModel() throws Exception {
        String fixed = System.getProperty("cairn.uploads.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : 20261205L;
        try {
            run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("upload listing failed with seed " + seed + " (replay with"
                    + " -Dcairn.uploads.seed=" + seed + ")", e);
        }
    }

    private void run(long seed) throws Exception {
        Random rnd = new Random(seed);
        // Tiny walk pages so that every drive cursor pages many times within one listing page.
        EngineConfig config = TestCluster.small().withWalkPageEntries(1 + rnd.nextInt(4));
        try (TestCluster c = new TestCluster(tmp, 2, 3, config)) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            TreeSet<Upload> all = new TreeSet<>(ORDER);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 140; i++) {
                int op = rnd.nextInt(10);
                if (op < 7 || all.isEmpty()) {
                    String key = keys.isEmpty() || rnd.nextInt(3) == 0 ? randomKey(rnd)
                            : keys.get(rnd.nextInt(keys.size()));
                    keys.add(key);
                    all.add(new Upload(key, c.layer.newMultipartUpload("bucket", key, PutOptions.DEFAULT)));
                } else {
                    Upload victim = new ArrayList<>(all).get(rnd.nextInt(all.size()));
                    if (op < 9) {
                        c.layer.abortMultipartUpload("bucket", victim.key(), victim.id());
                    } else {
                        PartInfo p = c.layer.putObjectPart("bucket", victim.key(), victim.id(), 1,
                                new ByteArrayInputStream(new byte[] {(byte) i}), 1, PartOptions.DEFAULT);
                        c.layer.completeMultipartUpload("bucket", victim.key(), victim.id(),
                                List.of(new CompletePart(1, p.etag())), PutOptions.DEFAULT);
                    }
                    all.remove(victim);
                }
            }
            for (int q = 0; q < 60; q++) {
                query(c, all, keys, rnd);
            }
        }
    }

    private static void query(TestCluster c, TreeSet<Upload> all, List<String> keys, Random rnd) throws Exception {
        String base = keys.get(rnd.nextInt(keys.size()));
        String prefix = rnd.nextInt(3) == 0 ? "" : base.substring(0, Math.min(base.length(), 1 + rnd.nextInt(3)));
        if (!prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
            // Half a character is no prefix a client can send.
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String delimiter = DELIMITERS[rnd.nextInt(DELIMITERS.length)];
        int max = rnd.nextInt(8);
        String keyMarker = switch (rnd.nextInt(4)) {
            case 0 -> keys.get(rnd.nextInt(keys.size()));
            case 1 -> randomKey(rnd);
            default -> "";
        };
        String idMarker = "";
        if (!keyMarker.isEmpty() && rnd.nextBoolean()) {
            List<Upload> ofKey = new ArrayList<>();
            for (Upload u : all) {
                if (u.key().equals(keyMarker)) {
                    ofKey.add(u);
                }
            }
            idMarker = !ofKey.isEmpty() && rnd.nextInt(3) > 0 ? ofKey.get(rnd.nextInt(ofKey.size())).id()
                    : UploadNames.newUploadId(0, System.currentTimeMillis() - rnd.nextInt(5000),
                            new java.security.SecureRandom());
        }
        for (int pageNo = 0; pageNo < 300; pageNo++) {
            ModelPage expected = model(all, prefix, delimiter, keyMarker, idMarker, max);
            ListUploadsPage actual = c.layer.listMultipartUploads("bucket", prefix, delimiter, keyMarker, idMarker,
                    max);
            String ctx = "prefix '" + prefix + "' delimiter '" + delimiter + "' key-marker '" + keyMarker
                    + "' upload-id-marker '" + idMarker + "' max " + max;
            assertEquals(expected.uploads(), actual.uploads().stream().map(u -> new Upload(u.key(), u.uploadId()))
                    .toList(), ctx);
            assertEquals(expected.prefixes(), actual.commonPrefixes(), ctx);
            assertEquals(expected.truncated(), actual.truncated(), ctx);
            assertEquals(expected.nextKey(), actual.nextKeyMarker(), ctx);
            assertEquals(expected.nextId(), actual.nextUploadIdMarker(), ctx);
            for (MultipartUpload u : actual.uploads()) {
                assertEquals("bucket", u.bucket(), ctx);
            }
            if (!actual.truncated()) {
                return;
            }
            keyMarker = actual.nextKeyMarker();
            idMarker = actual.nextUploadIdMarker();
        }
        throw new AssertionError("more than 300 pages");
    }

    @Test
    void aPageWalksAboutAsManyRecordsAsItReturns() throws Exception {
        int walkPage = 4;
        try (TestCluster c = new TestCluster(tmp, 1, 4, TestCluster.small().withWalkPageEntries(walkPage))) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            for (int i = 0; i < 60; i++) {
                c.layer.newMultipartUpload("bucket", "key" + (i % 3), PutOptions.DEFAULT);
            }
            c.drives.forEach(d -> d.walkedEntries.set(0));
            ListUploadsPage first = c.layer.listMultipartUploads("bucket", "", "", "", "", 2);
            ListUploadsPage middle = c.layer.listMultipartUploads("bucket", "", "", first.nextKeyMarker(),
                    first.nextUploadIdMarker(), 2);
            assertEquals(2, middle.uploads().size());
            long walked = 0;
            for (FaultyDrive d : c.drives) {
                walked += d.walkedEntries.get();
            }
            // Per page and drive at most the page plus one, rounded up to whole walk pages.
            int perDrivePage = ((2 + 1 + walkPage - 1) / walkPage) * walkPage;
            assertTrue(walked <= 2L * 4 * perDrivePage, "walked " + walked + " records for two pages of 2");
        }
    }

    private static String randomKey(Random rnd) {
        while (true) {
            StringBuilder sb = new StringBuilder(SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
            for (int d = rnd.nextInt(3); d > 0; d--) {
                sb.append('/').append(SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
            }
            if (rnd.nextInt(10) == 0) {
                sb.append('/');
            }
            try {
                Validation.key(sb.toString());
                return sb.toString();
            } catch (io.cairn.api.object.ObjectStoreException e) {
                // A generated key the engine refuses is simply not used.
            }
        }
    }
}
