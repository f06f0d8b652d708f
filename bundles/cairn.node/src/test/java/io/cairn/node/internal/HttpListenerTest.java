/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The listener ends the node, without an exception for SCR to print, when its address is taken, a stop that runs
 * out of time with a request in flight closes its connection without throwing, and a failing handler's exception
 * stays in the node.
 */
class HttpListenerTest {

    /** Stop timeout of the listener whose stop runs out of time. */
    private static final long STOP_TIMEOUT_MS = 200L;

    @Test
    void anAddressInUseEndsTheProcessInsteadOfFailingTheComponent() throws Exception {
        AtomicInteger exits = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpListener listener = new HttpListener(exits::incrementAndGet);
            listener.activate(config("127.0.0.1:" + taken.getLocalPort()));
            listener.deactivate();
        }
        assertEquals(1, exits.get());
    }

    @Test
    void theMessageNamesTheAddressAndTheReason() {
        assertEquals("cannot listen on 127.0.0.1:9000: address already in use", ListenFailure.message(
                "127.0.0.1:9000", new java.net.BindException("Address already in use (Bind failed)")));
    }

    @Test
    void aStopThatTimesOutWithAnUploadInFlightClosesItsConnectionWithoutThrowing() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HttpListener listener = new HttpListener(() -> {
            throw new AssertionError("the address is free");
        });
        listener.activate(config(Map.of("address", "127.0.0.1:" + port, "stopTimeoutMs", STOP_TIMEOUT_MS)));
        Upload upload = new Upload();
        listener.addHandler(upload, Map.of(HttpListener.PATH_PROPERTY, "/"));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // Half of the body: the upload waits for the rest, as a large PUT does while it streams in.
            OutputStream out = client.getOutputStream();
            out.write(("PUT /bucket/key HTTP/1.1\r\nHost: test\r\nContent-Length: 1024\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[512]);
            out.flush();
            assertTrue(upload.started.await(10, TimeUnit.SECONDS), "the upload reached its handler");
            assertEquals(1, listener.requestsInFlight());
            listener.deactivate();
            assertTrue(upload.ended.await(10, TimeUnit.SECONDS), "the cut-off upload ended");
            assertEquals(0, listener.requestsInFlight(), "its callback completed");
        }
    }

    @Test
    void aHandlerThatFailsIsAnsweredWithoutItsExceptionText() throws Exception {
        // A component that fails inside the listener must not hand its exception, which names the node's classes
        // and settings, to a client that has not even signed its request.
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HttpListener listener = new HttpListener(() -> {
            throw new AssertionError("the address is free");
        });
        listener.activate(config("127.0.0.1:" + port));
        listener.addHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                throw new IllegalStateException("conf/io.cairn.admin.cfg: maxCommandBytes = 64k");
            }
        }, Map.of(HttpListener.PATH_PROPERTY, "/cairn/admin/"));
        try {
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/cairn/admin/v1/shell"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("cairn:info")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(500, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("<Code>InternalError</Code><Message>We encountered an internal error,"
                    + " please try again.</Message>"), answer.body());
            assertTrue(!answer.body().contains("Exception") && !answer.body().contains("64k"), answer.body());
        } finally {
            listener.deactivate();
        }
    }

    /** An upload handler that reads its whole body with blocking reads. */
    private static final class Upload extends Handler.Abstract {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            started.countDown();
            try {
                Content.Source.asInputStream(request).readAllBytes();
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
            } finally {
                ended.countDown();
            }
            return true;
        }
    }

    private static NodeConfig config(String address) {
        return config(Map.of("address", address));
    }

    private static NodeConfig config(Map<String, Object> values) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(),
                new Class<?>[] {NodeConfig.class}, (proxy, method, args) -> values.getOrDefault(method.getName(),
                        method.getDefaultValue()));
    }
}
