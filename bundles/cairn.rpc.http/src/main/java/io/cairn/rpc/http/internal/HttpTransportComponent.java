/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.rpc.PeerTransport;
import io.cairn.api.storage.DriveFactory;

/**
 * Runs the {@link HttpPeerTransport} on the accepted settings, registered as the {@link PeerTransport} and the
 * {@link DriveFactory} of remote drives ({@code transport.id=http}, {@code drive.kind=remote}), and as this
 * bundle's own {@link PeerPresence}. Changed settings
 * replace it as a bundle update does: the new transport is registered, then the old one unregistered and stopped,
 * its calls in flight drained. A refused setting (see {@link RpcSettings}) is logged in one {@code ERROR} line: at
 * start no transport is registered until the file is corrected, on an edit the running transport stays.
 */
@Component(service = {}, configurationPid = {"io.cairn.node", "io.cairn.rpc.http"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HttpTransportComponent {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransportComponent.class);

    private final BundleContext context;
    private HttpPeerTransport transport;
    private ServiceRegistration<?> registration;

    /**
     * Starts the transport when its settings are accepted.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @param context where the transport is registered
     */
    @Activate
    public HttpTransportComponent(RpcConfig config, Map<String, Object> properties, BundleContext context) {
        this.context = context;
        modified(config, properties);
    }

    /**
     * Replaces the transport by one on changed settings, or keeps it when a setting is refused.
     *
     * @param config the settings
     * @param properties the settings as given
     */
    @Modified
    synchronized void modified(RpcConfig config, Map<String, Object> properties) {
        Optional<String> refusal = RpcSettings.refusal(config, properties);
        if (refusal.isPresent()) {
            LOG.error(refusal.get() + (transport == null
                    ? "; the peer transport is not started until the file is corrected"
                    : "; the peer transport keeps its previous settings until the file is corrected"));
            return;
        }
        HttpPeerTransport next = new HttpPeerTransport(config);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PeerTransport.ID_PROPERTY, "http");
        props.put("drive.kind", "remote");
        ServiceRegistration<?> nextRegistration = context.registerService(
                new String[] {PeerTransport.class.getName(), DriveFactory.class.getName(),
                    PeerPresence.class.getName()}, next, props);
        stop();
        transport = next;
        registration = nextRegistration;
    }

    /** Unregisters and stops the transport. */
    @Deactivate
    synchronized void deactivate() {
        stop();
        transport = null;
        registration = null;
    }

    private void stop() {
        if (registration != null) {
            registration.unregister();
        }
        if (transport != null) {
            transport.deactivate();
        }
    }
}
