/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router("test-node");
    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(router);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Handler answering(int status) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(status);
                callback.succeeded();
                return true;
            }
        };
    }

    private static Handler declining() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return false;
            }
        };
    }

    @Test
    void withoutTheS3FrontEndEveryRequestIsToldToRetry() throws Exception {
        router.add("/minio/health/", answering(200));
        assertEquals(200, get("/minio/health/live").statusCode());
        HttpResponse<String> r = get("/bucket/key");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("<Code>ServiceUnavailable</Code>"), r.body());
        assertTrue(r.body().contains("<Resource>/bucket/key</Resource>"), r.body());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(r.headers().firstValue("x-amz-request-id").isPresent());
    }

    @Test
    void aRequestNoHandlerTakesWhileTheFrontEndRunsIsNotImplemented() throws Exception {
        Handler s3 = declining();
        router.add("/", s3);
        router.add("/minio/health/", answering(200));
        HttpResponse<String> r = get("/minio/other");
        assertEquals(501, r.statusCode());
        assertTrue(r.body().contains("<Code>NotImplemented</Code>"), r.body());
        router.remove(s3);
        assertEquals(503, get("/minio/other").statusCode());
    }

    @Test
    void theNodeIsNotReadyWhileTheS3FrontEndIsMissing() throws Exception {
        router.add("/minio/health/", answering(200));
        HttpResponse<String> r = get("/minio/health/ready");
        assertEquals(503, r.statusCode());
        assertEquals("S3 API not started", r.headers().firstValue("X-Cairn-Health").orElse(""));
        assertEquals(200, get("/minio/health/live").statusCode());
        Handler s3 = answering(403);
        router.add("/", s3);
        assertEquals(200, get("/minio/health/ready").statusCode());
        router.remove(s3);
        assertEquals(503, get("/minio/health/ready").statusCode());
    }

    @Test
    void aDrainWaitsForTheRequestInFlightAndTurnsNewOnesAway() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        router.add("/", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                entered.countDown();
                release.await();
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        java.util.concurrent.CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/b/k")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        entered.await();
        assertTrue(!router.drain(50), "the request in flight is still running");
        HttpResponse<String> turnedAway = get("/b/other");
        assertEquals(503, turnedAway.statusCode());
        assertTrue(turnedAway.body().contains("This node is stopping"), turnedAway.body());
        // The 503's callback completes after its bytes reach the client: wait for it, then only the slow one is left.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (router.inFlight() > 1 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        assertEquals(1, router.inFlight());
        assertTrue(!slow.isDone(), "the request in flight is still held");
        release.countDown();
        assertTrue(router.drain(30_000));
        assertEquals(200, slow.get().statusCode());
    }
}
