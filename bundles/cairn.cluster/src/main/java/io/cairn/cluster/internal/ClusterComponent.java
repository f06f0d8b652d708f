/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealQueue;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.lock.LockService;
import io.cairn.api.object.BucketStore;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.ObjectLister;
import io.cairn.api.object.ObjectStore;
import io.cairn.api.object.StorageStatus;
import io.cairn.api.rpc.PeerTransport;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.topology.StorageClass;
import io.cairn.api.topology.Topology;

/**
 * Builds the object layer from the node configuration and registers its services.
 *
 * <p>Configured by the node's PID {@code io.cairn.node} (required): {@code volumes} holds the endpoint arguments
 * joined by new lines. Local endpoints are opened through the local {@link DriveFactory}. URL endpoints (distributed
 * mode) are brought up by {@link DistributedBootstrap} on its own thread: this node's drives through the local
 * factory, the other nodes' through the remote one ({@code drive.kind=remote}, with the {@link PeerTransport}
 * optional, dynamic and greedy, so a replaced transport is picked up by the reconnect loop). Once the drives are
 * served, offline drives are tried again every {@code driveReconnectIntervalMs}, and the drives of a peer as soon as
 * the transport reports it online again ({@link PeerReconnector}). The object layer registers {@link BucketStore},
 * {@link ObjectStore}, {@link MultipartStore}, {@link ObjectLister} and {@link StorageStatus}, and
 * {@link ObjectHealer} and {@link DriveInventory} for the healing service. The codec, checksum,
 * lock service and heal queue are dynamic greedy references: each operation reads them once, so an operation in
 * flight when a provider is replaced completes on the provider it started with.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.cairn.api.object.BucketStore,"
        + "io.cairn.api.object.ObjectStore,io.cairn.api.object.MultipartStore,io.cairn.api.object.ObjectLister,"
        + "io.cairn.api.object.StorageStatus\"", uses = {BucketStore.class})
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.cairn.api.heal.ObjectHealer,"
        + "io.cairn.api.heal.DriveInventory\"", uses = {ObjectHealer.class})
@Designate(ocd = ClusterComponent.Config.class)
@Component(configurationPid = "io.cairn.node", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class ClusterComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);

    /** The object store's configuration, part of the node configuration. */
    @ObjectClassDefinition(name = "Cairn object store", description = "Erasure-coded object storage over the"
            + " node's drives.")
    public @interface Config {

        @AttributeDefinition(description = "Endpoint arguments of cairn server (with {1...n} ellipses), one per"
                + " line.")
        String volumes();

        @AttributeDefinition(description = "Parity of the STANDARD storage class as EC:n; empty for the default"
                + " by set size.")
        String storageClassStandard() default "";

        @AttributeDefinition(description = "Parity of the REDUCED_REDUNDANCY storage class as EC:n; empty for"
                + " EC:1.")
        String storageClassRrs() default "";

        @AttributeDefinition(description = "Milliseconds an operation waits for an object's lock.")
        long lockTimeoutMs() default 30_000L;

        @AttributeDefinition(description = "Milliseconds after which an unfinished multipart upload is removed;"
                + " also how long a completed upload answers a repeated complete with the same result.")
        long multipartExpiryMs() default 86_400_000L;

        @AttributeDefinition(description = "Milliseconds between two sweeps for expired multipart uploads.")
        long multipartCleanupIntervalMs() default 3_600_000L;

        @AttributeDefinition(description = "Milliseconds between two attempts to reopen offline drives; another"
                + " node's drives are also tried as soon as the peer transport reports it online again.")
        long driveReconnectIntervalMs() default 10_000L;

        @AttributeDefinition(description = "Largest number of threads running drive calls in parallel.")
        int ioThreads() default 128;

        @AttributeDefinition(description = "Distributed mode: milliseconds a starting node waits for every peer"
                + " before it starts with a write quorum of nodes.")
        long peerWaitMs() default 10_000L;
    }

    @Reference(target = "(drive.kind=local)")
    private DriveFactory driveFactory;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ErasureCodec codec;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile BitrotChecksum checksum;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LockService locks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HealQueue healQueue;

    private volatile PeerTransport transport;

    private volatile DriveFactory remoteFactory;
    /** The drives once the object layer serves, for reopening remote drives through a new transport. */
    private volatile List<List<List<Drive>>> servedDrives;

    private volatile boolean stopped;
    private Thread bootstrapThread;

    private ThreadPoolExecutor io;
    private ScheduledExecutorService cleaner;
    /** Runs the periodic reconnect loop and the reconnects of peers coming back, on its one thread. */
    private ScheduledExecutorService reconnects;
    /** Guards {@link #reconnector} and its registration with {@link #transport}. */
    private final Object listening = new Object();
    /** Hears peers coming back once the object layer serves; registered with the current transport. */
    private PeerReconnector reconnector;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /**
     * Sets the remote drive factory (the peer transport). When it replaces another one while the object layer
     * serves, every remote drive is reopened through it before the old one is unbound and stopped: requests
     * already running finish on the old transport, the next calls use the new one, and none fails for the swap.
     *
     * @param factory the new factory
     */
    @Reference(target = "(drive.kind=remote)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindRemoteFactory(DriveFactory factory) {
        remoteFactory = factory;
        List<List<List<Drive>>> pools = servedDrives;
        if (pools == null) {
            return;
        }
        int reopened = 0;
        for (List<List<Drive>> sets : pools) {
            for (List<Drive> set : sets) {
                for (Drive d : set) {
                    if (d instanceof ReconnectingDrive r && !r.local() && r.reopen()) {
                        reopened++;
                    }
                }
            }
        }
        LOG.info("Peer transport replaced: {} remote drive(s) reopened through it", reopened);
    }

    /**
     * Sets the peer transport and registers the listener for peers coming back with it (once the object layer
     * serves). A replacement is bound before the old one is unbound.
     *
     * @param next the transport
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(PeerTransport next) {
        synchronized (listening) {
            transport = next;
            if (reconnector != null) {
                next.addListener(reconnector);
            }
        }
    }

    /**
     * Removes the listener from a transport going away and clears it unless a replacement was bound already.
     *
     * @param gone the transport
     */
    void unbindTransport(PeerTransport gone) {
        synchronized (listening) {
            if (reconnector != null) {
                gone.removeListener(reconnector);
            }
            if (transport == gone) {
                transport = null;
            }
        }
    }

    /**
     * Clears the remote drive factory unless a replacement was bound already.
     *
     * @param factory the factory going away
     */
    void unbindRemoteFactory(DriveFactory factory) {
        if (remoteFactory == factory) {
            remoteFactory = null;
        }
    }

    @Activate
    void activate(Config config, BundleContext context) {
        List<String> args = Arrays.stream(config.volumes().split("\n")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        Topology topology = Topology.parse(args);
        if (topology.usesUrls()) {
            startDistributed(config, context, topology, args);
        } else {
            serve(config, context, topology, Bootstrap.open(topology, driveFactory, readQuorum(config, topology)));
        }
    }

    /**
     * Bootstraps a URL topology on its own thread: waiting for peers must not hold up the framework, and the
     * object services are registered only once the drives are open.
     */
    private void startDistributed(Config config, BundleContext context, Topology topology, List<String> args) {
        DriveFactory remote = new DynamicDriveFactory(() -> remoteFactory);
        DistributedBootstrap bootstrap = new DistributedBootstrap(topology, args, driveFactory, remote,
                () -> remoteFactory == null ? null : transport, () -> stopped,
                new DistributedBootstrap.Timing(500L, 5_000L, Math.max(0L, config.peerWaitMs())),
                readQuorum(config, topology));
        bootstrapThread = new Thread(() -> {
            try {
                Bootstrap.Result drives = bootstrap.run();
                synchronized (this) {
                    if (!stopped) {
                        serve(config, context, topology, drives);
                    }
                }
            } catch (DistributedBootstrap.RefusedException e) {
                LOG.error("Refusing to serve: {}", e.getMessage());
            } catch (InterruptedException e) {
                LOG.debug("Bootstrap stopped");
            } catch (RuntimeException e) {
                LOG.error("Bootstrap failed; the object store does not serve on this node", e);
            }
        }, "cairn-bootstrap");
        bootstrapThread.setDaemon(true);
        bootstrapThread.start();
    }

    private void serve(Config config, BundleContext context, Topology topology, Bootstrap.Result drives) {
        int setSize = topology.pools().get(0).setSize();
        EngineConfig engineConfig = EngineConfig.DEFAULT
                .withParity(parity(config.storageClassStandard(), setSize), parity(config.storageClassRrs(), setSize))
                .withLockTimeout(Duration.ofMillis(config.lockTimeoutMs()))
                .withMultipartExpiry(Duration.ofMillis(config.multipartExpiryMs()));
        io = IoPool.create(Math.max(4, config.ioThreads()));
        DamageCounter damage = new DamageCounter(() -> healQueue);
        LockService lockProxy = new LockProxy(() -> locks);
        Engine engine = new Engine(io, () -> codec, () -> checksum, lockProxy, engineConfig, damage,
                new Placement(drives.deploymentId()), BufferPool.forHeap(), MemoryBudget.forHeap());
        ObjectLayer layer = new ObjectLayer(drives.deploymentId(), drives.pools(), engine, damage);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("deployment.id", drives.deploymentId());
        registrations.add(context.registerService(new String[] {BucketStore.class.getName(),
            ObjectStore.class.getName(), MultipartStore.class.getName(), ObjectLister.class.getName(),
            StorageStatus.class.getName()}, layer, props));
        registrations.add(context.registerService(new String[] {ObjectHealer.class.getName(),
            DriveInventory.class.getName()}, new ClusterHealer(layer), props));
        long interval = Math.max(1_000L, config.multipartCleanupIntervalMs());
        cleaner = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cairn-storage-maintenance"));
        cleaner.scheduleWithFixedDelay(() -> layer.expireUploads(Instant.now()), interval, interval,
                TimeUnit.MILLISECONDS);
        servedDrives = drives.pools();
        startReconnects(config, drives.pools());
        LOG.info("Object store ready: {} pool(s), {} drive(s) online, {} offline", topology.pools().size(),
                drives.online(), drives.offline());
    }

    /**
     * Tries offline drives again every {@code driveReconnectIntervalMs}, and a peer's offline drives as soon as the
     * transport reports the peer online ({@link PeerReconnector}).
     */
    private void startReconnects(Config config, List<List<List<Drive>>> pools) {
        reconnects = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cairn-drive-reconnect"));
        long reconnectMs = Math.max(1_000L, config.driveReconnectIntervalMs());
        reconnects.scheduleWithFixedDelay(() -> Bootstrap.reconnect(pools), reconnectMs, reconnectMs,
                TimeUnit.MILLISECONDS);
        synchronized (listening) {
            reconnector = new PeerReconnector(pools, reconnects, () -> System.nanoTime() / 1_000_000L);
            if (transport != null) {
                transport.addListener(reconnector);
            }
        }
    }

    /** Stops hearing peers and stops the reconnects. */
    private void stopReconnects() {
        synchronized (listening) {
            if (reconnector != null && transport != null) {
                transport.removeListener(reconnector);
            }
            reconnector = null;
        }
        if (reconnects != null) {
            reconnects.shutdownNow();
        }
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        if (bootstrapThread != null) {
            bootstrapThread.interrupt();
        }
        synchronized (this) {
            unregister();
        }
    }

    private void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Already unregistered because the bundle is stopping.
                continue;
            }
        }
        registrations.clear();
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
        stopReconnects();
        if (io != null) {
            // Let drive calls of requests still in flight finish; later ones run on their callers (IoPool).
            io.shutdown();
        }
    }

    /** The read quorum of a set of a given size with the configured STANDARD parity, as the sets compute it. */
    private static IntUnaryOperator readQuorum(Config config, Topology topology) {
        int standard = parity(config.storageClassStandard(), topology.pools().get(0).setSize());
        return setSize -> FormatQuorum.readQuorum(standard, setSize);
    }

    private static int parity(String value, int setSize) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        return StorageClass.parse(value, setSize).parity();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
