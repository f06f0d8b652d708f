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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.cairn.systest.harness.BundleJars;
import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.LoadDriver;
import io.cairn.systest.harness.LockHolder;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.harness.VerifyingClient;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Faults on a running four-node cluster (one drive per node), all from the packaged distribution: a node killed
 * with {@code kill -9} under load, two nodes down at once, concurrent writers of one key through different nodes, a
 * lock holder killed while it holds a write lock, and the peer transport replaced under load. The tests share one
 * cluster; each starts with every node running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {

    private static final long SEED = Long.getLong("systest.seed", 7007L);
    /** Lock entries expire after 15 s without a refresh (refreshed every 3 s, calls time out after 10 s). */
    private static final String LOCKS = "expiryMs = 15000\nrefreshIntervalMs = 3000\n";
    /** The bound a client request may take while two of four nodes are down. */
    private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(25);
    private static final long LARGE = 2L * (1 << 20) + 777;

    private Cluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = Cluster.builder("faults").conf("io.cairn.lock.dsync.cfg", LOCKS).start().awaitReady();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A test that failed half-way may leave nodes down: bring them back for the next one. */
    @BeforeEach
    void everyNodeRuns() throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.node(i).isAlive()) {
                cluster.restart(i);
            }
        }
        cluster.awaitReady();
    }

    @Test
    @Order(1)
    void aNodeKilledUnderLoadLosesNoAcknowledgedWriteAndRejoins() throws Exception {
        String bucket = bucket("kill");
        VerifyingClient objects = new VerifyingClient(bucket);
        List<S3Client> clients = List.of(cluster.client(0), cluster.client(1), cluster.client(2));
        List<String> failures;
        try (LoadDriver load = LoadDriver.start(objects, SEED, clients)) {
            load.awaitProgress("before the kill", 5);
            cluster.kill(3);
            load.awaitProgress("with node 4 killed", 10);
            failures = load.failures();
        }
        assertTrue(failures.stream().noneMatch(f -> f.contains("WRONG DATA")), failures.toString());
        System.out.println("kill -9 under load: " + objects.acknowledged().size() + " acknowledged writes, "
                + failures.size() + " failed requests " + failures);
        objects.verifyAll(cluster.client(1));

        cluster.restart(3);
        cluster.node(3).awaitReady();
        for (int i : new int[] {3, 0}) {
            cluster.awaitAllOnline(i);
        }
        objects.verifyAll(cluster.client(3));
    }

    @Test
    @Order(2)
    void withTwoNodesDownWritesFailFastReadsGoOnAndServiceReturnsByItself() throws Exception {
        String bucket = bucket("two-down");
        VerifyingClient objects = new VerifyingClient(bucket);
        for (int i = 0; i < 6; i++) {
            objects.put(cluster.client(i % 4), "before/" + i, SEED + i, i % 2 == 0 ? LARGE : 5_000);
        }
        Cluster.await("node 1 may go down for maintenance while every drive is online",
                () -> cluster.node(0).status("/minio/health/cluster?maintenance=true") == 200);
        cluster.kill(2);
        cluster.kill(3);
        Cluster.await("node 1 sees write quorum lost", () -> cluster.node(0).status("/minio/health/cluster") == 503);
        assertEquals(200, cluster.node(0).status("/minio/health/cluster/read"), "2 of 4 drives still read 2+2");
        assertEquals(412, cluster.node(0).status("/minio/health/cluster?maintenance=true"));
        try (S3Client bounded = cluster.newClient(0, FAIL_FAST_BOUND)) {
            // A hang would end in the client's own timeout (an SdkException that is no S3Exception): that fails.
            S3Exception put = expectServiceError(() -> objects.put(bounded, "during/put", SEED + 50, LARGE));
            S3Exception delete = expectServiceError(() -> bounded.deleteObject(b -> b.bucket(bucket).key("before/1")));
            System.out.println("two of four nodes down: PUT " + put.awsErrorDetails().errorCode() + ", DELETE "
                    + delete.awsErrorDetails().errorCode());
            // The client sees a generic message; the node's log keeps which request failed and why.
            cluster.awaitLog(0, "PUT /" + bucket + "/during/put answered " + put.awsErrorDetails().errorCode() + ": ");
            cluster.awaitLog(0, "DELETE /" + bucket + "/before/1 answered " + delete.awsErrorDetails().errorCode());
        }
        for (int reader : new int[] {0, 1}) {
            objects.verifyAll(cluster.client(reader));
        }

        cluster.restart(2);
        cluster.restart(3);
        cluster.node(2).awaitReady();
        cluster.node(3).awaitReady();
        Cluster.await("a PUT through node 1 succeeds again", () -> {
            try {
                objects.put(cluster.client(0), "after/put", SEED + 60, LARGE);
                return true;
            } catch (S3Exception e) {
                return false;
            }
        });
        // Each node finds the returned peers on its own schedule: node 2 serves writes again once it sees them.
        cluster.awaitAllOnline(1);
        Cluster.await("a DELETE through node 2 succeeds again", () -> {
            try {
                cluster.client(1).deleteObject(b -> b.bucket(bucket).key("before/1"));
                return true;
            } catch (S3Exception e) {
                return false;
            }
        });
        for (int reader : new int[] {2, 3}) {
            for (VerifyingClient.Ack ack : objects.acknowledged().values()) {
                if (!ack.key().equals("before/1")) {
                    objects.verify(cluster.client(reader), ack);
                }
            }
        }
        cluster.awaitAllOnline(0);
    }

    @Test
    @Order(3)
    void concurrentWritersOfOneKeyLeaveExactlyOneCompleteVersion() throws Exception {
        String bucket = bucket("race");
        String key = "contended/object";
        int writers = cluster.size();
        for (int round = 0; round < 4; round++) {
            Map<Long, String> written = new ConcurrentHashMap<>();
            List<String> failures = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long seed = SEED * 100 + round * 10 + w;
                S3Client via = cluster.client(w);
                VerifyingClient objects = new VerifyingClient(bucket);
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        written.put(seed, objects.put(via, key, seed, LARGE).sha256());
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertFalse(written.isEmpty(), "round " + round + ": no writer succeeded: " + failures);
            Set<String> seen = new HashSet<>();
            for (int r = 0; r < cluster.size(); r++) {
                int reader = r;
                ResponseBytes<GetObjectResponse> got = cluster.client(reader).getObjectAsBytes(b -> b.bucket(bucket)
                        .key(key));
                String sha = SeededContent.digest("SHA-256", got.asInputStream());
                assertTrue(written.containsValue(sha), "round " + round + ", seed " + SEED + ": node " + (r + 1)
                        + " returned a version no writer completed (mixed or torn)");
                assertEquals(LARGE, got.response().contentLength());
                seen.add(sha + " " + got.response().eTag());
            }
            assertEquals(1, seen.size(), "round " + round + ": the nodes disagree on the winner: " + seen);
            assertEquals(List.of(key), cluster.client(0).listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                    .map(o -> o.key()).toList());
        }
    }

    @Test
    @Order(4)
    void theNameOfAKilledLockHolderIsWritableAfterTheExpiry() throws Exception {
        String bucket = bucket("lock");
        String key = "held/object";
        String resource = bucket + "/" + key;
        List<String> nodes = cluster.nodeAddresses();
        // conf/ reaches the lock service at a first start and at a restart (node 4 was restarted above).
        for (int i : new int[] {0, 3}) {
            String scr = cluster.node(i).admin("scr:info", "io.cairn.lock.dsync.internal.DsyncComponent").out();
            assertTrue(Pattern.compile("expiryMs<\\w+> = 15000").matcher(scr).find(), "node " + (i + 1) + ": " + scr);
        }
        Process holder = LockHolder.hold(resource, 3_000, nodes, Cluster.credentials());
        try {
            assertFalse(LockHolder.tryOnce(resource, nodes, Cluster.credentials()),
                    "the holder's write lock must keep others out");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        // The lock servers still hold the entries; the PUT waits (lockTimeoutMs, 30 s) until they expire (15 s).
        VerifyingClient objects = new VerifyingClient(bucket);
        VerifyingClient.Ack ack = objects.put(cluster.client(1), key, SEED + 400, LARGE);
        objects.verify(cluster.client(2), ack);
        assertTrue(LockHolder.tryOnce(resource, nodes, Cluster.credentials()), "free again");
    }

    @Test
    @Order(5)
    void replacingTheTransportUnderLoadFailsNoClientRequest() throws Exception {
        String bucket = bucket("swap");
        VerifyingClient objects = new VerifyingClient(bucket);
        Path jar = cluster.dir().resolve("cairn.rpc.http-0.1.1.systest.jar");
        BundleJars.withVersion(cluster.node(0).distribution(), "cairn.rpc.http", "0.1.1.systest", jar);
        List<S3Client> clients = List.of(cluster.client(0), cluster.client(0), cluster.client(0));
        List<String> failures;
        try (LoadDriver load = LoadDriver.start(objects, SEED + 5, clients)) {
            load.awaitProgress("before the swap", 5);
            Files.move(jar, cluster.node(0).distribution().home().resolve("deploy").resolve(jar.getFileName()));
            cluster.awaitLog(0, "Peer transport replaced");
            load.awaitProgress("after the swap", 10);
            failures = load.failures();
        }
        assertEquals(List.of(), failures, "requests through the node whose transport was replaced");
        objects.verifyAll(cluster.client(0));
        objects.verifyAll(cluster.client(2));
        String info = cluster.info(0);
        assertTrue(info.contains("cairn.rpc.http 0.1.1.systest"), info);
    }

    private String bucket(String stem) {
        String bucket = S3Server.bucketName(stem);
        cluster.client(0).createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static S3Exception expectServiceError(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            assertEquals(503, e.statusCode(), "a 503-class error: " + e.getMessage());
            return e;
        } catch (SdkException e) {
            throw new AssertionError("no S3 answer within " + FAIL_FAST_BOUND + ": " + e, e);
        }
        throw new AssertionError("the request succeeded with two of four nodes down");
    }
}
