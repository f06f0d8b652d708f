/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.FreePorts;
import io.cairn.systest.harness.Node;
import io.cairn.systest.s3.S3Server;

/**
 * Two nodes that must not form a cluster: started with different endpoint arguments, or with different root
 * credentials. Each refuses with a log message naming the problem and does not serve.
 */
class ClusterBootstrapTest {

    private static final Duration CONDITION_LIMIT = Duration.ofSeconds(60);

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Node node : nodes) {
            node.close();
        }
    }

    @Test
    void nodesStartedWithDifferentArgumentsRefuseToServe() throws Exception {
        Distribution distribution = Distribution.fromBuild();
        Path dir = distribution.scratch("cluster-args");
        int a = FreePorts.next();
        int b = FreePorts.next();
        String first = "http://127.0.0.1:" + a + dir.resolve("n1").toAbsolutePath();
        List<String> ours = List.of(first, "http://127.0.0.1:" + b + dir.resolve("n2").toAbsolutePath());
        List<String> theirs = List.of(first, "http://127.0.0.1:" + b + dir.resolve("other").toAbsolutePath());
        Node nodeA = start(distribution, dir, "a", a, ours, S3Server.credentials());
        Node nodeB = start(distribution, dir, "b", b, theirs, S3Server.credentials());
        awaitLog(nodeA, "Refusing to serve: Peer 127.0.0.1:" + b + " was started with other endpoint arguments");
        awaitLog(nodeA, "argument 2");
        awaitLog(nodeB, "Refusing to serve: Peer 127.0.0.1:" + a + " was started with other endpoint arguments");
        assertNotEquals(200, nodeA.status("/minio/health/ready"));
        assertNotEquals(200, nodeB.status("/minio/health/ready"));
    }

    @Test
    void aNodeWithOtherCredentialsIsRefused() throws Exception {
        Distribution distribution = Distribution.fromBuild();
        Path dir = distribution.scratch("cluster-creds");
        int a = FreePorts.next();
        int b = FreePorts.next();
        List<String> endpoints = List.of("http://127.0.0.1:" + a + dir.resolve("n1").toAbsolutePath(),
                "http://127.0.0.1:" + b + dir.resolve("n2").toAbsolutePath());
        Node nodeA = start(distribution, dir, "a", a, endpoints, S3Server.credentials());
        Node nodeB = start(distribution, dir, "b", b, endpoints, Map.of("CAIRN_ROOT_USER", S3Server.ACCESS_KEY,
                "CAIRN_ROOT_PASSWORD", "another-secret-0123456789"));
        awaitLog(nodeA, "127.0.0.1:" + b + " refuses this node's credentials");
        awaitLog(nodeB, "127.0.0.1:" + a + " refuses this node's credentials");
        assertNotEquals(200, nodeA.status("/minio/health/ready"));
        assertNotEquals(200, nodeB.status("/minio/health/ready"));
    }

    private Node start(Distribution distribution, Path dir, String name, int port, List<String> endpoints,
            Map<String, String> env) throws Exception {
        Path work = dir.resolve("work-" + name);
        Files.createDirectories(work);
        Node node = Node.start(distribution, work, port, endpoints, env);
        nodes.add(node);
        node.awaitLive();
        return node;
    }

    private static void awaitLog(Node node, String text) throws IOException {
        long deadline = System.nanoTime() + CONDITION_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (node.log().contains(text)) {
                return;
            }
            // Probing the node paces the loop: a request takes a moment, and the log is only read between them.
            node.status("/minio/health/live");
        }
        throw new AssertionError("Not within " + CONDITION_LIMIT + " in the log of node " + node.port() + ": " + text
                + "\n" + node.log());
    }
}
