/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Jetty server on 127.0.0.1 speaking HTTP/1.1 and h2c like the node's listener, whose handler can be swapped
 * (like the node's router, it never starts the handlers it dispatches to).
 */
final class TestNode implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Handler delegate;
    private int port;

    private TestNode(int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64);
        threads.setName("test-node");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        connector = new ServerConnector(server, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                Handler h = delegate;
                if (h != null && h.handle(request, response, callback)) {
                    return true;
                }
                response.setStatus(404);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        this.port = connector.getLocalPort();
    }

    /** Starts a node on a free port. */
    static TestNode start() throws Exception {
        return new TestNode(0);
    }

    /** Starts a node on a given port (to bring a stopped node back). */
    static TestNode startOn(int port) throws Exception {
        return new TestNode(port);
    }

    void serve(Handler handler) {
        delegate = handler;
    }

    int port() {
        return port;
    }

    String node() {
        return "127.0.0.1:" + port;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
