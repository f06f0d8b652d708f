/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.Node;
import io.cairn.systest.harness.RawHttp;

/**
 * {@code /minio/health/ready} answers 200 only while S3 requests are served: a load balancer that trusts it never
 * sends a client to a node whose S3 front end is not running (while it starts, or while its bundle is replaced).
 */
class ReadyProbeTest {

    private static final Map<String, String> CREDENTIALS =
            Map.of("CAIRN_ROOT_USER", "systest-admin", "CAIRN_ROOT_PASSWORD", "systest-password");

    private static Distribution distribution;

    @BeforeAll
    static void locate() {
        distribution = Distribution.fromBuild();
    }

    @Test
    void readyFollowsTheS3FrontEnd() throws Exception {
        Path dir = distribution.scratch("ready-probe");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            assertEquals(403, node.status("/"), "an anonymous S3 request is answered by S3");
            String s3 = bundleId(node, "cairn.s3");

            assertEquals(0, node.admin("felix:stop", s3).status());
            RawHttp.Response stopped = RawHttp.send(node.port(), "GET", "/minio/health/ready",
                    Map.of("host", "127.0.0.1:" + node.port()), new byte[0]);
            assertEquals(503, stopped.status(), stopped.toString());
            assertEquals("S3 API not started", stopped.header("x-cairn-health"));
            assertEquals(503, node.status("/"), "S3 requests are answered 503 meanwhile");
            assertEquals(200, node.status("/minio/health/live"));

            assertEquals(0, node.admin("felix:start", s3).status());
            assertEquals(200, node.status("/minio/health/ready"));
            assertEquals(403, node.status("/"));
        }
    }

    /** The id of a bundle, from the node's bundle list. */
    private static String bundleId(Node node, String symbolicName) throws Exception {
        Distribution.Result list = node.admin("lb", "-s");
        assertEquals(0, list.status(), list.err());
        String id = list.out().lines().filter(l -> l.contains("|" + symbolicName + " ("))
                .map(l -> l.substring(0, l.indexOf('|')).trim()).findFirst().orElse(null);
        assertNotNull(id, list.out());
        return id;
    }
}
