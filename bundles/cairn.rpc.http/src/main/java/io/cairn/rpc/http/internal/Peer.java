/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.RetryableRequestException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerClient;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerException.Reason;
import io.cairn.api.rpc.ServerInfo;
import io.cairn.api.storage.DiskInfo;

/**
 * The client of one peer node and its online/offline state.
 *
 * <p>States: {@code UNKNOWN} (created, not yet answered: calls are attempted), {@code ONLINE} and
 * {@code OFFLINE}. A call or probe that gets no answer within its deadline marks the peer offline; from then on
 * calls fail at once (except {@link #serverInfo()}) and a probe runs after a backoff that doubles up to
 * {@code probeMaxBackoffMs}, with jitter so that nodes do not probe in lockstep. Any answer marks it online. While
 * online, a heartbeat probe every {@code heartbeatIntervalMs} notices a peer that died while idle. Failures in the
 * middle of a streamed transfer do not change the state (a slow reader looks the same), the heartbeat decides.
 * Nor do failures that this node caused itself ({@link #localFailure}): a call refused by the client's own queue or
 * one that found this node out of memory says nothing about the peer, and marking a healthy peer offline for it
 * would fail every request that needs it. A connection that was closed under a call ({@link #connectionLost}) is
 * confirmed by a probe at once before the peer is marked offline: a peer closes a connection on which it saw
 * many streams cancelled within a second (its protection against rapid-reset attacks), which is what a node does
 * when many readers of multipart objects go away at once, and the peer is healthy all the same.
 *
 * <p>A peer that restarted announces when it serves its drives again ({@link #returned()}): the backoff starts over
 * and a probe runs at once, so that the peer is not found up to {@code probeMaxBackoffMs} late; once it answered,
 * the transport's listeners hear {@code peerReturned}. This node announces itself the same way ({@link #announce}).
 */
final class Peer implements PeerClient {

    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
    private static final byte[] EMPTY = new byte[0];
    /** HTTP status of a node that does not serve calls yet or any more (its router, without an RPC error). */
    private static final int NOT_SERVING = 503;
    private static final int MAX_ERROR_BYTES = 64 << 10;
    /** How many causes {@link #localFailure} follows. */
    private static final int MAX_CAUSES = 16;

    /** The peer's state. */
    enum State { UNKNOWN, ONLINE, OFFLINE }

    private final String node;
    private final ClientContext context;
    private final RemoteLockServer locks = new RemoteLockServer(this);
    private State state = State.UNKNOWN;
    private long backoffMs;
    private ScheduledFuture<?> nextProbe;
    private boolean stopped;
    /** Whether a probe now is confirming a lost connection; its failure marks the peer offline. */
    private boolean confirming;
    /** Whether the peer announced it serves its drives again and has not answered a probe since. */
    private boolean returning;

    /**
     * Creates the client; call {@link #start()} to begin probing.
     *
     * @param node the peer's {@code host:port}
     * @param context the shared client parts
     */
    Peer(String node, ClientContext context) {
        this.node = node;
        this.context = context;
        this.backoffMs = context.config().probeInitialBackoffMs();
    }

    /** Probes the peer once now; the probes schedule themselves from then on. */
    void start() {
        schedule(0);
    }

    /** Stops probing. */
    synchronized void stop() {
        stopped = true;
        if (nextProbe != null) {
            nextProbe.cancel(false);
        }
    }

    /**
     * Handles the peer's announcement that it serves its drives again: the backoff starts over and a probe runs at
     * once, in place of the one scheduled. When the probe answers, the transport's listeners hear of the peer.
     */
    synchronized void returned() {
        backoffMs = context.config().probeInitialBackoffMs();
        returning = true;
        scheduleLocked(0);
    }

    /**
     * Tells the peer that this node serves its drives now ({@code peer/back}, format {@value Wire#RETURN_FORMAT}),
     * without waiting for the answer. Neither the answer nor its absence changes the peer's state (probes decide);
     * a peer that predates the call refuses it and finds this node by its probes as before.
     *
     * @param self this node's {@code host:port}
     */
    void announce(String self) {
        byte[] args = new WireCodec.Out().i32(Wire.RETURN_FORMAT).str(self).toBytes();
        try {
            Request request = newRequest("peer/back", "", Signer.sha256Hex(args))
                    .body(new BytesRequestContent(Wire.CONTENT_TYPE, args))
                    .timeout(context.config().callTimeoutMs(), TimeUnit.MILLISECONDS);
            new CompletableResponseListener(request, MAX_ERROR_BYTES).send()
                    .whenComplete((response, failure) -> announced(response, failure));
        } catch (PeerException e) {
            // No credentials: the peer would refuse the call, and probes fail with a clear message anyway.
            return;
        } catch (RuntimeException e) {
            LOG.warn("Telling {} that this node is back failed", node, e);
        }
    }

    private void announced(ContentResponse response, Throwable failure) {
        if (failure != null) {
            LOG.debug("{} did not hear that this node is back: {}", node, String.valueOf(failure));
        } else if (response.getStatus() == 200) {
            LOG.debug("Told {} that this node is back", node);
        } else {
            LOG.debug("{} refused the news that this node is back ({} {}); it finds this node by its probes", node,
                    response.getStatus(), response.getHeaders().get(Wire.ERROR_HEADER));
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public synchronized boolean isOnline() {
        return state == State.ONLINE;
    }

    /** @return the state, for tests and diagnostics */
    synchronized State state() {
        return state;
    }

    @Override
    public ServerInfo serverInfo() throws PeerException {
        Reply reply = call("peer/info", EMPTY, false, context.config().callTimeoutMs());
        return decode(reply, in -> in.serverInfo());
    }

    @Override
    public List<DiskInfo> driveStatus() throws PeerException {
        Reply reply = call("peer/drives", EMPTY, true, context.config().callTimeoutMs());
        return decode(reply, in -> {
            int n = in.i32();
            List<DiskInfo> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(in.disk());
            }
            return out;
        });
    }

    @Override
    public LockServer locks() {
        return locks;
    }

    /** @return the HTTP/2 receive window of one stream: the most a download receives ahead of its reader */
    long streamWindowBytes() {
        return context.config().streamWindowBytes();
    }

    /** @return the deadline of a unary call */
    long callTimeoutMs() {
        return context.config().callTimeoutMs();
    }

    /**
     * Makes a unary call.
     *
     * @param op the operation path after the version prefix, for example {@code drive/readAll}
     * @param args the encoded arguments
     * @param failFast whether to fail at once while the peer is offline
     * @param timeoutMs the call's deadline
     * @return the peer's reply (success or a reported failure)
     * @throws PeerException {@code OFFLINE} when the peer did not answer or does not serve calls (it is starting or
     *     stopping), {@code UNAUTHORIZED} or {@code INCOMPATIBLE} when it refused the call
     */
    Reply call(String op, byte[] args, boolean failFast, long timeoutMs) throws PeerException {
        enter(failFast);
        try {
            ContentResponse response = send(op, args, timeoutMs);
            if (refusedByStoppingHandler(response)) {
                // The call did not run; the peer's router already sends it to the handler's successor.
                response = send(op, args, timeoutMs);
            }
            return reply(response.getStatus(), response.getHeaders().get(Wire.ERROR_HEADER), response.getContent());
        } finally {
            context.gate().exit();
        }
    }

    private ContentResponse send(String op, byte[] args, long timeoutMs) throws PeerException {
        Request request = newRequest(op, "", Signer.sha256Hex(args))
                .body(new BytesRequestContent(Wire.CONTENT_TYPE, args)).timeout(timeoutMs, TimeUnit.MILLISECONDS);
        return await(request, () -> new CompletableResponseListener(request, Wire.MAX_BODY_BYTES).send()
                .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS));
    }

    /**
     * Waits for a sent call's answer; a call that fails, times out or is interrupted is aborted and reported.
     *
     * @param request the sent call
     * @param answer waits for its answer
     * @return the answer
     * @throws PeerException {@code OFFLINE} when the peer did not answer
     */
    private <T> T await(Request request, Answer<T> answer) throws PeerException {
        T response;
        try {
            response = answer.get();
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            request.abort(e);
            throw unreachable(e);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new PeerException(Reason.OFFLINE, "call to " + node + " interrupted", e);
        }
        answered();
        return response;
    }

    /** Waits for the answer to a call. */
    @FunctionalInterface
    private interface Answer<T> {
        T get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /**
     * Tells a refusal by a peer's RPC handler that is being replaced: the call did not run and can be sent again at
     * once (see {@link Wire#RETRY_NOW}).
     *
     * @param response the peer's answer
     * @return {@code true} for such a refusal
     */
    static boolean refusedByStoppingHandler(Response response) {
        return response.getStatus() == 503 && Wire.UNAVAILABLE.equals(response.getHeaders().get(Wire.ERROR_HEADER))
                && Wire.RETRY_NOW.equals(response.getHeaders().get(HttpHeader.RETRY_AFTER));
    }

    /**
     * Starts a download: sends the call and waits for the response headers within the call deadline.
     *
     * @param op the operation
     * @param args the encoded arguments
     * @return a failure reply, or the framed body stream on success (to be closed by the caller)
     * @throws PeerException when the peer did not answer or refused the call
     */
    Download download(String op, byte[] args) throws PeerException {
        enter(true);
        boolean handedOver = false;
        try {
            Attempt attempt = startDownload(op, args);
            if (attempt.retryNow()) {
                // The call did not run; the peer's router already sends it to the handler's successor.
                attempt = startDownload(op, args);
            }
            handedOver = attempt.download().body() != null;
            return attempt.download();
        } finally {
            if (!handedOver) {
                context.gate().exit();
            }
        }
    }

    private Attempt startDownload(String op, byte[] args) throws PeerException {
        Request request = newRequest(op, "", Signer.sha256Hex(args))
                .body(new BytesRequestContent(Wire.CONTENT_TYPE, args))
                .idleTimeout(context.config().streamIdleTimeoutMs(), TimeUnit.MILLISECONDS);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response = await(request, () -> listener.get(context.config().callTimeoutMs(),
                TimeUnit.MILLISECONDS));
        InputStream body = listener.getInputStream();
        if (response.getStatus() != 200) {
            byte[] message;
            try (body) {
                message = body.readNBytes(MAX_ERROR_BYTES);
            } catch (IOException e) {
                message = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
            }
            Reply failure = reply(response.getStatus(), response.getHeaders().get(Wire.ERROR_HEADER), message);
            return new Attempt(new Download(failure, null), refusedByStoppingHandler(response));
        }
        return new Attempt(new Download(null, new GatedInputStream(body)), false);
    }

    /**
     * Starts an upload; the returned stream carries the framed body and {@link Upload#response()} completes when
     * the peer answered.
     *
     * @param op the operation
     * @param args the encoded arguments, sent in the arguments header
     * @return the upload
     * @throws PeerException when the peer is offline or the transport stopped
     */
    Upload upload(String op, byte[] args) throws PeerException {
        enter(true);
        String argsHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(args);
        OutputStreamRequestContent content = new OutputStreamRequestContent(Wire.CONTENT_TYPE);
        Request request;
        try {
            request = newRequest(op, argsHeader, Wire.UNSIGNED_STREAM).body(content)
                    .idleTimeout(context.config().streamIdleTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (PeerException e) {
            context.gate().exit();
            throw e;
        }
        AtomicReference<String> refusal = new AtomicReference<>();
        request.onResponseHeaders(r -> {
            if (refusedByStoppingHandler(r)) {
                refusal.set(Upload.STOPPING);
            } else if (r.getStatus() != 200) {
                refusal.set(String.valueOf(r.getHeaders().get(Wire.ERROR_HEADER)));
            }
        });
        CompletableFuture<ContentResponse> response = new CompletableResponseListener(request, MAX_ERROR_BYTES)
                .send();
        AtomicBoolean exited = new AtomicBoolean();
        response.whenComplete((r, e) -> {
            if (exited.compareAndSet(false, true)) {
                context.gate().exit();
            }
        });
        return new Upload(request, content.getOutputStream(), response, refusal);
    }

    /**
     * Turns the response of an upload into a reply.
     *
     * @param response the completed response
     * @return the reply
     * @throws PeerException {@code UNAUTHORIZED} or {@code INCOMPATIBLE} when the peer refused the call
     */
    Reply replyOf(ContentResponse response) throws PeerException {
        return reply(response.getStatus(), response.getHeaders().get(Wire.ERROR_HEADER), response.getContent());
    }

    private Reply reply(int status, String code, byte[] body) throws PeerException {
        Reply reply = new Reply(status, code == null ? "" : code, body);
        if (reply.code().equals(Wire.UNAUTHORIZED)) {
            throw new PeerException(Reason.UNAUTHORIZED, node + " refused the call: " + reply.message());
        }
        if (reply.code().equals(Wire.INCOMPATIBLE)) {
            throw new PeerException(Reason.INCOMPATIBLE, node + " refused the call: " + reply.message());
        }
        if (!reply.ok() && reply.code().isEmpty() && status == NOT_SERVING) {
            // The node's router answers so while the node starts or stops, before or after its services run: the
            // peer is up but not serving calls, which is no misconfiguration.
            throw new PeerException(Reason.OFFLINE, node + " does not serve peer calls at the moment (HTTP " + status
                    + "): it is starting or stopping");
        }
        if (!reply.ok() && reply.code().isEmpty()) {
            throw new PeerException(Reason.FAILED, node + " answered HTTP " + status + " without an RPC error;"
                    + " is it a Cairn node with the peer transport installed?");
        }
        return reply;
    }

    private Request newRequest(String op, String argsHeader, String bodyHash) throws PeerException {
        Signer signer = context.signer();
        if (signer == null) {
            throw new PeerException(Reason.UNAUTHORIZED, "this node has no root credentials to sign calls with");
        }
        String path = Wire.BASE + op;
        long now = System.currentTimeMillis();
        String authorization = signer.authorization(HttpMethod.POST.asString(), path, now, argsHeader, bodyHash);
        return context.http().newRequest("http://" + node + path).method(HttpMethod.POST).headers(h -> {
            h.put(Wire.VERSION_HEADER, Integer.toString(Wire.VERSION));
            h.put(Wire.DATE_HEADER, Long.toString(now));
            h.put(Wire.CONTENT_HASH_HEADER, bodyHash);
            h.put("Authorization", authorization);
            if (!argsHeader.isEmpty()) {
                h.put(Wire.ARGS_HEADER, argsHeader);
            }
        });
    }

    private void enter(boolean failFast) throws PeerException {
        if (failFast) {
            synchronized (this) {
                if (state == State.OFFLINE) {
                    throw new PeerException(Reason.OFFLINE, node + " is offline");
                }
            }
        }
        if (!context.gate().enter()) {
            throw new PeerException(Reason.OFFLINE, "the peer transport is stopping; call to " + node + " refused");
        }
    }

    private PeerException unreachable(Throwable cause) {
        if (localFailure(cause)) {
            LOG.debug("Call to {} failed on this node: {}", node, String.valueOf(cause));
            return new PeerException(Reason.OFFLINE, "call to " + node + " failed on this node: " + cause, cause);
        }
        if (connectionLost(cause)) {
            confirm(cause);
            return new PeerException(Reason.OFFLINE, node + " closed the connection of the call: " + cause, cause);
        }
        setState(State.OFFLINE, cause);
        return new PeerException(Reason.OFFLINE, node + " did not answer: " + cause, cause);
    }

    /**
     * Tells a connection closed under a call (by the peer, or by a stream failure that ended the connection) from a
     * peer that did not answer in time or refused the connection.
     *
     * @param failure why a call or probe failed
     * @return {@code true} when the connection broke
     */
    static boolean connectionLost(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; i < MAX_CAUSES && t != null; i++) {
            if (t instanceof EofException || t instanceof ClosedChannelException
                    || t instanceof RetryableRequestException) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    /** Probes the peer now, unless a probe already confirms; a failed confirmation marks the peer offline. */
    private void confirm(Throwable cause) {
        synchronized (this) {
            if (confirming || state == State.OFFLINE) {
                return;
            }
            confirming = true;
        }
        LOG.debug("Connection to {} lost ({}); probing it", node, String.valueOf(cause));
        schedule(0);
    }

    /**
     * Tells a failure of this node from one of the peer: this node ran out of memory (Jetty reports a session that
     * failed on it as an {@code IOException} naming the error), or the HTTP client refused the call because its
     * queue for the peer was full.
     *
     * @param failure why a call or probe failed
     * @return {@code true} when the failure is this node's
     */
    static boolean localFailure(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; i < MAX_CAUSES && t != null; i++) {
            if (t instanceof OutOfMemoryError || t instanceof RejectedExecutionException
                    || String.valueOf(t.getMessage()).contains(OutOfMemoryError.class.getName())) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    private void answered() {
        setState(State.ONLINE, null);
    }

    private void setState(State next, Throwable cause) {
        boolean changed;
        synchronized (this) {
            if (stopped) {
                // The transport is stopping: failures of its last calls say nothing about the peer.
                return;
            }
            changed = state != next;
            boolean wasOffline = state == State.OFFLINE;
            state = next;
            if (next == State.ONLINE) {
                backoffMs = context.config().probeInitialBackoffMs();
            }
            if (changed && next == State.OFFLINE && !wasOffline) {
                // Probe soon instead of waiting for the heartbeat.
                scheduleLocked(backoffMs);
            }
        }
        if (changed) {
            if (next == State.OFFLINE) {
                LOG.warn("Peer {} is offline: {}", node, String.valueOf(cause));
            } else {
                LOG.info("Peer {} is online", node);
            }
            boolean online = next == State.ONLINE;
            try {
                context.scheduler().execute(() -> context.notifier().accept(node, online));
            } catch (RejectedExecutionException e) {
                // The transport stopped; nobody listens any more.
                return;
            }
        }
    }

    private void probe() {
        try {
            Request request = newRequest("peer/ping", "", Signer.sha256Hex(EMPTY))
                    .body(new BytesRequestContent(Wire.CONTENT_TYPE, EMPTY))
                    .timeout(context.config().probeTimeoutMs(), TimeUnit.MILLISECONDS);
            new CompletableResponseListener(request, MAX_ERROR_BYTES).send()
                    .whenComplete((response, failure) -> probed(failure));
        } catch (PeerException e) {
            // No credentials: probing cannot succeed, and calls fail with a clear message anyway.
            return;
        } catch (RuntimeException | LinkageError e) {
            // A probe must never end the probing: log and try again later.
            LOG.warn("Probing {} failed", node, e);
            probed(e);
        }
    }

    private void probed(Throwable failure) {
        boolean confirmation;
        synchronized (this) {
            confirmation = confirming;
            confirming = false;
        }
        try {
            if (failure != null && !confirmation && connectionLost(failure)) {
                // The connection closed under the probe: a second probe on a new connection decides.
                confirm(failure);
                return;
            }
            if (failure == null) {
                answered();
                reportReturn();
            } else if (localFailure(failure)) {
                LOG.debug("Probe of {} failed on this node: {}", node, String.valueOf(failure));
            } else {
                LOG.debug("Probe of {} failed: {}", node, String.valueOf(failure));
                setState(State.OFFLINE, failure);
            }
        } finally {
            synchronized (this) {
                if (confirming) {
                    // The confirming probe is scheduled already.
                    LOG.trace("Confirming {}", node);
                } else if (state == State.OFFLINE) {
                    long jitter = ThreadLocalRandom.current().nextLong(backoffMs / 4 + 1);
                    long delay = backoffMs + jitter;
                    backoffMs = Math.min(backoffMs * 2, context.config().probeMaxBackoffMs());
                    scheduleLocked(delay);
                } else {
                    scheduleLocked(context.config().heartbeatIntervalMs());
                }
            }
        }
    }

    /** Tells the listeners, after any state change this answer caused, that an announced return was confirmed. */
    private void reportReturn() {
        synchronized (this) {
            if (!returning || stopped) {
                return;
            }
            returning = false;
        }
        try {
            context.scheduler().execute(() -> context.returned().accept(node));
        } catch (RejectedExecutionException e) {
            // The transport stopped; nobody listens any more.
            return;
        }
    }

    private synchronized void schedule(long delayMs) {
        scheduleLocked(delayMs);
    }

    private void scheduleLocked(long delayMs) {
        if (stopped) {
            return;
        }
        if (nextProbe != null) {
            nextProbe.cancel(false);
        }
        try {
            nextProbe = context.scheduler().schedule(this::probe, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    private <T> T decode(Reply reply, Decoder<T> decoder) throws PeerException {
        if (!reply.ok()) {
            throw new PeerException(Reason.FAILED, node + ": " + reply.message());
        }
        try {
            WireCodec.In in = new WireCodec.In(reply.body());
            T value = decoder.decode(in);
            in.end();
            return value;
        } catch (WireCodec.MalformedException e) {
            throw new PeerException(Reason.FAILED, node + " sent a malformed answer: " + e.getMessage(), e);
        }
    }

    /** Decodes a result. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(WireCodec.In in) throws WireCodec.MalformedException;
    }

    /**
     * A started download.
     *
     * @param failure the callee's failure, {@code null} on success
     * @param body the framed body on success
     */
    record Download(Reply failure, InputStream body) {
    }

    /**
     * One sending of a download call.
     *
     * @param download its outcome
     * @param retryNow whether the peer refused it as in {@link #refusedByStoppingHandler(Response)}
     */
    private record Attempt(Download download, boolean retryNow) {
    }

    /**
     * A started upload.
     *
     * @param request the request, to abort it
     * @param body where the framed data goes; closing it ends the request body
     * @param response completes with the peer's answer
     * @param refusal the error code of a refusal as soon as its headers arrived, also when the peer then reset the
     *     stream (which fails {@code response}); {@link #STOPPING} for a refusal by a stopping handler
     */
    record Upload(Request request, OutputStream body, CompletableFuture<ContentResponse> response,
            AtomicReference<String> refusal) {

        /** {@link #refusal()} of an upload refused as in {@link Peer#refusedByStoppingHandler(Response)}. */
        static final String STOPPING = "STOPPING";

        /**
         * Tells whether the peer refused the upload before reading any of it, so that it can be sent again: its
         * handler had not opened the drive ({@value Wire#NOT_OPEN}), or was stopping (a transport hot swap).
         *
         * @return {@code true} once such a refusal's headers arrived
         */
        boolean refusedUnread() {
            String code = refusal.get();
            return Wire.NOT_OPEN.equals(code) || STOPPING.equals(code);
        }
    }

    /** Releases the call gate once when the download's stream is closed. */
    private final class GatedInputStream extends FilterInputStream {
        private final AtomicBoolean closed = new AtomicBoolean();

        GatedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                try {
                    super.close();
                } finally {
                    context.gate().exit();
                }
            }
        }
    }
}
