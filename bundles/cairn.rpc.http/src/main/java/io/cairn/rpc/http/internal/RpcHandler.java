/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.ServerInfo;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.topology.LayoutException;
import io.cairn.rpc.http.internal.ServedDrives.NotOpenException;
import io.cairn.rpc.http.internal.WireCodec.MalformedException;

/**
 * The callee's side of the peer transport, served on the node's listener under {@value Wire#PREFIX}.
 *
 * <p>Every call is checked before anything else happens: the wire version header must be {@value Wire#VERSION}
 * (else 400 {@value Wire#INCOMPATIBLE}), the date within 15 minutes of this node's clock and the signature made
 * with the same root credentials (else 401 {@value Wire#UNAUTHORIZED}, logged), and a unary body must match its
 * declared SHA-256. Then the call runs on the Jetty thread, which may block: drive calls go to the node's local
 * drives ({@link ServedDrives}), lock calls to the node's {@link LockServer} service, peer calls answer from this
 * node's configuration. On stop, calls in flight get the drain timeout to finish.
 *
 * <p>The handler registers itself once the settings of {@code conf/io.cairn.rpc.http.cfg} are accepted (see
 * {@link RpcSettings}); a refused edit leaves it on the settings it had. It does not log a refusal: the peer
 * transport, which reads the same file, does ({@link HttpTransportComponent}). The node's identity and credentials
 * come from the node configuration, which is written only when the node starts.
 *
 * <p>Once it has both the local drive factory and the transport's {@link PeerPresence}, the handler has the
 * transport tell every peer that this node serves its drives ({@code peer/back}), and it passes the peers'
 * announcements on to the transport, so that a restarted node is found at once rather than after the peers' probe
 * backoff.
 */
@Component(service = {}, configurationPid = {"io.cairn.node", "io.cairn.rpc.http"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RpcHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(RpcHandler.class);
    private static final String UPLOAD_OP = "drive/createFile";

    private final BundleContext context;
    /** The accepted settings, {@code null} while none were accepted. */
    private volatile RpcConfig config;
    private ServiceRegistration<Handler> registration;
    private final NodeIdentity identity;
    private final Signer signer;
    private final ServedDrives drives;
    private final DriveCalls driveCalls;
    private final CallGate gate = new CallGate();
    private final RefusalLog refusals = new RefusalLog(LOG);
    private final Instant startedAt = Instant.now();
    private volatile LockServer lockServer;
    private volatile PeerPresence presence;
    /** The local drive factory last bound, {@code null} while none is. */
    private volatile DriveFactory localDrives;
    /** Whether {@code peer/back} is served; cleared by tests of mixed versions. */
    private volatile boolean returnAnnouncements = true;
    private volatile boolean lockLine = true;
    /** Whether the calls ending a two-phase commit are served; cleared by tests of mixed versions. */
    private volatile boolean twoPhaseCommit = true;
    /** Whether {@code drive/commitObjectReporting} is served; cleared by tests of mixed versions. */
    private volatile boolean commitReport = true;
    /** Whether {@code drive/walkReporting} is served; cleared by tests of mixed versions. */
    private volatile boolean walkReport = true;
    /** Whether {@code drive/walkWithOrphans} is served; cleared by tests of mixed versions. */
    private volatile boolean walkOrphans = true;

    /**
     * Creates the handler, and registers it when its settings are accepted.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @param context where the handler is registered, {@code null} for none
     */
    @Activate
    public RpcHandler(RpcConfig config, Map<String, Object> properties, BundleContext context) {
        this.context = context;
        NodeIdentity id;
        try {
            id = NodeIdentity.of(config.volumes(), config.address(), config.serverUrl());
        } catch (LayoutException e) {
            id = new NodeIdentity(List.of(), null, "");
        }
        this.identity = id;
        this.signer = config.rootUser().isEmpty() ? null : new Signer(config.rootUser(), config._rootPassword());
        this.drives = new ServedDrives(identity);
        this.driveCalls = new DriveCalls(drives);
        modified(config, properties);
    }

    /**
     * Creates a handler that is not registered.
     *
     * @param config the settings
     */
    public RpcHandler(RpcConfig config) {
        this(config, Map.of(), null);
    }

    /**
     * Takes changed settings, or keeps the current ones when a setting is refused.
     *
     * @param config the settings
     * @param properties the settings as given
     */
    @Modified
    synchronized void modified(RpcConfig config, Map<String, Object> properties) {
        if (RpcSettings.refusal(config, properties).isPresent()) {
            return;
        }
        this.config = config;
        if (registration == null && context != null) {
            registration = context.registerService(Handler.class, this,
                    new Hashtable<>(Map.of("cairn.http.path", Wire.PREFIX)));
        }
    }

    /**
     * Tells whether the settings were accepted, so that the handler serves.
     *
     * @return {@code true} once settings were accepted
     */
    boolean serving() {
        return config != null;
    }

    /** Lets calls in flight finish (bounded) before the component goes away. */
    @Deactivate
    public void deactivate() {
        synchronized (this) {
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
        RpcConfig settings = config;
        int left = gate.closeAndDrain(settings == null ? 0 : settings.drainTimeoutMs());
        if (left > 0) {
            LOG.warn("Peer RPC handler stopping with {} calls in flight", left);
        }
    }

    /** @return whether the handler began to stop, for tests */
    boolean stopping() {
        return gate.isClosed();
    }

    /** @return the calls in flight (answers still being written included), for tests */
    int callsInFlight() {
        return gate.inFlight();
    }

    /**
     * Sets the local drive factory.
     *
     * @param factory the factory of this node's local drives
     */
    @Reference(target = "(drive.kind=local)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void setLocalDrives(DriveFactory factory) {
        drives.factory(factory);
        localDrives = factory;
        announce(presence);
    }

    /**
     * Clears the local drive factory.
     *
     * @param factory the factory going away
     */
    public void unsetLocalDrives(DriveFactory factory) {
        if (localDrives == factory) {
            // Only the factory in use goes: a replacement may be bound before the one it replaces is unbound.
            localDrives = null;
            drives.factory(null);
        }
    }

    /**
     * Sets the transport's side of the announcements that a node serves its drives.
     *
     * @param next the transport of this bundle
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setPresence(PeerPresence next) {
        presence = next;
        announce(next);
    }

    /**
     * Clears the transport's side of the announcements.
     *
     * @param gone the transport going away
     */
    public void unsetPresence(PeerPresence gone) {
        if (presence == gone) {
            presence = null;
        }
    }

    /** Has the transport tell the peers that this node serves its drives, once both are there. */
    private void announce(PeerPresence target) {
        if (target != null && localDrives != null) {
            target.announceServing();
        }
    }

    /**
     * Sets this node's lock server.
     *
     * @param server the lock server
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setLockServer(LockServer server) {
        lockServer = server;
    }

    /**
     * Clears this node's lock server.
     *
     * @param server the lock server going away
     */
    public void unsetLockServer(LockServer server) {
        if (lockServer == server) {
            lockServer = null;
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(Wire.PREFIX)) {
            return false;
        }
        if (!gate.enter()) {
            // Only a call that raced the node's router dropping this handler gets here: sent again, it reaches the
            // successor, and the caller does so at once.
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Wire.RETRY_NOW);
            return error(response, callback, 503, Wire.UNAVAILABLE, "the peer RPC handler is stopping");
        }
        // The call leaves the gate when its response is completely written (or failed), not when this method
        // returns: unary answers are written asynchronously, and a drain must not end while one is on its way.
        Callback leave = leavingGate(callback);
        try {
            return serve(request, response, leave, path);
        } catch (RuntimeException e) {
            LOG.error("Peer call {} failed", path, e);
            return error(response, leave, 500, Wire.INTERNAL, String.valueOf(e));
        }
    }

    /**
     * Wraps a call's callback so that the call leaves the gate once, after the callback completed.
     *
     * @param callback Jetty's callback of the call
     * @return the callback to complete the call with
     */
    private Callback leavingGate(Callback callback) {
        AtomicBoolean left = new AtomicBoolean();
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                try {
                    super.succeeded();
                } finally {
                    leave();
                }
            }

            @Override
            public void failed(Throwable failure) {
                try {
                    super.failed(failure);
                } finally {
                    leave();
                }
            }

            private void leave() {
                if (left.compareAndSet(false, true)) {
                    gate.exit();
                }
            }
        };
    }

    private boolean serve(Request request, Response response, Callback callback, String path) {
        if (!HttpMethod.POST.is(request.getMethod())) {
            return error(response, callback, 405, Wire.BAD_REQUEST, "peer calls use POST");
        }
        String version = request.getHeaders().get(Wire.VERSION_HEADER);
        if (!Integer.toString(Wire.VERSION).equals(version) || !path.startsWith(Wire.BASE)) {
            String message = "unsupported peer wire version " + (version == null ? "(none)" : version) + " on "
                    + path + "; this node speaks version " + Wire.VERSION;
            refusals.refused("incompatible", remote(request), message);
            return error(response, callback, 400, Wire.INCOMPATIBLE, message);
        }
        if (signer == null) {
            return error(response, callback, 503, Wire.UNAVAILABLE, "this node has no root credentials configured");
        }
        String op = path.substring(Wire.BASE.length());
        String hash = String.valueOf(request.getHeaders().get(Wire.CONTENT_HASH_HEADER));
        String argsHeader = request.getHeaders().get(Wire.ARGS_HEADER);
        argsHeader = argsHeader == null ? "" : argsHeader;
        String refusal = signer.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION), request.getMethod(), path,
                parseDate(request.getHeaders().get(Wire.DATE_HEADER)), System.currentTimeMillis(), argsHeader, hash);
        if (refusal != null) {
            refusals.refused("unauthorized", remote(request), refusal);
            return error(response, callback, 401, Wire.UNAUTHORIZED, refusal);
        }
        if (op.equals(UPLOAD_OP)) {
            return upload(request, response, callback, hash, argsHeader);
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (IOException e) {
            return error(response, callback, 400, Wire.BAD_REQUEST, "cannot read the call's body: " + e);
        }
        if (body == null) {
            return error(response, callback, 413, Wire.BAD_REQUEST, "body larger than " + Wire.MAX_BODY_BYTES);
        }
        if (!Signer.sha256Hex(body).equals(hash)) {
            refusals.refused("unauthorized", remote(request), "body does not match its signed hash");
            return error(response, callback, 400, Wire.BAD_REQUEST, "body does not match its signed hash");
        }
        return dispatch(op, new WireCodec.In(body), response, callback);
    }

    private boolean dispatch(String op, WireCodec.In in, Response response, Callback callback) {
        try {
            if ((op.equals("drive/finishCommit") || op.equals("drive/undoCommit")) && !twoPhaseCommit
                    || op.equals("drive/commitObjectReporting") && !(twoPhaseCommit && commitReport)
                    || op.equals("drive/walkReporting") && !walkReport
                    || op.equals("drive/walkWithOrphans") && !(walkReport && walkOrphans)) {
                throw new MalformedException("unknown drive operation " + op.substring(6));
            }
            if (op.startsWith("peer/")) {
                return ok(response, callback, peerCall(op.substring(5), in));
            }
            if (op.startsWith("lock/")) {
                return lockCall(op.substring(5), in, response, callback);
            }
            if (op.equals("drive/readFile") || op.equals("drive/readShard")) {
                return download(op.substring(6), in, response, callback);
            }
            if (op.startsWith("drive/")) {
                return ok(response, callback, driveCalls.unary(op.substring(6), in));
            }
            return error(response, callback, 404, Wire.BAD_REQUEST, "unknown peer call " + op);
        } catch (DriveException e) {
            return error(response, callback, 409, Wire.DRIVE_PREFIX + e.reason().name(), e.getMessage());
        } catch (NotOpenException e) {
            return error(response, callback, 409, Wire.NOT_OPEN, e.getMessage());
        } catch (MalformedException e) {
            return error(response, callback, 400, Wire.BAD_REQUEST, op + ": " + e.getMessage());
        }
    }

    private byte[] peerCall(String op, WireCodec.In in) throws MalformedException {
        if (op.equals("back") && returnAnnouncements) {
            return peerBack(in);
        }
        in.end();
        WireCodec.Out out = new WireCodec.Out();
        switch (op) {
            case "ping" -> {
                return out.toBytes();
            }
            case "info" -> out.serverInfo(new ServerInfo(identity.self(), Wire.VERSION, identity.arguments(),
                    drives.deploymentId(), signer.fingerprint(), startedAt, Instant.now()));
            case "drives" -> {
                List<DiskInfo> status = drives.status();
                out.i32(status.size());
                status.forEach(out::disk);
            }
            default -> throw new MalformedException("unknown peer call " + op);
        }
        return out.toBytes();
    }

    /** A peer announces that it serves its drives again: probe it now (see {@link PeerPresence}). */
    private byte[] peerBack(WireCodec.In in) throws MalformedException {
        int format = in.i32();
        if (format != Wire.RETURN_FORMAT) {
            throw new MalformedException("unsupported peer/back format " + format + "; this node speaks format "
                    + Wire.RETURN_FORMAT);
        }
        String node = in.str();
        in.end();
        PeerPresence target = presence;
        if (target != null && !target.peerReturned(node)) {
            throw new MalformedException(node + " is not a peer of " + identity.self());
        }
        return new byte[0];
    }

    private boolean lockCall(String op, WireCodec.In in, Response response, Callback callback)
            throws MalformedException {
        if ((op.equals("enter") || op.equals("leave")) && !lockLine) {
            throw new MalformedException("unknown lock call " + op);
        }
        LockRequest lock = op.equals("enter") || op.equals("leave") ? in.lockInLine() : in.lockRequest();
        boolean exclusive = op.equals("enter") || op.equals("leave") ? in.bool() : false;
        boolean keepPlace = op.equals("leave") ? in.bool() : false;
        in.end();
        LockServer server = lockServer;
        if (server == null) {
            return error(response, callback, 503, Wire.UNAVAILABLE, "no lock server on " + identity.self());
        }
        byte[] answer;
        try {
            answer = switch (op) {
                case "enter" -> new WireCodec.Out().lockAnswer(server.enter(lock, exclusive)).toBytes();
                case "leave" -> bit(server.leave(lock, exclusive, keepPlace));
                case "lock" -> bit(server.lock(lock));
                case "readLock" -> bit(server.readLock(lock));
                case "unlock" -> bit(server.unlock(lock));
                case "readUnlock" -> bit(server.readUnlock(lock));
                case "refresh" -> bit(server.refresh(lock));
                default -> throw new MalformedException("unknown lock call " + op);
            };
        } catch (PeerException e) {
            return error(response, callback, 503, Wire.UNAVAILABLE, e.getMessage());
        }
        return ok(response, callback, answer);
    }

    private static byte[] bit(boolean value) {
        return new byte[] {(byte) (value ? 1 : 0)};
    }

    /**
     * Makes this handler serve only the format 1 lock calls, refusing the calls in line as a node that predates
     * them does; for the tests of mixed versions.
     *
     * @param served whether {@code lock/enter} and {@code lock/leave} are served
     */
    void serveLockLine(boolean served) {
        lockLine = served;
    }

    /**
     * Makes this handler refuse {@code drive/finishCommit} and {@code drive/undoCommit} (and
     * {@code drive/commitObjectReporting}, which came later) as a node that predates them does; for the tests of
     * mixed versions.
     *
     * @param served whether the calls are served
     */
    void serveTwoPhaseCommit(boolean served) {
        twoPhaseCommit = served;
    }

    /**
     * Makes this handler refuse {@code drive/commitObjectReporting} as a node that predates it (storage API 1.5)
     * does; for the tests of mixed versions.
     *
     * @param served whether the call is served
     */
    void serveCommitReport(boolean served) {
        commitReport = served;
    }

    /**
     * Makes this handler refuse {@code drive/walkReporting} as a node that predates it (storage API 1.6) does; for
     * the tests of mixed versions.
     *
     * @param served whether the call is served
     */
    void serveWalkReport(boolean served) {
        walkReport = served;
    }

    /**
     * Makes this handler refuse {@code drive/walkWithOrphans} as a node that predates it (storage API 1.7) does;
     * for the tests of mixed versions.
     *
     * @param served whether the call is served
     */
    void serveWalkOrphans(boolean served) {
        walkOrphans = served;
    }

    /**
     * Makes this handler refuse {@code peer/back} as a node that predates it does; for the tests of mixed versions.
     *
     * @param served whether the call is served
     */
    void serveReturnAnnouncements(boolean served) {
        returnAnnouncements = served;
    }

    private boolean download(String op, WireCodec.In in, Response response, Callback callback)
            throws DriveException, NotOpenException, MalformedException {
        InputStream local = driveCalls.openDownload(op, in);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Wire.CONTENT_TYPE);
        try (OutputStream sink = Content.Sink.asOutputStream(response)) {
            FrameOutputStream frames = new FrameOutputStream(sink);
            DriveCalls.copyOut(local, frames);
        } catch (IOException e) {
            // The caller went away or stopped reading past the stream idle timeout.
            callback.failed(e);
            return true;
        }
        callback.succeeded();
        return true;
    }

    private boolean upload(Request request, Response response, Callback callback, String hash, String argsHeader) {
        if (!Wire.UNSIGNED_STREAM.equals(hash)) {
            return error(response, callback, 400, Wire.BAD_REQUEST, "uploads are sent as " + Wire.UNSIGNED_STREAM);
        }
        byte[] args;
        try {
            args = Base64.getUrlDecoder().decode(argsHeader);
        } catch (IllegalArgumentException e) {
            return error(response, callback, 400, Wire.BAD_REQUEST, "malformed " + Wire.ARGS_HEADER);
        }
        try (InputStream body = Content.Source.asInputStream(request)) {
            driveCalls.upload(new WireCodec.In(args), body);
            return ok(response, callback, new byte[0]);
        } catch (DriveException e) {
            return error(response, callback, 409, Wire.DRIVE_PREFIX + e.reason().name(), e.getMessage());
        } catch (NotOpenException e) {
            return error(response, callback, 409, Wire.NOT_OPEN, e.getMessage());
        } catch (MalformedException e) {
            return error(response, callback, 400, Wire.BAD_REQUEST, "createFile: " + e.getMessage());
        } catch (IOException e) {
            return error(response, callback, 400, Wire.BAD_REQUEST, "upload broke off: " + e);
        }
    }

    private static byte[] readBody(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(Wire.MAX_BODY_BYTES + 1);
            return body.length > Wire.MAX_BODY_BYTES ? null : body;
        }
    }

    private static long parseDate(String value) {
        try {
            return value == null ? Long.MIN_VALUE : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String remote(Request request) {
        return String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    private static boolean ok(Response response, Callback callback, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Wire.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String code, String message) {
        response.setStatus(status);
        if (status == 401) {
            // HTTP requires a challenge with every 401; HTTP clients refuse the answer without one.
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, Wire.SCHEME);
        }
        response.getHeaders().put(Wire.ERROR_HEADER, code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(String.valueOf(message).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
