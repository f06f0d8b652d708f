/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The meters one source registered, so that they can all be removed when the source goes away (its service is
 * unregistered). Gauges hold their state object strongly: they are removed explicitly, never left to the garbage
 * collector. Not thread-safe: the owner serialises calls.
 */
final class MeterSet {

    private record Registered(MeterRegistry registry, Meter meter) {
    }

    private final List<Registered> meters = new ArrayList<>();
    private final List<MultiGauge> multiGauges = new ArrayList<>();

    /**
     * Registers a gauge.
     *
     * @param <T> the state type
     * @param registry the registry
     * @param name the final Prometheus name (see {@link MinioNaming})
     * @param description the help text
     * @param state the object the value is read from
     * @param value reads the value
     */
    <T> void gauge(MeterRegistry registry, String name, String description, T state, ToDoubleFunction<T> value) {
        meters.add(new Registered(registry, Gauge.builder(name, state, value).description(description)
                .strongReference(true).register(registry)));
    }

    /**
     * Registers a counter read from a monotonic function.
     *
     * @param <T> the state type
     * @param registry the registry
     * @param name the name without {@code _total} and without the unit
     * @param baseUnit the unit appended to the name ({@code bytes}), or {@code null}
     * @param tags the labels
     * @param description the help text
     * @param state the object the value is read from
     * @param value reads the value
     */
    <T> void counter(MeterRegistry registry, String name, String baseUnit, Tags tags, String description, T state,
            ToDoubleFunction<T> value) {
        meters.add(new Registered(registry, FunctionCounter.builder(name, state, value).baseUnit(baseUnit)
                .tags(tags).description(description).register(registry)));
    }

    /**
     * Registers a gauge with one series per set of labels, replaced at each scrape.
     *
     * @param registry the registry
     * @param name the final Prometheus name
     * @param description the help text
     * @return the gauge, without rows yet
     */
    MultiGauge multiGauge(MeterRegistry registry, String name, String description) {
        MultiGauge gauge = MultiGauge.builder(name).description(description).register(registry);
        multiGauges.add(gauge);
        return gauge;
    }

    /** Removes every meter of this set from its registry. */
    void removeAll() {
        for (Registered r : meters) {
            r.registry().remove(r.meter());
        }
        meters.clear();
        for (MultiGauge gauge : multiGauges) {
            gauge.register(List.of(), true);
        }
        multiGauges.clear();
    }
}
