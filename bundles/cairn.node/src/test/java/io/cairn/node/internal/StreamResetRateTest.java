/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * A node cancels many transfers to a peer at once when many clients abandon their GETs (each GET reads shards from
 * several peers): the peer's listener must not take the burst of stream resets on one HTTP/2 connection for a
 * rapid-reset attack and close the connection, which failed every other call on it and marked the node offline.
 */
class StreamResetRateTest {

    private static final int CANCELLED = 1_000;

    @Test
    void aBurstOfCancelledStreamsKeepsTheConnection() throws Exception {
        HttpListener listener = new HttpListener(() -> {
            throw new AssertionError("the listener could not start");
        });
        int port = freePort();
        listener.activate(config("127.0.0.1:" + port));
        HTTP2Client client = new HTTP2Client();
        client.start();
        try {
            CompletableFuture<ErrorCode> goAway = new CompletableFuture<>();
            Session session = client.connect(new InetSocketAddress("127.0.0.1", port), new Session.Listener() {
                @Override
                public void onGoAway(Session s, org.eclipse.jetty.http2.frames.GoAwayFrame frame) {
                    goAway.complete(ErrorCode.from(frame.getError()));
                }
            }).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < CANCELLED; i++) {
                Stream stream = session.newStream(new HeadersFrame(request("PUT", port), null, false),
                        new Stream.Listener() { }).get(10, TimeUnit.SECONDS);
                stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
            }
            CompletableFuture<Integer> status = new CompletableFuture<>();
            session.newStream(new HeadersFrame(request("GET", port), null, true), new Stream.Listener() {
                @Override
                public void onHeaders(Stream s, HeadersFrame frame) {
                    if (frame.getMetaData() instanceof MetaData.Response r) {
                        status.complete(r.getStatus());
                    }
                }
            });
            // No S3 front end is registered here: the router answers that the node is not ready.
            assertEquals(Integer.valueOf(503), status.get(10, TimeUnit.SECONDS),
                    "a call after the burst is answered on the same connection");
            assertFalse(goAway.isDone(), () -> "the listener closed the connection: " + goAway.getNow(null));
            assertFalse(session.isClosed(), "the connection is open");
        } finally {
            client.stop();
            listener.deactivate();
        }
    }

    private static MetaData.Request request(String method, int port) {
        return new MetaData.Request(method, HttpURI.from("http://127.0.0.1:" + port + "/no-such-path/x"),
                HttpVersion.HTTP_2, HttpFields.EMPTY);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static NodeConfig config(String address) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(),
                new Class<?>[] {NodeConfig.class}, (proxy, method, args) -> method.getName().equals("address")
                        ? address : method.getDefaultValue());
    }
}
