/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;

/**
 * This node's lock server, registered as a {@link LockServer} service: the peer transport serves it to the other
 * nodes and the node's own {@link DsyncLockService} calls it directly. A sweeper drops expired entries every half
 * expiry so that the table of a node nobody talks to empties too. While the settings are refused (see
 * {@link DsyncSettings}) it grants nothing.
 */
@Component(service = LockServer.class, configurationPid = "io.cairn.lock.dsync",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = LockServerComponent.KIND_PROPERTY + "=local")
@Designate(ocd = DsyncConfig.class)
public final class LockServerComponent implements LockServer {

    /** Service property telling the node's own lock server from remote ones. */
    static final String KIND_PROPERTY = "lock.server";

    private static final Logger LOG = LoggerFactory.getLogger(LockServerComponent.class);

    /** The lock table, {@code null} when the settings are refused. */
    private final LockTable table;
    private final ScheduledExecutorService sweeper;

    /**
     * Creates the lock table and starts its sweeper. Refused settings are logged, and every request is then
     * refused until the file is corrected.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     */
    @Activate
    public LockServerComponent(DsyncConfig config, Map<String, Object> properties) {
        Optional<String> refusal = DsyncSettings.refusal(config, properties);
        if (refusal.isPresent()) {
            LOG.error(refusal.get());
            this.table = null;
            this.sweeper = null;
            return;
        }
        this.table = new LockTable(config.expiryMs(), config.waitExpiryMs(), config.maxLocks(),
                System::currentTimeMillis);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-lock-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.expiryMs() / 2);
        sweeper.scheduleWithFixedDelay(table::expire, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the lock table from converted settings, for tests.
     *
     * @param config the settings
     */
    LockServerComponent(DsyncConfig config) {
        this(config, Map.of());
    }

    /** Stops the sweeper; the table goes away with the component, as with a node restart. */
    @Deactivate
    public void deactivate() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    @Override
    public LockAnswer enter(LockRequest request, boolean exclusive) {
        return table == null ? LockAnswer.refused(-1) : table.enter(request, exclusive);
    }

    @Override
    public boolean leave(LockRequest request, boolean exclusive, boolean keepPlace) {
        return table != null && table.leave(request, exclusive, keepPlace);
    }

    @Override
    public boolean lock(LockRequest request) {
        return table != null && table.lock(request);
    }

    @Override
    public boolean readLock(LockRequest request) {
        return table != null && table.readLock(request);
    }

    @Override
    public boolean unlock(LockRequest request) {
        return table != null && table.unlock(request);
    }

    @Override
    public boolean readUnlock(LockRequest request) {
        return table != null && table.readUnlock(request);
    }

    @Override
    public boolean refresh(LockRequest request) {
        return table != null && table.refresh(request);
    }

    /** @return the entries held, for diagnostics */
    int size() {
        return table == null ? 0 : table.size();
    }
}
