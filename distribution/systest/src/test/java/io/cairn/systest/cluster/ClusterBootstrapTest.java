/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.VerifyingClient;
import io.cairn.systest.s3.S3Server;

/**
 * One node of four that must not join: started with other endpoint arguments, or with other root credentials. It
 * is refused with a message naming the problem and does not serve; the three others start without it and serve.
 */
class ClusterBootstrapTest {

    private static final long SEED = Long.getLong("systest.seed", 8008L);

    @Test
    void aNodeStartedWithOtherArgumentsIsRefusedAndTheOthersServe() throws Exception {
        try (Cluster cluster = Cluster.builder("bootstrap-args").arguments(3, args -> {
            List<String> other = new ArrayList<>(args);
            other.set(3, args.get(3).replace("/drive1", "/elsewhere"));
            return other;
        }).start()) {
            String odd = cluster.nodeAddresses().get(3);
            cluster.awaitLog(3, "Refusing to serve: Peer 127.0.0.1:");
            cluster.awaitLog(3, "was started with other endpoint arguments: argument 4 is '"
                    + cluster.endpoints().get(3) + "' there but");
            for (int i = 0; i < 3; i++) {
                cluster.awaitLog(i, "Peer " + odd + " was started with other endpoint arguments: argument 4");
            }
            assertServedWithoutTheFourthNode(cluster);
        }
    }

    @Test
    void aNodeWithOtherCredentialsIsRefusedAndTheOthersServe() throws Exception {
        try (Cluster cluster = Cluster.builder("bootstrap-credentials").env(3, Map.of("CAIRN_ROOT_USER",
                Cluster.ACCESS_KEY, "CAIRN_ROOT_PASSWORD", "another-secret-0123456789")).start()) {
            String odd = cluster.nodeAddresses().get(3);
            cluster.awaitLog(3, cluster.nodeAddresses().get(0) + " refuses this node's credentials (every node must"
                    + " run with the same CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD");
            for (int i = 0; i < 3; i++) {
                cluster.awaitLog(i, odd + " refuses this node's credentials");
            }
            assertServedWithoutTheFourthNode(cluster);
        }
    }

    /** The first three nodes become ready, see each other's drives and serve reads and writes; the fourth does not. */
    private static void assertServedWithoutTheFourthNode(Cluster cluster) throws Exception {
        // the write below needs every drive of the three serving nodes: wait until each of them sees those online
        Pattern threeOnline = Pattern.compile("Status:\\s+3 Online, 1 Offline");
        for (int i = 0; i < 3; i++) {
            int node = i;
            cluster.node(node).awaitReady();
            Cluster.await("node " + (node + 1) + " reports the three serving nodes' drives online",
                    () -> threeOnline.matcher(cluster.info(node)).find());
        }
        String bucket = S3Server.bucketName("bootstrap");
        cluster.client(0).createBucket(b -> b.bucket(bucket));
        VerifyingClient objects = new VerifyingClient(bucket);
        VerifyingClient.Ack ack = objects.put(cluster.client(1), "served/object", SEED, 3L * (1 << 20) + 1);
        objects.verify(cluster.client(2), ack);
        objects.verify(cluster.client(0), ack);
        assertNotEquals(200, cluster.node(3).status("/minio/health/ready"), "the refused node must not serve");
    }
}
