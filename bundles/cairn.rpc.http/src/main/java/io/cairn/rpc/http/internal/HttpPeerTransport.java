/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.annotation.bundle.Requirement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.PeerClient;
import io.cairn.api.rpc.PeerListener;
import io.cairn.api.rpc.PeerTransport;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.LayoutException;

/**
 * The peer transport on Jetty's HTTP/2 client (cleartext, prior knowledge), and the factory of remote drives.
 *
 * <p>One HTTP/2 client serves all peers; calls to one peer share a few multiplexed connections. Everything a call
 * may wait for has a deadline (connect, call, stream idle). When the component stops (bundle update), new calls
 * are refused with {@code OFFLINE} and calls in flight get up to {@code drainTimeoutMs} to finish before the client
 * stops; drives this factory opened then answer {@code OFFLINE}, so their user must open them again from the
 * replacement factory. {@link HttpTransportComponent} creates and registers it, and replaces it when its settings
 * change.
 *
 * <p>When this node starts serving its drives, {@link RpcHandler} has this transport announce it to every peer
 * ({@link PeerPresence}); a peer's announcement makes this transport probe that peer at once.
 *
 * <p>Jetty's {@code HttpClient.start()} loads {@code org.eclipse.jetty.compression.Compression} although
 * jetty-client imports that package only optionally, so this bundle requires the bundle that exports it.
 */
@Requirement(namespace = "osgi.identity", name = "org.eclipse.jetty.compression.common")
public final class HttpPeerTransport implements PeerTransport, DriveFactory, PeerPresence {

    private static final Logger LOG = LoggerFactory.getLogger(HttpPeerTransport.class);
    /** Threads of the HTTP client; calls block callers, not these threads. */
    private static final int CLIENT_THREADS = 32;

    private final NodeIdentity identity;
    private final RpcConfig config;
    private ClientContext context;
    private boolean stopped;
    private final ConcurrentMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final PeerTraffic traffic = new PeerTraffic();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Starts the HTTP/2 client and begins probing the peers of the topology.
     *
     * @param config the settings, accepted (see {@link RpcSettings})
     */
    public HttpPeerTransport(RpcConfig config) {
        NodeIdentity id;
        try {
            id = NodeIdentity.of(config.volumes(), config.address(), config.serverUrl());
        } catch (LayoutException e) {
            LOG.warn("Peer transport without peers: {}", e.getMessage());
            id = new NodeIdentity(List.of(), null, "");
        }
        this.identity = id;
        this.config = config;
        if (!identity.peers().isEmpty() && identity.self().isEmpty()) {
            LOG.warn("This node found none of {} to be itself (listen address {}, server URL '{}'); set the server"
                    + " URL", identity.topology().nodes(), config.address(), config.serverUrl());
        }
        for (String node : identity.peers()) {
            peerOf(node);
        }
    }

    /**
     * Returns the shared client parts, starting the HTTP/2 client on first use. Starting it lazily keeps a node
     * without peers (or a component activated before its configuration arrived) from touching Jetty's HTTP
     * classes while the framework is still starting bundles: Jetty initialises process-wide encoders from the
     * providers registered at that moment.
     */
    private synchronized ClientContext context() {
        if (stopped) {
            throw new IllegalStateException("the peer transport stopped");
        }
        if (context == null) {
            Signer signer = config.rootUser().isEmpty() ? null : new Signer(config.rootUser(), config._rootPassword());
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = Executors.defaultThreadFactory().newThread(r);
                t.setName("cairn-rpc-probe");
                t.setDaemon(true);
                return t;
            });
            scheduler.setRemoveOnCancelPolicy(true);
            try {
                context = new ClientContext(startClient(config, traffic), signer, config, new CallGate(), scheduler,
                        this::notifyListeners, this::notifyReturned);
            } catch (Exception e) {
                scheduler.shutdownNow();
                throw new IllegalStateException("cannot start the HTTP/2 client", e);
            }
        }
        return context;
    }

    private static HttpClient startClient(RpcConfig config, PeerTraffic traffic) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(Duration.ofMillis(config.connectTimeoutMs()));
        HTTP2Client http2 = new HTTP2Client(connector);
        http2.setInitialStreamRecvWindow(config.streamWindowBytes());
        http2.setInitialSessionRecvWindow(Math.max(config.sessionWindowBytes(), config.streamWindowBytes()));
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP2(http2));
        QueuedThreadPool threads = new QueuedThreadPool(CLIENT_THREADS);
        threads.setName("cairn-rpc-client");
        threads.setDaemon(true);
        http.setExecutor(threads);
        http.setConnectTimeout(config.connectTimeoutMs());
        http.setIdleTimeout(Math.max(config.streamIdleTimeoutMs(), config.heartbeatIntervalMs() * 3));
        http.setMaxConnectionsPerDestination(config.maxConnectionsPerPeer());
        http.setMaxRequestsQueuedPerDestination(config.maxQueuedCallsPerPeer());
        http.setFollowRedirects(false);
        // Peer calls carry their own signature; HTTP authentication challenges are not for this client.
        http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        http.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "cairn-rpc/" + Wire.VERSION));
        // Beans that are connection listeners are added to every connection the client opens.
        http.addBean(traffic);
        http.start();
        return http;
    }

    /** Refuses new calls, lets the calls in flight finish within the drain timeout, then stops the client. */
    public void deactivate() {
        ClientContext c;
        synchronized (this) {
            stopped = true;
            c = context;
        }
        if (c == null) {
            return;
        }
        int left = c.gate().closeAndDrain(config.drainTimeoutMs());
        if (left > 0) {
            LOG.warn("Stopping the peer transport with {} calls still in flight; they fail", left);
        }
        peers.values().forEach(Peer::stop);
        c.scheduler().shutdownNow();
        try {
            c.http().stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP/2 client failed", e);
        }
    }

    @Override
    public String localNode() {
        return identity.self();
    }

    @Override
    public List<String> peers() {
        return identity.peers();
    }

    @Override
    public PeerClient peer(String node) {
        return peerOf(node);
    }

    @Override
    public boolean isOnline(String node) {
        Peer peer = peers.get(node);
        return peer != null && peer.isOnline();
    }

    @Override
    public void addListener(PeerListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PeerListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
        Endpoint e = parse(endpoint);
        return Optional.ofNullable(RemoteDrive.readFormat(peerOf(e.node()), e.path()));
    }

    @Override
    public Drive open(String endpoint, FormatInfo expected) throws DriveException {
        Endpoint e = parse(endpoint);
        return RemoteDrive.open(peerOf(e.node()), endpoint, e.path(), expected);
    }

    /**
     * Returns the bytes this node's peer client moved per peer since the transport started (the connections this
     * node opened; the bytes of connections its peers opened to it are counted by them).
     *
     * @return per peer {@code host:port}
     */
    Map<String, PeerTraffic.Bytes> traffic() {
        return traffic.snapshot();
    }

    /** @return whether the transport began to stop, for tests */
    synchronized boolean stopping() {
        return stopped && (context == null || context.gate().isClosed());
    }

    private Peer peerOf(String node) {
        int colon = node == null ? -1 : node.lastIndexOf(':');
        if (colon <= 0 || colon == node.length() - 1) {
            throw new IllegalArgumentException("not host:port: " + node);
        }
        return peers.computeIfAbsent(node, n -> {
            Peer p = new Peer(n, context());
            p.start();
            return p;
        });
    }

    @Override
    public void announceServing() {
        String self = identity.self();
        if (self.isEmpty() || identity.peers().isEmpty()) {
            return;
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        LOG.info("This node serves its drives; telling its {} peer(s)", identity.peers().size());
        for (String node : identity.peers()) {
            peerOf(node).announce(self);
        }
    }

    @Override
    public boolean peerReturned(String node) {
        if (!identity.peers().contains(node)) {
            return false;
        }
        LOG.info("Peer {} serves its drives again; probing it now", node);
        peerOf(node).returned();
        return true;
    }

    private static Endpoint parse(String endpoint) throws DriveException {
        try {
            Endpoint e = Endpoint.parse(endpoint);
            if (e.isUrl()) {
                return e;
            }
        } catch (LayoutException e) {
            throw new DriveException(Reason.INVALID_NAME, e.getMessage(), e);
        }
        throw new DriveException(Reason.INVALID_NAME, "remote drives need a URL endpoint, not " + endpoint);
    }

    private void notifyReturned(String node) {
        for (PeerListener listener : listeners) {
            try {
                listener.peerReturned(node);
            } catch (RuntimeException e) {
                LOG.warn("Peer listener {} failed", listener, e);
            }
        }
    }

    private void notifyListeners(String node, boolean online) {
        for (PeerListener listener : listeners) {
            try {
                listener.peerChanged(node, online);
            } catch (RuntimeException e) {
                LOG.warn("Peer listener {} failed", listener, e);
            }
        }
    }
}
