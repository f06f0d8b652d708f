/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static io.cairn.systest.heal.HealTestSupport.assertReadsBack;
import static io.cairn.systest.heal.HealTestSupport.assertSameTree;
import static io.cairn.systest.heal.HealTestSupport.await;
import static io.cairn.systest.heal.HealTestSupport.healConf;
import static io.cairn.systest.heal.HealTestSupport.put;
import static io.cairn.systest.heal.HealTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.FreePorts;
import io.cairn.systest.harness.Node;
import io.cairn.systest.harness.SeededContent;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Healing in a four-node cluster (one drive per node, EC:2), each node from its own installation with its own
 * heal settings: writes and deletes a stopped node missed reach its drive after it restarts without any client
 * reading them (the missed-write queue, with the scanner off), and a drive replaced on one node is refilled by a
 * drive heal whose progress {@code cairn:heal status} shows while it runs.
 */
class HealClusterTest {

    private static final long SEED = Long.getLong("systest.seed", 9_119L);
    private static final int NODES = 4;
    private static final int KIB = 1024;
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private final List<Node> nodes = new ArrayList<>();
    private final List<Path> drives = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Node node : nodes) {
            node.close();
        }
    }

    private void startCluster(String name, Map<String, String> conf) throws Exception {
        Distribution base = Distribution.fromBuild();
        Path dir = base.scratch(name);
        List<Integer> ports = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            int port = FreePorts.next();
            ports.add(port);
            Path drive = dir.resolve("n" + i).toAbsolutePath();
            drives.add(drive);
            endpoints.add("http://127.0.0.1:" + port + drive);
        }
        for (int i = 0; i < NODES; i++) {
            Path work = Files.createDirectories(dir.resolve("work" + (i + 1)));
            Distribution own = base.copyTo(dir.resolve("home" + (i + 1)), conf);
            nodes.add(Node.start(own, work, ports.get(i), endpoints, S3Server.credentials()));
        }
        for (Node node : nodes) {
            node.awaitReady().awaitS3();
        }
        for (Node node : nodes) {
            await("every drive online on " + node.url(), LIMIT,
                    () -> node.admin("cairn:info").out().contains("Status:     4 Online, 0 Offline"));
        }
    }

    private static S3Client client(Node node) {
        return S3Client.builder()
                .endpointOverride(URI.create(node.url()))
                .region(Region.of(S3Server.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                        S3Server.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofMinutes(1)).build())
                .build();
    }

    private static SeededContent content(long salt, long size) {
        return new SeededContent(SEED * 1_000_003L + salt, size);
    }

    @Test
    void writesAndDeletesAStoppedNodeMissedReachItAfterItsRestart() throws Exception {
        startCluster("heal-mrf", healConf("scannerEnabled", "false", "mrfRetryMs", "1000", "mrfRetryMaxMs",
                "2000", "healFreshDrives", "false"));
        String bucket = S3Server.bucketName("mrf");
        Map<String, SeededContent> objects = new TreeMap<>();
        try (S3Client s3 = client(nodes.get(0))) {
            s3.createBucket(b -> b.bucket(bucket));
            for (int i = 0; i < 8; i++) {
                SeededContent c = content(i, i % 2 == 0 ? 40 * KIB : 1200 * KIB);
                put(s3, bucket, "before/" + i, c);
                objects.put("before/" + i, c);
            }
            Node fourth = nodes.get(3);
            fourth.stop();
            for (int i = 0; i < 8; i++) {
                SeededContent c = content(100 + i, i % 2 == 0 ? 40 * KIB : 1200 * KIB);
                put(s3, bucket, "while-down/" + i, c);
                objects.put("while-down/" + i, c);
            }
            for (int i = 0; i < 2; i++) {
                SeededContent c = content(200 + i, 900 * KIB);
                put(s3, bucket, "before/" + i, c);
                objects.put("before/" + i, c);
            }
            for (int i = 6; i < 8; i++) {
                String key = "before/" + i;
                s3.deleteObject(b -> b.bucket(bucket).key(key));
                objects.remove(key);
            }
            assertFalse(tree(drives.get(3), bucket).equals(tree(drives.get(0), bucket)), "node 4 missed writes");
            fourth.restart().awaitReady().awaitS3();
            AtomicReference<String> last = new AtomicReference<>();
            await("node 4's drive holds exactly what node 1's holds", LIMIT, () -> {
                last.set(tree(drives.get(3), bucket) + "\nvs\n" + tree(drives.get(0), bucket));
                return tree(drives.get(3), bucket).equals(tree(drives.get(0), bucket));
            });
            assertSameTree(drives.get(0), drives.get(3), bucket);
            // node 1 counts a missed delete after applying it, so the trees can match before the counter moves
            await("node 1 counts the missed deletes it applied", LIMIT,
                    () -> HealView.of(nodes.get(0)).total("deletesApplied") >= 2);
            HealView view = HealView.of(nodes.get(0));
            assertEquals(0, view.scannerCycles(), "the scanner is off");
            assertEquals(2, view.total("deletesApplied"), "missed deletes applied by node 1");
        }
        try (S3Client s3 = client(nodes.get(3))) {
            for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                assertReadsBack(s3, bucket, e.getKey(), e.getValue());
            }
        }
    }

    /**
     * A node restarted with an empty drive (a disk replaced while it was down) joins as soon as its peers answer, as
     * in MinIO: it does not take its own empty drive for one the first node is still formatting and wait
     * {@code peerWaitMs} for it, but formats it for its slot at once and heals its set onto it.
     */
    @Test
    void aNodeRestartedWithAnEmptyDriveJoinsAtOnceAndRefillsIt() throws Exception {
        startCluster("heal-restart-empty", healConf("scannerEnabled", "false", "freshDriveCheckMs", "500"));
        String bucket = S3Server.bucketName("restart-empty");
        Map<String, SeededContent> objects = new TreeMap<>();
        try (S3Client s3 = client(nodes.get(0))) {
            s3.createBucket(b -> b.bucket(bucket));
            for (int i = 0; i < 8; i++) {
                SeededContent c = content(400 + i, i % 2 == 0 ? 40 * KIB : 1200 * KIB);
                put(s3, bucket, "obj/" + i, c);
                objects.put("obj/" + i, c);
            }
        }
        Node third = nodes.get(2);
        third.stop();
        HealTestSupport.wipe(drives.get(2));
        Files.createDirectories(drives.get(2));
        third.restart().awaitReady().awaitS3();
        String log = third.log();
        assertTrue(log.contains("1 empty drive(s) of this node join the formatted deployment"), log);
        assertFalse(log.contains("to finish formatting the drives"), "waited for a formatting nobody does:\n" + log);
        await("node 3's drive heal finished", LIMIT, () -> HealView.of(third).finishedDriveHeal() != null);
        Map<String, String> done = HealView.of(third).finishedDriveHeal();
        assertEquals("8", done.get("healed"), done.toString());
        assertEquals("0", done.get("failed"), done.toString());
        assertSameTree(drives.get(0), drives.get(2), bucket);
        try (S3Client s3 = client(nodes.get(2))) {
            for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                assertReadsBack(s3, bucket, e.getKey(), e.getValue());
            }
        }
    }

    @Test
    void aReplacedDriveOnAClusterNodeIsRefilledWithVisibleProgress() throws Exception {
        // 2 MiB/s of heal writes: 24 objects of 1 MiB put 12 MiB of shards on the new drive, about six seconds.
        startCluster("heal-replace", healConf("scannerEnabled", "false", "freshDriveCheckMs", "500",
                "maxBytesPerSecond", Integer.toString(2 * 1024 * KIB), "healWorkers", "1"));
        String bucket = S3Server.bucketName("replace");
        Map<String, SeededContent> objects = new TreeMap<>();
        try (S3Client s3 = client(nodes.get(0))) {
            s3.createBucket(b -> b.bucket(bucket));
            for (int i = 0; i < 24; i++) {
                SeededContent c = content(300 + i, 1024 * KIB);
                put(s3, bucket, String.format("obj/%02d", i), c);
                objects.put(String.format("obj/%02d", i), c);
            }
        }
        Node third = nodes.get(2);
        HealTestSupport.wipe(drives.get(2));
        AtomicReference<Map<String, String>> midway = new AtomicReference<>();
        await("node 3 shows its drive heal in progress", LIMIT, () -> {
            Map<String, String> t = HealView.of(third).runningDriveHeal();
            if (t != null && "healing".equals(t.get("state")) && Long.parseLong(t.get("objectsDone")) > 0) {
                midway.set(t);
                return true;
            }
            return false;
        });
        assertEquals("24", midway.get().get("objectsTotal"), "objects to heal: " + midway.get());
        await("node 3's drive heal finished", LIMIT, () -> HealView.of(third).finishedDriveHeal() != null);
        Map<String, String> done = HealView.of(third).finishedDriveHeal();
        assertNotNull(done);
        assertEquals("24", done.get("objectsDone"), done.toString());
        assertEquals("24", done.get("healed"), done.toString());
        assertEquals("0", done.get("failed"), done.toString());
        String text = third.admin("heal", "status").out();
        assertFalse(text.isBlank());
        assertSameTree(drives.get(0), drives.get(2), bucket);
        try (S3Client s3 = client(nodes.get(1))) {
            for (Map.Entry<String, SeededContent> e : objects.entrySet()) {
                assertReadsBack(s3, bucket, e.getKey(), e.getValue());
            }
        }
    }
}
