/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.VerifyingClient;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Four nodes on loopback, with one and with two drives each, every node started with the same endpoint arguments:
 * an object written through any node reads back byte for byte through every other node at once (read-after-write),
 * and every node lists it at once (list-after-write); overwrites and deletes are seen the same way.
 */
class ClusterTest {

    private static final long SEED = Long.getLong("systest.seed", 6006L);
    /** Larger than a 1 MiB block with a partial last one, so the object is erasure-coded over every drive. */
    private static final long LARGE = 3L * (1 << 20) + 12_345;
    /** Stored inline in the metadata. */
    private static final long SMALL = 1_000;

    @ParameterizedTest(name = "4 nodes x {0} drive(s)")
    @ValueSource(ints = {1, 2})
    void everyNodeReadsAndListsWhatAnyNodeWrote(int drivesPerNode) throws Exception {
        try (Cluster cluster = Cluster.builder("cluster4x" + drivesPerNode).drivesPerNode(drivesPerNode).start()) {
            cluster.awaitReady();
            for (int i = 0; i < cluster.size(); i++) {
                cluster.awaitAllOnline(i);
            }
            String bucket = S3Server.bucketName("cluster");
            cluster.client(0).createBucket(b -> b.bucket(bucket));
            VerifyingClient objects = new VerifyingClient(bucket);
            List<String> keys = new ArrayList<>();
            for (int w = 0; w < cluster.size(); w++) {
                for (long size : new long[] {LARGE, SMALL}) {
                    String key = (size == LARGE ? "large/" : "small/") + "from-node-" + (w + 1);
                    VerifyingClient.Ack ack = objects.put(cluster.client(w), key, SEED + keys.size(), size);
                    keys.add(key);
                    keys.sort(null);
                    for (int r = 0; r < cluster.size(); r++) {
                        if (r != w) {
                            objects.verify(cluster.client(r), ack);
                            assertEquals(keys, list(cluster, r, bucket), "seed " + SEED + ": node " + (r + 1)
                                    + " lists what node " + (w + 1) + " wrote");
                        }
                    }
                }
            }

            VerifyingClient.Ack overwritten = objects.put(cluster.client(2), "large/from-node-1", SEED + 100, LARGE);
            for (int r = 0; r < cluster.size(); r++) {
                objects.verify(cluster.client(r), overwritten);
            }
            cluster.client(3).deleteObject(b -> b.bucket(bucket).key("small/from-node-2"));
            keys.remove("small/from-node-2");
            for (int r = 0; r < cluster.size(); r++) {
                int node = r;
                assertThrows(NoSuchKeyException.class, () -> cluster.client(node).headObject(b -> b.bucket(bucket)
                        .key("small/from-node-2")), "node " + (r + 1) + " after the delete");
                assertEquals(keys, list(cluster, r, bucket), "node " + (r + 1) + " lists without the deleted key");
            }
        }
    }

    private static List<String> list(Cluster cluster, int node, String bucket) {
        return cluster.client(node).listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .toList();
    }
}
