/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One S3 request in flight: the Jetty request and response, the parsed addressing (bucket and key), the
 * authentication result, and the ways to answer. Every answer completes the Jetty callback exactly once.
 */
final class Exchange {

    /** Bodies up to this size are read whole and go out in one write together with the headers. */
    private static final int ONE_WRITE_LIMIT = 64 << 10;
    /** How much of an unread request body an error answer reads and discards before it goes out. */
    private static final int DRAIN_LIMIT = 256 << 10;
    /**
     * How much more of the body is read and discarded after an error answer went out, before the connection is
     * closed: more than the part sizes clients use (5 to 16 MiB), so that a client that sends its whole body
     * before it reads (as {@code java.net.http.HttpClient} does) reads the answer instead of a reset.
     */
    private static final long LINGER_LIMIT = 64L << 20;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final RequestInfo info;
    private final String requestId;
    private final String bucket;
    private final String key;
    private final boolean virtualHost;
    private AuthResult auth;
    private boolean completed;
    private boolean bodyRead;
    private boolean drainFirst;
    private boolean deferred;

    Exchange(Request request, Response response, Callback callback, RequestInfo info, String requestId,
            String bucket, String key, boolean virtualHost) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.info = info;
        this.requestId = requestId;
        this.bucket = bucket;
        this.key = key;
        this.virtualHost = virtualHost;
    }

    RequestInfo info() {
        return info;
    }

    String method() {
        return info.method();
    }

    String requestId() {
        return requestId;
    }

    /**
     * Returns the bucket addressed.
     *
     * @return the bucket, or {@code null} for the service
     */
    String bucket() {
        return bucket;
    }

    /**
     * Returns the object key addressed.
     *
     * @return the key, or {@code null} for a bucket or the service
     */
    String key() {
        return key;
    }

    /**
     * Tells whether the request named its bucket in the host ({@code bucket.domain}, virtual-host style) rather than
     * in the path.
     *
     * @return {@code true} for virtual-host style
     */
    boolean virtualHost() {
        return virtualHost;
    }

    /**
     * Returns an object's URL as the client reached this server: the scheme a TLS-terminating proxy in front
     * reports ({@code X-Forwarded-Proto}, or {@code proto=} of {@code Forwarded}; {@code http} without one), the
     * request's host, and the bucket in the host or in the path as the request addressed it.
     *
     * @param objectKey the key
     * @return the absolute URL, the key percent-encoded
     */
    String objectUrl(String objectKey) {
        String host = info.host();
        String bucketPath = virtualHost ? "" : "/" + bucket;
        return forwardedScheme() + "://" + (host == null ? "localhost" : host) + bucketPath + "/"
                + Encoding.uriEncode(objectKey, true);
    }

    private String forwardedScheme() {
        String proto = header("x-forwarded-proto");
        String forwarded = header("forwarded");
        if (proto == null && forwarded != null) {
            for (String pair : forwarded.split("[;,]")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("proto")) {
                    proto = kv[1].trim().replace("\"", "");
                    break;
                }
            }
        }
        if (proto != null) {
            proto = proto.split(",")[0].trim().toLowerCase(Locale.ROOT);
            if (proto.equals("https") || proto.equals("http")) {
                return proto;
            }
        }
        return "http";
    }

    /**
     * Returns the resource named in error responses.
     *
     * @return {@code /bucket/key}, {@code /bucket} or {@code /}
     */
    String resource() {
        if (bucket == null) {
            return "/";
        }
        return key == null ? "/" + bucket : "/" + bucket + "/" + key;
    }

    AuthResult auth() {
        return auth;
    }

    void auth(AuthResult value) {
        auth = value;
    }

    String header(String name) {
        return info.header(name);
    }

    String param(String name) {
        return info.param(name);
    }

    boolean hasParam(String name) {
        return info.hasParam(name);
    }

    /**
     * Returns the declared body length.
     *
     * @return the Content-Length, or {@code -1} when the body is chunked or absent
     */
    long contentLength() {
        long length = request.getLength();
        return length >= 0 ? length : request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    InputStream body() {
        return new FilterInputStream(Content.Source.asInputStream(request)) {
            @Override
            public int read() throws IOException {
                bodyRead = true;
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                bodyRead = true;
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                bodyRead = true;
                return super.skip(n);
            }
        };
    }

    /**
     * Reads the head of a POST Object form without holding a thread (see {@link FormHead}); the exchange is then
     * answered later, by {@code then} or an error answer to its failure.
     *
     * @param boundary the form's boundary
     * @param then called once with the head, on a thread that may block
     */
    void readFormHead(String boundary, Consumer<FormHead> then) {
        bodyRead = true;
        deferred = true;
        // The head is complete inside Jetty's demand callback, where a blocking read of the rest of the body would
        // wait for content that callback itself has to deliver: the parse goes on on a thread of the server's pool.
        FormHead.start(request, boundary, head -> request.getComponents().getExecutor().execute(
                () -> then.accept(head)));
    }

    /**
     * Returns whether the answer was left to a callback ({@link #readFormHead}).
     *
     * @return whether the exchange is answered later
     */
    boolean deferred() {
        return deferred;
    }

    HttpFields.Mutable headers() {
        return response.getHeaders();
    }

    boolean completed() {
        return completed;
    }

    boolean committed() {
        return response.isCommitted();
    }

    /**
     * Prepares the connection for an error answer to a request that carried a body. Up to 256 KiB of the body
     * that nothing read is read and discarded before the answer goes out, so that a client still sending a small
     * body (a streamed upload whose chunk signature failed, say) gets to read the error instead of a reset
     * connection. When the body does not end within that, an HTTP/1 connection is marked for closing, because the
     * rest of the body may still be on the wire and would otherwise be read as the next request; the answer then
     * lingers (see {@link #linger(ByteBuffer)}). The body is drained without holding a thread (see
     * {@link BodyDrain}): these are answers to requests that may not be authenticated, and a client that sends its
     * body slowly must not take the threads that serve the others.
     */
    void closeAfterError() {
        boolean body = contentLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (!body || response.isCommitted() || request.getConnectionMetaData().getHttpVersion().getVersion() >= 20) {
            return;
        }
        if (waitsForContinue()) {
            // The client has sent nothing while nothing read the body, and is not asked for it now (reading would
            // send the 100 Continue): it gets the answer instead, and its body is never on the wire.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return;
        }
        drainFirst = true;
    }

    private boolean waitsForContinue() {
        return !bodyRead && request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    }

    /**
     * Answers with an XML document.
     *
     * @param status the HTTP status
     * @param xml the document
     */
    void sendXml(int status, byte[] xml) {
        complete();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, xml.length);
        answer("HEAD".equals(method()) ? null : ByteBuffer.wrap(xml));
    }

    /**
     * Answers without a body.
     *
     * @param status the HTTP status
     */
    void sendEmpty(int status) {
        complete();
        response.setStatus(status);
        if (status != 204 && status != 304 && !response.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        }
        answer(null);
    }

    /**
     * Sends an answer whose status and headers are set: at once, or, after {@link #closeAfterError()}, once the
     * unread body was drained, lingering when it did not end within {@link #DRAIN_LIMIT}.
     */
    private void answer(ByteBuffer content) {
        if (!drainFirst) {
            write(content);
            return;
        }
        BodyDrain.start(request, DRAIN_LIMIT, ended -> {
            if (ended) {
                write(content);
            } else {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                linger(content);
            }
        });
    }

    private void write(ByteBuffer content) {
        if (content == null && response.getStatus() != HttpStatus.NOT_MODIFIED_304) {
            callback.succeeded();
        } else {
            end(content, callback);
        }
    }

    /**
     * Writes the end of the answer. A 304 goes out without a Content-Length, as S3's does: RFC 9110 §8.6 allows one
     * only when it is the length a 200 would have had, and a cache that updates its stored headers from a 304 would
     * take "0" for the object's size. Jetty adds "Content-Length: 0" to a response whose headers go out with its
     * end, so a 304's headers are committed first.
     */
    private void end(ByteBuffer content, Callback then) {
        if (response.getStatus() == HttpStatus.NOT_MODIFIED_304) {
            response.write(false, null, Callback.from(() -> response.write(true, content, then), then::failed));
        } else {
            response.write(true, content, then);
        }
    }

    /**
     * Sends a whole error answer while the client may still be sending a large body, then closes the way RFC 9112
     * §9.6 asks: the answer goes out, the server's side of the connection is shut (so a client waiting for the
     * end sees it), and up to {@link #LINGER_LIMIT} more bytes of the body are read and discarded before the
     * exchange ends and Jetty closes the connection. Closing a socket with unread bytes makes the kernel send a
     * reset, and a reset can destroy the answer in the client's buffers before the client reads it: that is what
     * a client that sends its whole body before reading would otherwise get. Nothing here waits on a thread.
     *
     * @param content the answer's body, or {@code null} for none
     */
    private void linger(ByteBuffer content) {
        end(content, Callback.from(() -> {
            request.getConnectionMetaData().getConnection().getEndPoint().shutdownOutput();
            BodyDrain.start(request, LINGER_LIMIT, ended -> callback.succeeded());
        }, callback::failed));
    }

    /**
     * Answers with a streamed body of a known length; the headers must already be set.
     *
     * @param status the HTTP status
     * @param length the body length
     * @param in the body
     * @throws IOException when the transfer fails (the caller then aborts the response)
     */
    void sendStream(int status, long length, InputStream in) throws IOException {
        complete();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if ("HEAD".equals(method()) || length == 0) {
            callback.succeeded();
            return;
        }
        try {
            if (length <= ONE_WRITE_LIMIT) {
                byte[] body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new IOException("the object ended " + (length - body.length) + " bytes early");
                }
                response.write(true, ByteBuffer.wrap(body), callback);
                return;
            }
            // The object's stream writes its buffers to the response itself (an object stream serves them
            // straight from its verified shard frames), so the body is not copied through a buffer here.
            OutputStream out = Content.Sink.asOutputStream(response);
            long sent = in.transferTo(out);
            if (sent != length) {
                throw new IOException("the object has " + sent + " bytes, not " + length);
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            throw e;
        }
        callback.succeeded();
    }

    /**
     * Fails the exchange after the response was committed: the connection is aborted so the client sees a
     * truncated transfer rather than a clean end.
     *
     * @param failure the cause
     */
    void abort(Throwable failure) {
        completed = true;
        callback.failed(failure);
    }

    private void complete() {
        if (completed) {
            throw new IllegalStateException("the exchange was already answered");
        }
        completed = true;
    }
}
