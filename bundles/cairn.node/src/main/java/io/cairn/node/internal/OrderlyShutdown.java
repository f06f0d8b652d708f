/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the node when the JVM is asked to exit (SIGTERM from systemd or an operator): first the HTTP listener, which
 * lets the requests in flight finish while everything they use still runs, then the framework, so that every
 * component deactivates in order (drives close their files) before the process ends. The framework alone would
 * stop the listener last, after the front ends and the object store the requests in flight were using.
 */
@Component(immediate = true)
public final class OrderlyShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(OrderlyShutdown.class);

    /** How long the framework may take to stop before the JVM exits regardless. */
    private static final long STOP_LIMIT_MS = 20_000L;

    private final Thread hook;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HttpListener listener;

    @Activate
    public OrderlyShutdown(BundleContext context) {
        Bundle system = context.getBundle(0);
        this.hook = new Thread(() -> stop(system), "cairn-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and stops the framework.
        }
    }

    private void stop(Bundle system) {
        LOG.info("Stopping the node");
        HttpListener serving = listener;
        if (serving != null) {
            try {
                serving.stopServing();
            } catch (Exception e) {
                LOG.warn("The HTTP listener did not stop cleanly: {}", e.toString());
            }
        }
        try {
            system.stop();
            if (system instanceof Framework framework) {
                framework.waitForStop(STOP_LIMIT_MS);
            }
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("The framework did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
