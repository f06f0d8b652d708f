/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.cairn.api.object.DriveStatus;
import io.cairn.api.object.StorageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The meters read from the object layer's {@link StorageStatus}: drive counts and raw capacity of the deployment
 * (the cluster registry, MinIO's {@code minio_cluster_*}), and this node's drives (the node registry, MinIO's
 * {@code minio_node_drive_*}). The drives are read once per scrape by {@link #refresh}; the meters then report
 * that reading. Not thread-safe: the owner serialises calls.
 */
final class StorageMeters {

    /** Label naming a drive by its endpoint. */
    static final String DRIVE = "drive";

    private final StorageStatus status;
    private final MeterSet meters = new MeterSet();
    private final MultiGauge driveOnline;
    private final MultiGauge driveTotalBytes;
    private final MultiGauge driveFreeBytes;
    private final MultiGauge driveUsedBytes;
    private Counts cluster = Counts.NONE;
    private Counts node = Counts.NONE;

    /**
     * Drive counts and capacity of a group of drives.
     *
     * @param online drives online
     * @param total drives
     * @param totalBytes capacity of the online drives
     * @param freeBytes free space of the online drives
     */
    private record Counts(long online, long total, long totalBytes, long freeBytes) {
        static final Counts NONE = new Counts(0, 0, 0, 0);

        static Counts of(List<DriveStatus> drives) {
            long online = 0;
            long totalBytes = 0;
            long freeBytes = 0;
            for (DriveStatus d : drives) {
                if (d.online()) {
                    online++;
                    totalBytes += d.totalBytes();
                    freeBytes += d.freeBytes();
                }
            }
            return new Counts(online, drives.size(), totalBytes, freeBytes);
        }

        long offline() {
            return total - online;
        }
    }

    /**
     * Registers the meters.
     *
     * @param status where they are read from
     * @param clusterRegistry the registry of {@code /minio/v2/metrics/cluster}
     * @param nodeRegistry the registry of {@code /minio/v2/metrics/node}
     */
    StorageMeters(StorageStatus status, MeterRegistry clusterRegistry, MeterRegistry nodeRegistry) {
        this.status = status;
        meters.gauge(clusterRegistry, "minio_cluster_drive_online_total", "Total drives online in this cluster.",
                this, m -> m.cluster.online());
        meters.gauge(clusterRegistry, "minio_cluster_drive_offline_total", "Total drives offline in this cluster.",
                this, m -> m.cluster.offline());
        meters.gauge(clusterRegistry, "minio_cluster_drive_total", "Total drives in this cluster.",
                this, m -> m.cluster.total());
        meters.gauge(clusterRegistry, "minio_cluster_capacity_raw_total_bytes", "Total capacity online in the cluster.",
                this, m -> m.cluster.totalBytes());
        meters.gauge(clusterRegistry, "minio_cluster_capacity_raw_free_bytes",
                "Total free capacity online in the cluster.", this, m -> m.cluster.freeBytes());
        meters.gauge(nodeRegistry, "minio_node_drive_online_total", "Total drives online in this node.",
                this, m -> m.node.online());
        meters.gauge(nodeRegistry, "minio_node_drive_offline_total", "Total drives offline in this node.",
                this, m -> m.node.offline());
        meters.gauge(nodeRegistry, "minio_node_drive_total", "Total drives in this node.", this, m -> m.node.total());
        meters.counter(nodeRegistry, "cairn_storage_bitrot_errors", null, Tags.empty(),
                "Shard blocks that failed their bitrot checksum on this node since it started.",
                status, StorageStatus::bitrotErrors);
        this.driveOnline = meters.multiGauge(nodeRegistry, "minio_node_drive_online",
                "Whether a drive of this node is online (1) or not (0).");
        this.driveTotalBytes = meters.multiGauge(nodeRegistry, "minio_node_drive_total_bytes",
                "Total storage on a drive.");
        this.driveFreeBytes = meters.multiGauge(nodeRegistry, "minio_node_drive_free_bytes",
                "Total storage available on a drive.");
        this.driveUsedBytes = meters.multiGauge(nodeRegistry, "minio_node_drive_used_bytes",
                "Total storage used on a drive.");
    }

    /** @return the service the meters read */
    StorageStatus source() {
        return status;
    }

    /**
     * Reads the drives once and updates every meter.
     *
     * @param local tells which drives belong to this node
     */
    void refresh(Predicate<DriveStatus> local) {
        List<DriveStatus> drives = status.drives();
        List<DriveStatus> mine = drives.stream().filter(local).toList();
        cluster = Counts.of(drives);
        node = Counts.of(mine);
        List<MultiGauge.Row<?>> online = new ArrayList<>();
        List<MultiGauge.Row<?>> total = new ArrayList<>();
        List<MultiGauge.Row<?>> free = new ArrayList<>();
        List<MultiGauge.Row<?>> used = new ArrayList<>();
        for (DriveStatus d : mine) {
            Tags tags = Tags.of(DRIVE, d.endpoint());
            online.add(MultiGauge.Row.of(tags, d.online() ? 1 : 0));
            // An offline drive reports no capacity: its byte meters are left out rather than shown as zero.
            if (d.online()) {
                total.add(MultiGauge.Row.of(tags, d.totalBytes()));
                free.add(MultiGauge.Row.of(tags, d.freeBytes()));
                used.add(MultiGauge.Row.of(tags, d.totalBytes() - d.freeBytes()));
            }
        }
        driveOnline.register(online, true);
        driveTotalBytes.register(total, true);
        driveFreeBytes.register(free, true);
        driveUsedBytes.register(used, true);
    }

    /** Removes every meter from the registries. */
    void remove() {
        meters.removeAll();
    }
}
