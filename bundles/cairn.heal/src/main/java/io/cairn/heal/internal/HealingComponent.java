/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealQueue;
import io.cairn.api.heal.HealService;
import io.cairn.api.heal.ObjectHealer;

/**
 * Runs healing ({@link HealComponent}) on the accepted settings of {@code conf/io.cairn.heal.cfg}, registered as the
 * node's {@link HealQueue} and {@link HealService}. Changed settings restart healing on them: the running one is
 * unregistered and stopped (its missed-write queue saved), then one on the new settings started and registered, with
 * the same {@link HealHistory}. A refused setting (see {@link HealSettings}) is logged in one {@code ERROR} line: at
 * start healing is not started until the file is corrected, on an edit it runs on with the settings it had.
 */
@Component(service = {}, configurationPid = HealComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HealComponent.Config.class)
public final class HealingComponent {

    private static final Logger LOG = LoggerFactory.getLogger(HealingComponent.class);

    private final ObjectHealer healer;
    private final DriveInventory inventory;
    private final HealHistory history;
    private final BundleContext context;
    private HealComponent healing;
    private ServiceRegistration<?> registration;

    /**
     * Starts healing when its settings are accepted.
     *
     * @param healer the object layer's healer
     * @param inventory the object layer's drives
     * @param history what healing has done since the node started
     * @param config the settings
     * @param properties the settings as given, for the checks the conversion does not make
     * @param context where healing is registered
     */
    @Activate
    public HealingComponent(@Reference ObjectHealer healer, @Reference DriveInventory inventory,
            @Reference HealHistory history, HealComponent.Config config, Map<String, Object> properties,
            BundleContext context) {
        this.healer = healer;
        this.inventory = inventory;
        this.history = history;
        this.context = context;
        modified(config, properties);
    }

    /**
     * Restarts healing on changed settings, or keeps it running when a setting is refused.
     *
     * @param config the settings
     * @param properties the settings as given
     */
    @Modified
    synchronized void modified(HealComponent.Config config, Map<String, Object> properties) {
        Optional<String> refusal = HealSettings.refusal(config, properties);
        if (refusal.isPresent()) {
            LOG.error(refusal.get() + (healing == null ? "; healing is not started until the file is corrected"
                    : "; healing keeps its previous settings until the file is corrected"));
            return;
        }
        // The running healing saves its missed-write queue as it stops, and the next one loads it as it starts.
        stop();
        healing = new HealComponent(healer, inventory, history, config, properties);
        registration = context.registerService(new String[] {HealQueue.class.getName(), HealService.class.getName()},
                healing, null);
    }

    /** Unregisters and stops healing. */
    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    private void stop() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (healing != null) {
            healing.deactivate();
            healing = null;
        }
    }
}
