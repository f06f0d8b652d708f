/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler behind a real Jetty listener on a free loopback port. */
class MetricsHandlerTest {

    private static final String USER = "handler-root";
    private static final String PASSWORD = "handler-root-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Server server;
    private MetricsHandler handler;

    private String start(Map<String, Object> settings) throws Exception {
        handler = new MetricsHandler(Fakes.config(settings));
        Fakes.Storage storage = new Fakes.Storage();
        storage.drives = List.of(Fakes.online("/d1", 0, 100, 40), Fakes.offline("/d2", 1));
        handler.bindStorage(storage);
        handler.bindHeal(new Fakes.Heal());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (handler != null) {
            handler.deactivate();
        }
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> credentials(String authType) {
        return Map.of("rootUser", USER, "_rootPassword", PASSWORD, "address", "127.0.0.1:9000",
                "prometheusAuthType", authType);
    }

    @Test
    void aScrapeNeedsAValidBearerToken() throws Exception {
        String base = start(credentials("jwt"));
        HttpResponse<String> denied = get(base + "/minio/v2/metrics/cluster", null);
        assertEquals(403, denied.statusCode());
        assertEquals("application/xml", denied.headers().firstValue("Content-Type").orElse(""));
        assertTrue(denied.body().contains("<Code>AccessDenied</Code>"), denied.body());
        assertTrue(denied.body().contains("<Resource>/minio/v2/metrics/cluster</Resource>"), denied.body());
        String wrongKey = new PrometheusToken(USER, "not-the-password", 8_192).create(Instant.now().plusSeconds(60));
        assertEquals(403, get(base + "/minio/v2/metrics/node", "Bearer " + wrongKey).statusCode());
        String expired = new PrometheusToken(USER, PASSWORD, 8_192).create(Instant.now().minusSeconds(1));
        assertEquals(403, get(base + "/minio/v2/metrics/node", "Bearer " + expired).statusCode());

        String token = new PrometheusToken(USER, PASSWORD, 8_192).create(Instant.now().plusSeconds(60));
        HttpResponse<String> cluster = get(base + "/minio/v2/metrics/cluster", "Bearer " + token);
        assertEquals(200, cluster.statusCode(), cluster.body());
        assertTrue(cluster.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(cluster.body().contains("minio_cluster_drive_online_total{server=\"127.0.0.1:9000\"} 1.0\n"),
                cluster.body());
        assertTrue(cluster.body().contains("minio_cluster_drive_offline_total{server=\"127.0.0.1:9000\"} 1.0\n"),
                cluster.body());
        HttpResponse<String> node = get(base + "/minio/v2/metrics/node", "Bearer " + token);
        assertEquals(200, node.statusCode());
        assertTrue(node.body().contains("minio_heal_objects_heal_total{server=\"127.0.0.1:9000\"} 0.0\n"),
                node.body());
    }

    @Test
    void headAnswersAsGetWithoutTheBodyUnderTheSameToken() throws Exception {
        String base = start(credentials("jwt"));
        HttpResponse<String> denied = head(base + "/minio/v2/metrics/node", null);
        assertEquals(403, denied.statusCode());
        assertEquals("application/xml", denied.headers().firstValue("Content-Type").orElse(""));
        assertEquals("", denied.body());

        String token = new PrometheusToken(USER, PASSWORD, 8_192).create(Instant.now().plusSeconds(60));
        for (String scope : List.of("cluster", "node")) {
            HttpResponse<String> head = head(base + "/minio/v2/metrics/" + scope, "Bearer " + token);
            assertEquals(200, head.statusCode(), scope);
            assertTrue(head.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertEquals("no-store", head.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(head.headers().firstValueAsLong("Content-Length").orElse(0) > 0, head.headers().toString());
            assertEquals("", head.body());
        }
    }

    private HttpResponse<String> head(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publicMetricsNeedNoToken() throws Exception {
        String base = start(credentials("Public"));
        HttpResponse<String> cluster = get(base + "/minio/v2/metrics/cluster", null);
        assertEquals(200, cluster.statusCode());
        assertTrue(cluster.body().contains("minio_cluster_drive_total{server=\"127.0.0.1:9000\"} 2.0\n"));
    }

    @Test
    void withoutRootCredentialsEveryScrapeIsRefused() throws Exception {
        String base = start(Map.of());
        String token = new PrometheusToken(USER, PASSWORD, 8_192).create(Instant.now().plusSeconds(60));
        assertEquals(403, get(base + "/minio/v2/metrics/cluster", "Bearer " + token).statusCode());
    }

    @Test
    void otherPathsAndMethodsAreNotServed() throws Exception {
        String base = start(credentials("public"));
        assertEquals(404, get(base + "/minio/v2/metrics/bucket", null).statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/minio/v2/metrics/cluster"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, post.statusCode());
    }
}
