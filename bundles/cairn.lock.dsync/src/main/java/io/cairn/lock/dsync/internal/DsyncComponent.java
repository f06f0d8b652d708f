/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.lock.LockService;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerTransport;
import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.Topology;

/**
 * Registers the distributed {@link LockService} (property {@code lock.kind=dsync}, {@code service.ranking}
 * {@value #RANKING}, above the local one) when the endpoint arguments name more than one node; a single node keeps
 * the local lock service. The node's own lock server is called directly, the others' through the current
 * {@link PeerTransport} (a dynamic greedy reference: a replaced transport serves the next round). When the lock
 * settings are refused (see {@link DsyncSettings}), the service registered in a deployment of several nodes fails
 * every lock, so that the local lock service, which the other nodes do not see, does not stand in for it.
 */
@Component(service = {}, configurationPid = {"io.cairn.node", "io.cairn.lock.dsync"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DsyncComponent {

    /** Ranking of the distributed lock service, above the local lock service's default 0. */
    static final int RANKING = 100;
    /** Calls queued for the lock-call threads before new ones fail (counted as not granted). */
    private static final int MAX_QUEUED_CALLS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(DsyncComponent.class);

    private final LockServer local;
    private volatile PeerTransport transport;
    private ThreadPoolExecutor calls;
    private ScheduledExecutorService refresher;
    private DsyncLockService service;
    private ServiceRegistration<LockService> registration;

    /**
     * Creates the component.
     *
     * @param local this node's lock server
     */
    @Activate
    public DsyncComponent(@Reference(target = "(" + LockServerComponent.KIND_PROPERTY + "=local)") LockServer local) {
        this.local = local;
    }

    /**
     * Registers the lock service when the deployment has several nodes.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @param context the bundle context
     */
    @Activate
    void activate(DsyncConfig config, Map<String, Object> properties, BundleContext context) {
        List<String> nodes = nodes(config.volumes());
        if (nodes.size() < 2) {
            LOG.debug("Single node: the local lock service stays in charge");
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, RANKING);
        props.put("lock.kind", "dsync");
        Optional<String> refusal = DsyncSettings.refusal(config, properties);
        if (refusal.isPresent()) {
            // The lock server logged the refusal; the local lock service must not stand in for the deployment's.
            registration = context.registerService(LockService.class, new RefusedLocks(refusal.get()), props);
            return;
        }
        calls = new ThreadPoolExecutor(config.callThreads(), config.callThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_CALLS), r -> {
                    Thread t = new Thread(r, "cairn-dsync-call");
                    t.setDaemon(true);
                    return t;
                });
        calls.allowCoreThreadTimeOut(true);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-dsync-refresh");
            t.setDaemon(true);
            return t;
        });
        service = new DsyncLockService(nodes, owner(), this::serverOf, config, calls, refresher,
                ThreadLocalRandom.current());
        registration = context.registerService(LockService.class, service, props);
        LOG.info("Distributed locks across {} nodes (write quorum {}, read quorum {})", nodes.size(),
                Quorum.of(nodes.size(), true), Quorum.of(nodes.size(), false));
    }

    /** Unregisters the service and releases the leases still held. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (service != null) {
            service.closeAll();
            refresher.shutdownNow();
            calls.shutdown();
        }
    }

    /**
     * Sets the peer transport.
     *
     * @param next the transport
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTransport(PeerTransport next) {
        transport = next;
    }

    /**
     * Clears the peer transport.
     *
     * @param gone the transport going away
     */
    void unsetTransport(PeerTransport gone) {
        if (transport == gone) {
            transport = null;
        }
    }

    private LockServer serverOf(String node) {
        PeerTransport t = transport;
        if (t == null) {
            return null;
        }
        return node.equals(t.localNode()) ? local : t.peer(node).locks();
    }

    private String owner() {
        PeerTransport t = transport;
        return t == null || t.localNode().isEmpty() ? "unknown" : t.localNode();
    }

    static List<String> nodes(String volumes) {
        List<String> args = Arrays.stream(volumes.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (args.isEmpty()) {
            return List.of();
        }
        try {
            return Topology.parse(args).nodes();
        } catch (LayoutException e) {
            LOG.warn("No distributed locks: {}", e.getMessage());
            return List.of();
        }
    }
}
