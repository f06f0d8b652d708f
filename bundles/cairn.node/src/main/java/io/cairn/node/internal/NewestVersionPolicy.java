/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one version of each hot-swappable bundle: the newest one that started.
 *
 * <p>A bundle opts in with the manifest header {@value #HEADER}{@code : newest} ({@code cairn.rpc.http} does). A
 * new version dropped into {@code deploy/} is installed by FileInstall next to the version the runtime started
 * (another location, same symbolic name), so both would run and register the same services. When a version starts,
 * this policy stops every other active version of that name that is older, or stops the one that started if a
 * newer one is already active. The newer version's services are registered before the older ones go, so consumers
 * with dynamic greedy references switch from one to the other without a moment without a provider. When the newest
 * version is uninstalled (its jar removed from {@code deploy/}), the newest remaining one is started again.
 *
 * <p>Bundle events arrive on the framework's event thread, after Declarative Services handled them, so the
 * components of a started bundle are already registered when this policy acts.
 */
@Component(immediate = true)
public final class NewestVersionPolicy implements BundleListener {

    /** The manifest header a bundle declares to be managed by this policy. */
    static final String HEADER = "Cairn-Hot-Swap";
    /** The one value of {@value #HEADER} this version understands. */
    static final String NEWEST = "newest";

    private static final Logger LOG = LoggerFactory.getLogger(NewestVersionPolicy.class);

    private final BundleContext context;

    /**
     * Starts listening, and settles the bundles installed before this component started.
     *
     * @param context the bundle context
     */
    @Activate
    public NewestVersionPolicy(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
        for (Bundle b : context.getBundles()) {
            if (managed(b) && b.getState() == Bundle.ACTIVE) {
                settle(b.getSymbolicName());
            }
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (!managed(bundle) || stopping()) {
            return;
        }
        if (event.getType() == BundleEvent.STARTED) {
            settle(bundle.getSymbolicName());
        } else if (event.getType() == BundleEvent.UNINSTALLED) {
            restartNewest(bundle.getSymbolicName());
        }
    }

    /** Stops every active version of a name but the newest. */
    private void settle(String name) {
        List<Bundle> versions = versions(name);
        List<Candidate> active = versions.stream().filter(b -> b.getState() == Bundle.ACTIVE).map(Candidate::of)
                .toList();
        Optional<Candidate> winner = newest(active);
        for (Candidate loser : losers(active)) {
            Bundle b = context.getBundle(loser.id());
            if (b == null) {
                continue;
            }
            LOG.info("Hot swap: {} {} replaces version {}; stopping the older one", name,
                    winner.map(Candidate::version).orElseThrow(), loser.version());
            try {
                b.stop(Bundle.STOP_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Hot swap: cannot stop {} {}: {}", name, loser.version(), e.toString());
            }
        }
    }

    /** When no version of a name is active any more, starts the newest one left. */
    private void restartNewest(String name) {
        List<Bundle> left = versions(name);
        if (left.isEmpty() || left.stream().anyMatch(b -> b.getState() == Bundle.ACTIVE)) {
            return;
        }
        Candidate next = newest(left.stream().map(Candidate::of).toList()).orElseThrow();
        Bundle b = context.getBundle(next.id());
        LOG.info("Hot swap: the newest {} was removed; starting version {} again", name, next.version());
        try {
            b.start(Bundle.START_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            LOG.error("Hot swap: cannot start {} {}: {}", name, next.version(), e.toString());
        }
    }

    private List<Bundle> versions(String name) {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED && managed(b)) {
                out.add(b);
            }
        }
        return out;
    }

    private boolean stopping() {
        Bundle system = context.getBundle(0);
        return system == null || system.getState() == Bundle.STOPPING;
    }

    private static boolean managed(Bundle bundle) {
        String value = bundle.getHeaders("").get(HEADER);
        return value != null && NEWEST.equalsIgnoreCase(value.trim()) && bundle.getSymbolicName() != null;
    }

    /**
     * A version of a bundle.
     *
     * @param id the bundle id (later installations have higher ids)
     * @param version the bundle version
     */
    record Candidate(long id, Version version) {
        static Candidate of(Bundle b) {
            return new Candidate(b.getBundleId(), b.getVersion());
        }
    }

    private static final Comparator<Candidate> ORDER =
            Comparator.comparing(Candidate::version).thenComparingLong(Candidate::id);

    /**
     * Picks the version that runs: the highest version, and of equal versions the one installed last.
     *
     * @param candidates versions of one bundle
     * @return the newest, empty when there is none
     */
    static Optional<Candidate> newest(List<Candidate> candidates) {
        return candidates.stream().max(ORDER);
    }

    /**
     * Lists the versions to stop so that only the newest runs.
     *
     * @param active the active versions of one bundle
     * @return every one but the newest
     */
    static List<Candidate> losers(List<Candidate> active) {
        Optional<Candidate> winner = newest(active);
        return active.stream().filter(c -> !c.equals(winner.orElse(null))).toList();
    }
}
