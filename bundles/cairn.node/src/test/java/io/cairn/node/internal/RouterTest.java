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
}
