/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches each request to the registered handler with the longest matching path prefix, and gives every
 * response a request id. Handlers come and go while the node runs (bundles are hot-swapped), so the route table
 * is replaced atomically and never locked on the request path.
 */
final class Router extends Handler.Abstract {

    /** Request attribute holding the id also sent as {@code x-amz-request-id}. */
    static final String REQUEST_ID = "cairn.requestId";

    private static final Comparator<Route> LONGEST_FIRST =
            Comparator.comparingInt((Route r) -> r.prefix().length()).reversed().thenComparing(Route::prefix);

    private final AtomicLong sequence = new AtomicLong();
    private final String nodeTag;
    private volatile List<Route> routes = List.of();

    /**
     * A handler and the path prefix it serves.
     *
     * @param prefix the path prefix, for example {@code /minio/health/}; {@code /} serves everything else
     * @param handler the handler
     */
    record Route(String prefix, Handler handler) {
    }

    Router(String nodeTag) {
        this.nodeTag = nodeTag;
    }

    synchronized void add(String prefix, Handler handler) {
        List<Route> next = new ArrayList<>(routes);
        next.add(new Route(prefix, handler));
        next.sort(LONGEST_FIRST);
        routes = List.copyOf(next);
    }

    synchronized void remove(Handler handler) {
        List<Route> next = new ArrayList<>(routes);
        next.removeIf(r -> r.handler() == handler);
        routes = List.copyOf(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String id = nextRequestId();
        request.setAttribute(REQUEST_ID, id);
        response.getHeaders().put("x-amz-request-id", id);
        response.getHeaders().put("x-amz-id-2", nodeTag);
        response.getHeaders().put(HttpHeader.SERVER, "Cairn");
        String path = request.getHttpURI().getPath();
        for (Route route : routes) {
            if (path != null && path.startsWith(route.prefix())
                    && route.handler().handle(request, response, callback)) {
                return true;
            }
        }
        notImplemented(request, response, callback, id);
        return true;
    }

    /**
     * Returns a new request id, unique within this node's run.
     *
     * @return the id
     */
    String nextRequestId() {
        return String.format("%016X", (System.currentTimeMillis() << 20) ^ sequence.incrementAndGet());
    }

    private static void notImplemented(Request request, Response response, Callback callback, String id) {
        String resource = xml(request.getHttpURI().getPath());
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code>"
                + "<Message>No service on this node handles this request.</Message>"
                + "<Resource>" + resource + "</Resource><RequestId>" + id + "</RequestId></Error>";
        response.setStatus(501);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String xml(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
