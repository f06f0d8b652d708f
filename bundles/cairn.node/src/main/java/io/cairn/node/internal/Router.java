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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches each request to the registered handler with the longest matching path prefix, and gives every
 * response a request id. Handlers come and go while the node runs (bundles are hot-swapped), so the route table
 * is replaced atomically and never locked on the request path. It counts the requests in flight (from dispatch until
 * their callback completes): a stop drains them, answering new requests 503 meanwhile, and reports those still
 * running when it runs out of time.
 */
final class Router extends Handler.Abstract {

    /** The readiness probe, which the router answers itself while no S3 front end is registered. */
    static final String READY_PROBE = "/minio/health/ready";

    /** Request attribute holding the id also sent as {@code x-amz-request-id}. */
    static final String REQUEST_ID = "cairn.requestId";

    private static final Comparator<Route> LONGEST_FIRST =
            Comparator.comparingInt((Route r) -> r.prefix().length()).reversed().thenComparing(Route::prefix);

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Notified when the last request in flight completes. */
    private final Object idle = new Object();
    private volatile boolean draining;
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

    /**
     * Tells how many requests are being served: dispatched and not yet completed.
     *
     * @return the number of requests in flight
     */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Answers every new request 503 from now on and waits until the requests in flight have completed.
     *
     * @param timeoutMs the longest wait
     * @return whether no request is in flight any more
     * @throws InterruptedException when interrupted
     */
    boolean drain(long timeoutMs) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (idle) {
            for (long left = timeoutMs; inFlight.get() > 0 && left > 0;
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                idle.wait(left);
            }
        }
        return inFlight.get() == 0;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Counted counted = new Counted(callback);
        if (draining) {
            // Counted first, so that a drain that starts meanwhile waits for this answer too.
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(request, response, counted, nextRequestId(), 503, "ServiceUnavailable",
                    "This node is stopping; please retry.");
            return true;
        }
        try {
            return route(request, response, counted);
        } catch (Exception | Error e) {
            // Jetty completes a request whose handler threw without this callback.
            counted.completed();
            throw e;
        }
    }

    private boolean route(Request request, Response response, Callback callback) throws Exception {
        String id = nextRequestId();
        request.setAttribute(REQUEST_ID, id);
        response.getHeaders().put("x-amz-request-id", id);
        response.getHeaders().put("x-amz-id-2", nodeTag);
        response.getHeaders().put(HttpHeader.SERVER, "Cairn");
        String path = request.getHttpURI().getPath();
        List<Route> current = routes;
        if (READY_PROBE.equals(path) && current.stream().noneMatch(r -> "/".equals(r.prefix()))) {
            // Not ready while S3 requests would be answered 503: a load balancer must not send clients here.
            return HealthHandler.answer(response, callback, 503, "S3 API not started");
        }
        for (Route route : current) {
            if (path != null && path.startsWith(route.prefix())
                    && route.handler().handle(request, response, callback)) {
                return true;
            }
        }
        boolean frontEnd = current.stream().anyMatch(r -> "/".equals(r.prefix()));
        if (frontEnd) {
            error(request, response, callback, id, 501, "NotImplemented",
                    "No service on this node handles this request.");
        } else {
            // The S3 front end is starting, stopping or being replaced: a client should retry, not give up.
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            error(request, response, callback, id, 503, "ServiceUnavailable",
                    "The S3 service is not running on this node at the moment; please retry.");
        }
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

    private static void error(Request request, Response response, Callback callback, String id, int status,
            String code, String message) {
        String resource = xml(request.getHttpURI().getPath());
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message>"
                + "<Resource>" + resource + "</Resource><RequestId>" + id + "</RequestId></Error>";
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** The callback of a request in flight: it counts the request until it completes, once. */
    private final class Counted extends Callback.Nested {
        private final AtomicBoolean done = new AtomicBoolean();

        Counted(Callback callback) {
            super(callback);
            inFlight.incrementAndGet();
        }

        @Override
        public void completed() {
            if (done.compareAndSet(false, true) && inFlight.decrementAndGet() == 0 && draining) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    private static String xml(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
