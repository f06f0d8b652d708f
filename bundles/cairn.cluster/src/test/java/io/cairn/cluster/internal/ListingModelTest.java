/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.storage.KeyOrder;

/**
 * Listing against a simple in-memory model: seeded random puts and deletes over a small alphabet, then every page
 * of random prefix/delimiter/marker/max-keys requests compared with the model's answer.
 */
class ListingModelTest {

    @TempDir
    Path tmp;

    private static final String[] SEGMENTS = {"a", "b", "a-b", "a.b", "x", "a b", "é", "z9", "\uff01",
        "\ud83d\ude00"};
    private static final String[] DELIMITERS = {"", "/", "-", ".", "a"};

    /** A page of the model. */
    record ModelPage(List<String> objects, List<String> prefixes, boolean truncated, String nextMarker) {
    }

    /** The model: sorted keys; a page as S3 defines it. */
    static ModelPage model(TreeSet<String> keys, ListRequest r) {
        List<String> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = "";
        for (String k : keys) {
            if (!k.startsWith(r.prefix()) || KeyOrder.compare(k, r.marker()) <= 0) {
                continue;
            }
            String entry = k;
            boolean isPrefix = false;
            if (!r.delimiter().isEmpty()) {
                int at = k.indexOf(r.delimiter(), r.prefix().length());
                if (at >= 0) {
                    entry = k.substring(0, at + r.delimiter().length());
                    isPrefix = true;
                    if (KeyOrder.compare(entry, r.marker()) <= 0 || prefixes.contains(entry)) {
                        continue;
                    }
                }
            }
            if (objects.size() + prefixes.size() >= r.maxKeys()) {
                return new ModelPage(objects, prefixes, true, last);
            }
            if (isPrefix) {
                prefixes.add(entry);
            } else {
                objects.add(k);
            }
            last = entry;
        }
        return new ModelPage(objects, prefixes, false, "");
    }

    @Test
    void randomOperationsMatchTheModel() throws Exception {
        long seed = Long.getLong("test.seed", 1206L);
        Random rnd = new Random(seed);
        EngineConfig d = TestCluster.small();
        // Tiny walk pages so that every drive cursor pages many times within one listing page.
        EngineConfig config = d.withWalkPageEntries(1 + rnd.nextInt(4));
        try (TestCluster c = new TestCluster(tmp, 2, 3, config)) {
            c.layer.makeBucket("bucket", BucketOptions.DEFAULT);
            TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
            for (int i = 0; i < 150; i++) {
                String key = randomKey(rnd);
                if (rnd.nextInt(4) == 0 && !keys.isEmpty()) {
                    String victim = keys.ceiling(key) != null ? keys.ceiling(key) : keys.first();
                    c.layer.deleteObject("bucket", victim);
                    keys.remove(victim);
                } else {
                    c.put("bucket", key, new byte[] {(byte) i});
                    keys.add(key);
                }
            }
            for (int q = 0; q < 60; q++) {
                String base = randomKey(rnd);
                String prefix = rnd.nextInt(3) == 0 ? "" : base.substring(0, Math.min(base.length(),
                        1 + rnd.nextInt(3)));
                String delimiter = DELIMITERS[rnd.nextInt(DELIMITERS.length)];
                int max = 1 + rnd.nextInt(7);
                String marker = rnd.nextInt(3) == 0 ? randomKey(rnd) : "";
                for (int pageNo = 0; pageNo < 200; pageNo++) {
                    ListRequest r = new ListRequest(prefix, delimiter, marker, max);
                    ModelPage expected = model(keys, r);
                    ListPage actual = c.layer.listObjects("bucket", r);
                    String ctx = "seed " + seed + " request " + r;
                    assertEquals(expected.objects(), actual.objects().stream().map(ObjectInfo::key).toList(), ctx);
                    assertEquals(expected.prefixes(), actual.commonPrefixes(), ctx);
                    assertEquals(expected.truncated(), actual.truncated(), ctx);
                    assertEquals(expected.nextMarker(), actual.nextMarker(), ctx);
                    if (!actual.truncated()) {
                        break;
                    }
                    marker = actual.nextMarker();
                }
            }
        }
    }

    private static String randomKey(Random rnd) {
        StringBuilder sb = new StringBuilder(SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
        for (int d = rnd.nextInt(3); d > 0; d--) {
            sb.append('/').append(SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
        }
        if (rnd.nextInt(10) == 0) {
            sb.append('/');
        }
        return sb.toString();
    }
}
