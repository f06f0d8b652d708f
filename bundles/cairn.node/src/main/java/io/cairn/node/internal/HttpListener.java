/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.net.BindException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP listener (HTTP/1.1 and cleartext HTTP/2). Front ends contribute Jetty {@link Handler} services
 * with a {@value #PATH_PROPERTY} service property naming the path prefix they serve; they may come and go while
 * the listener runs. Registered handlers must work without being started by this listener.
 */
@Component(service = HttpListener.class, immediate = true, configurationPid = NodeProperties.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodeConfig.class)
public final class HttpListener {

    /** Service property of a {@link Handler} naming the path prefix it serves. */
    public static final String PATH_PROPERTY = "cairn.http.path";

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /**
     * Stream resets (and other frames HTTP/2 rate-limits) one HTTP/2 connection may send per second before the
     * listener closes it as a rapid-reset attack. Jetty's default of 128 is exceeded in normal operation: a node
     * whose clients abandon their GETs cancels each GET's shard streams to its peers at once, on the one connection
     * it keeps to each peer (40 abandoned GETs of a multipart object did), and a closed connection fails every
     * other call on it. The limit still bounds the work a hostile client can cause per connection.
     */
    static final int HTTP2_EVENTS_PER_SECOND = 4_096;
    /**
     * How long a stop waits for the serving threads once the connections of the requests still in flight are
     * closed: a request cut off mid-body still finishes the drive writes it started before it fails.
     */
    static final long THREAD_STOP_MS = 5_000L;

    private final Router router = new Router(Long.toHexString(ThreadLocalRandom.current().nextLong()));
    private final Runnable exitProcess;
    private Server server;
    private long stopTimeoutMs;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /** Creates the listener of a node: a failure to bind ends the process. */
    public HttpListener() {
        this(ListenFailure::exitProcess);
    }

    HttpListener(Runnable exitProcess) {
        this.exitProcess = exitProcess;
    }

    @Activate
    void activate(NodeConfig config) throws Exception {
        ListenAddress address = ListenAddress.parse(config.address());
        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads());
        threads.setName("cairn-http");
        threads.setStopTimeout(THREAD_STOP_MS);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxRequestHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // S3 keys may hold '%', '//', encoded slashes and dot segments; the S3 front end decodes the raw path and
        // the object store validates names, so Jetty must not reject or normalise them.
        http.setUriCompliance(UriCompliance.UNSAFE);
        // No per-connection header cache: S3 clients sign every request, so the Authorization header, which Jetty
        // caches, differs every time, and the cache would only be filled and cleared over and over (4% of the CPU
        // of small GETs). Signatures cover header values byte for byte, and should a cache be turned on again, it
        // must stay case-sensitive: it would otherwise hand back its own spelling of a common value
        // ("text/plain;charset=utf-8" for "text/plain; charset=UTF-8").
        http.setHeaderCacheSize(0);
        http.setHeaderCacheCaseSensitive(true);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        h2c.setRateControlFactory(new WindowRateControl.Factory(HTTP2_EVENTS_PER_SECOND));
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http), h2c);
        connector.setHost(address.host());
        connector.setPort(address.port());
        connector.setIdleTimeout(config.idleTimeoutMs());
        jetty.addConnector(connector);
        jetty.setHandler(router);
        jetty.setErrorHandler(new XmlErrorHandler(router));
        // The listener drains requests itself before it stops Jetty (see drain).
        jetty.setStopTimeout(0);
        stopTimeoutMs = config.stopTimeoutMs();
        if (!start(jetty, config.address())) {
            return;
        }
        server = jetty;
        Banner.print(System.out, address, connector.getLocalPort(), config);
        LOG.info("Listening on {}:{}", address.host() == null ? "*" : address.host(), connector.getLocalPort());
    }

    /**
     * Starts Jetty. When the address cannot be bound the node logs one line and exits rather than running on
     * without a listener; the failure is not rethrown, which would only add SCR's stack trace to the line.
     */
    private boolean start(Server jetty, String address) throws Exception {
        try {
            jetty.start();
            return true;
        } catch (Exception e) {
            BindException bind = ListenFailure.bindFailure(e);
            if (bind == null) {
                throw e;
            }
            jetty.stop();
            LOG.error("The node stops: {}", ListenFailure.message(address, bind));
            exitProcess.run();
            return false;
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        stopServing();
    }

    /**
     * Turns new requests away (503), lets the requests in flight finish within the stop timeout, then stops Jetty,
     * which closes the connections of those still running; only the first call does anything. The node calls
     * it before it stops the framework, while the front ends and the object store the requests use still run: the
     * framework stops this bundle last, as it starts it first.
     *
     * @throws Exception when Jetty fails to stop
     */
    void stopServing() throws Exception {
        Server jetty = server;
        if (jetty == null || !stopped.compareAndSet(false, true)) {
            return;
        }
        int cutOff = drain();
        if (cutOff >= 0) {
            LOG.warn("The HTTP listener's stop timed out after {} ms with {} request(s) still in flight; closing"
                    + " their connections", stopTimeoutMs, cutOff);
        }
        jetty.stop();
    }

    /**
     * Tells how many requests the listener is serving.
     *
     * @return the requests dispatched to a handler and not yet completed
     */
    int requestsInFlight() {
        return router.inFlight();
    }

    /**
     * Answers new requests 503 and waits up to the stop timeout for the requests in flight to finish. Done here
     * rather than in {@link Server#stop()}, which would throw the timeout for SCR to print with its stack trace and
     * give the threads of the requests it cuts off one second to end. Connections stay open meanwhile, so that a
     * request still receiving its body can finish, and a new request is told to go elsewhere.
     *
     * @return how many requests were still in flight when the stop timed out, or -1 when none was
     */
    private int drain() throws InterruptedException {
        if (stopTimeoutMs <= 0) {
            return -1;
        }
        return router.drain(stopTimeoutMs) ? -1 : router.inFlight();
    }

    @Reference(service = Handler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(" + PATH_PROPERTY + "=*)")
    void addHandler(Handler handler, Map<String, Object> properties) {
        router.add(String.valueOf(properties.get(PATH_PROPERTY)), handler);
    }

    void removeHandler(Handler handler) {
        router.remove(handler);
    }
}
