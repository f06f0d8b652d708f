/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Prometheus endpoints of a packaged node on four drive folders: scrapes need the token that
 * {@code cairn:prometheus generate} prints unless the metrics are public, and the drive and healing metrics follow
 * a drive that goes away and is healed back.
 */
class PrometheusMetricsTest {

    private static final long SEED = Long.getLong("systest.seed", 4_242L);
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Pattern TOKEN = Pattern.compile("bearer_token: (\\S+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void scrapesNeedTheGeneratedTokenAndFollowADriveReplacement() throws Exception {
        // Fresh drives are not healed until the test allows it, so the offline drive stays offline while it looks.
        Map<String, String> conf = Map.of("io.cairn.heal.cfg", "healFreshDrives = false\nscannerEnabled = false\n");
        try (S3Server server = S3Server.start("metrics-jwt", Map.of(), conf)) {
            server.node().awaitReady();
            String server1 = "{server=\"127.0.0.1:" + server.port() + "\"}";
            HttpResponse<String> denied = get(server, "cluster", null);
            assertEquals(403, denied.statusCode(), denied.body());
            assertTrue(denied.body().contains("<Code>AccessDenied</Code>"), denied.body());

            Distribution.Result generated = server.node().admin("cairn:prometheus", "generate");
            assertEquals(0, generated.status(), generated.out() + generated.err());
            assertTrue(generated.out().contains("metrics_path: /minio/v2/metrics/cluster\n"), generated.out());
            assertTrue(generated.out().contains("- targets: ['127.0.0.1:" + server.port() + "']"), generated.out());
            Matcher m = TOKEN.matcher(generated.out());
            assertTrue(m.find(), generated.out());
            String token = m.group(1);
            char c = token.charAt(token.length() - 10);
            String forged = token.substring(0, token.length() - 10) + (c == 'A' ? 'B' : 'A')
                    + token.substring(token.length() - 9);
            assertEquals(403, get(server, "cluster", forged).statusCode());

            HttpResponse<String> cluster = get(server, "cluster", token);
            assertEquals(200, cluster.statusCode(), cluster.body());
            assertTrue(cluster.body().contains("minio_cluster_drive_online_total" + server1 + " 4.0\n"),
                    cluster.body());
            assertTrue(cluster.body().contains("minio_cluster_drive_offline_total" + server1 + " 0.0\n"),
                    cluster.body());
            // Healing registers its service shortly after the object store is ready; its metrics follow it.
            await("healing metrics", () -> get(server, "node", token).body()
                    .contains("\nminio_heal_objects_heal_total{"));
            HttpResponse<String> node = get(server, "node", token);
            assertEquals(200, node.statusCode(), node.body());
            assertTrue(node.body().contains("minio_heal_objects_heal_total" + server1 + " 0.0\n"), node.body());
            assertTrue(node.body().contains("minio_heal_objects_errors_total" + server1 + " 0.0\n"), node.body());
            assertTrue(node.body().contains("cairn_heal_queued_objects" + server1 + " 0.0\n"), node.body());

            int objects = writeObjects(server);
            Path d3 = server.drives().get(2);
            wipe(d3);
            await("the cluster metrics show one drive offline", () -> get(server, "cluster", token).body()
                    .contains("minio_cluster_drive_offline_total" + server1 + " 1.0\n"));
            String afterWipe = get(server, "cluster", token).body();
            assertTrue(afterWipe.contains("minio_cluster_drive_online_total" + server1 + " 3.0\n"), afterWipe);
            String nodeAfterWipe = get(server, "node", token).body();
            assertTrue(nodeAfterWipe.contains("minio_node_drive_online{drive=\"" + d3 + "\",server=\"127.0.0.1:"
                    + server.port() + "\"} 0.0\n"), nodeAfterWipe);

            Files.writeString(server.distribution().home().resolve("conf/io.cairn.heal.cfg"),
                    "healFreshDrives = true\nscannerEnabled = false\n", StandardCharsets.UTF_8);
            await("the fresh-drive heal healed every object", () -> value(get(server, "node", token).body(),
                    "minio_heal_objects_heal_total") >= objects);
            String healed = get(server, "node", token).body();
            assertTrue(healed.contains("cairn_heal_task_running{kind=\"drive\",scope=\"" + d3 + "\""), healed);
            assertEquals(0.0, value(healed, "minio_heal_objects_errors_total"), healed);
            await("every drive online again", () -> get(server, "cluster", token).body()
                    .contains("minio_cluster_drive_online_total" + server1 + " 4.0\n"));
        }
    }

    @Test
    void publicMetricsNeedNoToken() throws Exception {
        try (S3Server server = S3Server.start("metrics-public", Map.of("CAIRN_PROMETHEUS_AUTH_TYPE", "public"))) {
            server.node().awaitReady();
            HttpResponse<String> cluster = get(server, "cluster", null);
            assertEquals(200, cluster.statusCode(), cluster.body());
            assertTrue(cluster.body().contains("minio_cluster_drive_online_total{server=\"127.0.0.1:" + server.port()
                    + "\"} 4.0\n"), cluster.body());
            HttpResponse<String> node = get(server, "node", null);
            assertEquals(200, node.statusCode(), node.body());
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(server.node().url()
                    + "/minio/v2/metrics/node")).timeout(Duration.ofSeconds(30))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode(), "HEAD is answered as GET, not by the S3 front end");
            assertTrue(head.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), head.headers()
                    .toString());
            assertEquals("", head.body());
            await("healing metrics", () -> get(server, "node", null).body()
                    .contains("\nminio_heal_objects_heal_total{"));
            Distribution.Result generated = server.node().admin("cairn:prometheus", "generate", "node");
            assertEquals(0, generated.status(), generated.out() + generated.err());
            assertTrue(generated.out().contains("metrics_path: /minio/v2/metrics/node\n"), generated.out());
            assertFalse(generated.out().contains("bearer_token"), generated.out());
        }
    }

    private HttpResponse<String> get(S3Server server, String endpoint, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.node().url()
                + "/minio/v2/metrics/" + endpoint)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes seeded objects, inline and with shard files, and returns how many. */
    private static int writeObjects(S3Server server) {
        String bucket = S3Server.bucketName("metrics");
        Random random = new Random(SEED);
        int count = 12;
        try (S3Client s3 = server.aws()) {
            s3.createBucket(b -> b.bucket(bucket));
            for (int i = 0; i < count; i++) {
                String key = "obj/" + i;
                byte[] data = new byte[(i % 2 == 0 ? 16 : 400) * 1024 + random.nextInt(1024)];
                random.nextBytes(data);
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
            }
        }
        return count;
    }

    /** The value of a metric's only series in a scrape, or -1 when it is absent. */
    private static double value(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(2)) : -1;
    }

    private static void wipe(Path drive) throws IOException {
        try (Stream<Path> all = Files.walk(drive)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("not within " + LIMIT + ": " + what);
    }
}
