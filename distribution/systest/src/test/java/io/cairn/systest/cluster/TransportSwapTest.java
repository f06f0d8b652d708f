/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.BundleJars;
import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.LoadDriver;
import io.cairn.systest.harness.VerifyingClient;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The peer transport of one node replaced, several times over, while the other nodes write objects through it:
 * not one shard write fails. A shard upload that reached the node's stopping handler is refused before a byte of it
 * is read and sent again to the successor, so every PUT reaches all four drives and none leaves work for healing.
 */
class TransportSwapTest {

    private static final long SEED = Long.getLong("systest.seed", 5150L);
    private static final int SWAPS = 3;
    /** What a coordinating node logs (at debug) for an object a write did not bring to every drive. */
    private static final String PARTIAL_WRITE = "needs healing (PARTIAL_WRITE)";
    private static final String REPLACED = "Peer transport replaced";
    /** An object's metadata file in its directory on a drive. */
    private static final String META = "__cairn.meta";

    private Cluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void noShardWriteFailsWhileAPeersTransportIsReplacedUnderLoad() throws Exception {
        // The damage reporter logs every partial write at debug; the scanner stays off so that nothing else heals.
        Cluster.Builder builder = Cluster.builder("swap-uploads").conf("io.cairn.heal.cfg", "scannerEnabled = false\n");
        Map<String, String> env = new HashMap<>(Cluster.credentials());
        env.put("CAIRN_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.log.io.cairn.cluster.internal.DamageCounter=debug");
        for (int i = 0; i < 4; i++) {
            builder.env(i, env);
        }
        cluster = builder.start();
        cluster.awaitReady();
        for (int i = 0; i < 4; i++) {
            cluster.awaitAllOnline(i);
        }
        String bucket = S3Server.bucketName("swap-uploads");
        cluster.client(1).createBucket(b -> b.bucket(bucket));
        VerifyingClient objects = new VerifyingClient(bucket);
        // Every PUT goes through another node than the swapped one, which uploads a shard to it.
        List<S3Client> clients = List.of(cluster.client(1), cluster.client(2), cluster.client(3));
        List<String> failures;
        try (LoadDriver load = LoadDriver.start(objects, SEED, clients)) {
            load.awaitProgress("before the first swap", 5);
            for (int swap = 1; swap <= SWAPS; swap++) {
                swapTransport(swap);
                load.awaitProgress("after swap " + swap, 5);
            }
            failures = load.failures();
        }
        assertEquals(List.of(), failures, "requests while node 1's transport was replaced");
        // The control: damage a GET finds is logged through the same debug logger, so its silence means something.
        VerifyingClient.Ack probe = objects.acknowledged().values().iterator().next();
        Files.delete(cluster.dir().resolve("node1/drive1").resolve(bucket).resolve(probe.key()).resolve(META));
        objects.verify(cluster.client(1), probe);
        cluster.awaitLog(1, "Object " + bucket + "/" + probe.key() + " needs healing (MISSING)");
        for (int i = 0; i < 4; i++) {
            String log = cluster.node(i).log();
            assertFalse(log.contains(PARTIAL_WRITE), "node " + (i + 1) + " wrote an object to fewer than every"
                    + " drive:\n" + excerpt(log));
        }
        objects.verifyAll(cluster.client(0));
        String info = cluster.info(0);
        assertTrue(info.contains("cairn.rpc.http 0.1." + SWAPS + ".systest"), info);
    }

    /** Drops a newer transport into node 1's {@code deploy/} and waits until the node runs on it. */
    private void swapTransport(int swap) throws Exception {
        Path jar = cluster.dir().resolve("cairn.rpc.http-0.1." + swap + ".systest.jar");
        BundleJars.withVersion(cluster.node(0).distribution(), "cairn.rpc.http", "0.1." + swap + ".systest", jar);
        Files.move(jar, cluster.node(0).distribution().home().resolve("deploy").resolve(jar.getFileName()));
        Cluster.await("node 1 replaced its transport " + swap + " time(s)", () -> count(cluster.node(0).log(),
                REPLACED) >= swap);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private static String excerpt(String log) {
        return log.lines().filter(l -> l.contains(PARTIAL_WRITE) || l.contains("WARN") || l.contains("ERROR"))
                .limit(40).reduce("", (a, b) -> a + b + "\n");
    }
}
