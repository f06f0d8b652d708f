/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.FreePorts;
import io.cairn.systest.harness.Node;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Four nodes with one drive each on loopback, every node started with the same endpoint arguments: an object
 * written through one node reads back byte for byte through every other node, listings agree across nodes, the
 * cluster keeps serving when one node is killed with {@code kill -9}, and the restarted node rejoins with every
 * drive online.
 */
class ClusterTest {

    private static final long SEED = Long.getLong("systest.seed", 6006L);
    private static final int NODES = 4;
    /** Larger than a block, so the object is erasure-coded over the drives rather than inlined. */
    private static final int OBJECT_BYTES = 3 * (1 << 20) + 12_345;
    private static final Duration CONDITION_LIMIT = Duration.ofSeconds(60);
    private static final String ALL_ONLINE = "Status:     4 Online, 0 Offline";

    private final List<Node> nodes = new ArrayList<>();
    private final List<S3Client> clients = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        clients.forEach(S3Client::close);
        for (Node node : nodes) {
            node.close();
        }
    }

    @Test
    void objectsWrittenThroughOneNodeReadThroughAllAndSurviveANodeKill() throws Exception {
        Distribution distribution = Distribution.fromBuild();
        Path dir = distribution.scratch("cluster4x1");
        List<Integer> ports = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            int port = FreePorts.next();
            ports.add(port);
            endpoints.add("http://127.0.0.1:" + port + dir.resolve("n" + i).toAbsolutePath());
        }
        for (int i = 0; i < NODES; i++) {
            Path work = dir.resolve("work" + (i + 1));
            Files.createDirectories(work);
            nodes.add(Node.start(distribution, work, ports.get(i), endpoints, S3Server.credentials()));
        }
        for (Node node : nodes) {
            node.awaitReady();
            clients.add(client(node));
        }
        for (int i = 0; i < NODES; i++) {
            Node node = nodes.get(i);
            awaitCondition("node " + (i + 1) + " sees every drive online", () -> info(node).contains(ALL_ONLINE));
        }

        String bucket = S3Server.bucketName("cluster");
        clients.get(0).createBucket(b -> b.bucket(bucket));
        byte[] data = new SeededContent(SEED, OBJECT_BYTES).bytes();
        clients.get(0).putObject(b -> b.bucket(bucket).key("big/object"), RequestBody.fromBytes(data));
        for (int i = 1; i < NODES; i++) {
            assertArrayEquals(data, get(i, bucket, "big/object"), "seed " + SEED + ": read through node " + (i + 1));
        }
        for (int i = 0; i < NODES; i++) {
            String key = "small/from-node-" + (i + 1);
            clients.get(i).putObject(b -> b.bucket(bucket).key(key), RequestBody.empty());
        }
        List<String> expected = List.of("big/object", "small/from-node-1", "small/from-node-2", "small/from-node-3",
                "small/from-node-4");
        for (int i = 0; i < NODES; i++) {
            assertEquals(expected, list(i, bucket), "listing through node " + (i + 1));
        }

        nodes.get(NODES - 1).kill();
        byte[] after = new SeededContent(SEED + 1, OBJECT_BYTES).bytes();
        clients.get(1).putObject(b -> b.bucket(bucket).key("after/kill"), RequestBody.fromBytes(after));
        for (int i = 0; i < NODES - 1; i++) {
            assertArrayEquals(data, get(i, bucket, "big/object"), "seed " + SEED + ": node " + (i + 1)
                    + " with a node down");
            assertArrayEquals(after, get(i, bucket, "after/kill"), "seed " + SEED + ": node " + (i + 1)
                    + " with a node down");
        }

        Node restarted = nodes.get(NODES - 1).restart().awaitReady();
        awaitCondition("the restarted node reports every drive online", () -> info(restarted)
                .contains(ALL_ONLINE));
        awaitCondition("node 1 sees the restarted node's drive online again", () -> info(nodes.get(0))
                .contains(ALL_ONLINE));
        S3Client back = client(restarted);
        clients.add(back);
        assertArrayEquals(after, back.getObjectAsBytes(b -> b.bucket(bucket).key("after/kill")).asByteArray(),
                "seed " + SEED + ": read through the restarted node");
    }

    private byte[] get(int node, String bucket, String key) {
        return clients.get(node).getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private List<String> list(int node, String bucket) {
        return clients.get(node).listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .toList();
    }

    private static String info(Node node) {
        try {
            Distribution.Result result = node.admin("cairn:info");
            return result.out();
        } catch (Exception e) {
            return "";
        }
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + CONDITION_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("Not within " + CONDITION_LIMIT + ": " + what);
    }

    private static S3Client client(Node node) {
        return S3Client.builder()
                .endpointOverride(URI.create(node.url()))
                .region(Region.of(S3Server.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                        S3Server.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofMinutes(1))
                        .build())
                .build();
    }
}
