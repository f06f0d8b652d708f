/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * Micrometer's Prometheus naming, except that a gauge keeps the name it was registered with. MinIO names several
 * gauges {@code ..._total} ({@code minio_cluster_drive_online_total}); the Prometheus convention would strip that
 * suffix, which it reserves for counters, and existing dashboards would find nothing.
 *
 * <p>So gauges are registered under their final Prometheus name, unit included and without a base unit; counters
 * are registered without {@code _total} and with their base unit, and come out as {@code <name>_<unit>_total}.
 */
final class MinioNaming implements NamingConvention {

    private final NamingConvention prometheus = new PrometheusNamingConvention();

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return type == Meter.Type.GAUGE ? name : prometheus.name(name, type, baseUnit);
    }

    @Override
    public String tagKey(String key) {
        return prometheus.tagKey(key);
    }

    @Override
    public String tagValue(String value) {
        return prometheus.tagValue(value);
    }
}
