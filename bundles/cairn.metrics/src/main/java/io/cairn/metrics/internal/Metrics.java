/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealService;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.object.DriveStatus;
import io.cairn.api.object.StorageStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The two registries behind {@code /minio/v2/metrics/cluster} and {@code /minio/v2/metrics/node}, and the
 * meters of the services currently present: a service that arrives gets its meters, one that leaves takes them
 * along. Every scrape first reads each service once, then renders the registry. Thread-safe: binding and scraping
 * are serialised (scrapes are rare, every few seconds at most).
 */
final class Metrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    /** Which endpoint is scraped. */
    enum Scope {
        /** The deployment as this node sees it: {@code minio_cluster_*}. */
        CLUSTER,
        /** This node: its drives, healing and counters. */
        NODE
    }

    /** Explicit registry settings: help lines on, and a step that does not matter for the meters used here. */
    private static final PrometheusConfig CONFIG = new PrometheusConfig() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public boolean descriptions() {
            return true;
        }

        @Override
        public Duration step() {
            return Duration.ofMinutes(1);
        }
    };

    private final PrometheusMeterRegistry cluster = new PrometheusMeterRegistry(CONFIG);
    private final PrometheusMeterRegistry node = new PrometheusMeterRegistry(CONFIG);
    private StorageMeters storage;
    private HealMeters heal;
    private DriveInventory inventory;
    private Set<String> localDrives;

    /**
     * Creates empty registries.
     *
     * @param server the value of the {@code server} label every metric carries, as in MinIO
     */
    Metrics(String server) {
        for (PrometheusMeterRegistry registry : new PrometheusMeterRegistry[] {cluster, node}) {
            registry.config().namingConvention(new MinioNaming()).commonTags("server", server);
        }
    }

    synchronized void bind(StorageStatus status) {
        if (storage != null) {
            storage.remove();
        }
        storage = new StorageMeters(status, cluster, node);
    }

    synchronized void unbind(StorageStatus status) {
        if (storage != null && storage.source() == status) {
            storage.remove();
            storage = null;
        }
    }

    synchronized void bind(HealService service) {
        if (heal != null) {
            heal.remove();
        }
        heal = new HealMeters(service, node);
    }

    synchronized void unbind(HealService service) {
        if (heal != null && heal.source() == service) {
            heal.remove();
            heal = null;
        }
    }

    synchronized void bind(DriveInventory drives) {
        inventory = drives;
        localDrives = null;
    }

    synchronized void unbind(DriveInventory drives) {
        if (inventory == drives) {
            inventory = null;
            localDrives = null;
        }
    }

    /**
     * Reads the services and renders one endpoint's metrics.
     *
     * @param scope the endpoint
     * @return the Prometheus text exposition (format 0.0.4)
     */
    synchronized String scrape(Scope scope) {
        if (storage != null) {
            try {
                storage.refresh(localDrives());
            } catch (RuntimeException e) {
                LOG.warn("Could not read the drive states for metrics; the last reading is shown", e);
            }
        }
        if (heal != null && scope == Scope.NODE) {
            try {
                heal.refresh();
            } catch (RuntimeException e) {
                LOG.warn("Could not read the healing status for metrics; the last reading is shown", e);
            }
        }
        return (scope == Scope.CLUSTER ? cluster : node).scrape();
    }

    /**
     * Tells which drives are this node's. Drive slots never move between nodes while the object layer runs, so the
     * answer is kept until the inventory service changes. Without an inventory every drive counts as local.
     */
    private Predicate<DriveStatus> localDrives() {
        if (inventory == null) {
            return d -> true;
        }
        if (localDrives == null) {
            Set<String> local = new HashSet<>();
            for (SetDrive d : inventory.drives()) {
                if (d.local()) {
                    local.add(d.endpoint());
                }
            }
            localDrives = Set.copyOf(local);
        }
        Set<String> local = localDrives;
        return d -> local.contains(d.endpoint());
    }

    @Override
    public synchronized void close() {
        cluster.close();
        node.close();
    }
}
