/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the settings of {@code cairn server} (handed over by the launcher as framework properties) into the
 * {@value NodeProperties#PID} configuration, so that components receive them through ConfigAdmin like any other
 * configuration.
 */
@Component(immediate = true)
public final class NodeConfigurator {

    private static final Logger LOG = LoggerFactory.getLogger(NodeConfigurator.class);

    @Activate
    public NodeConfigurator(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        Hashtable<String, Object> wanted = NodeProperties.fromFramework(context::getProperty);
        if (wanted.isEmpty()) {
            LOG.info("No cairn.server.* settings: the node configuration is left as ConfigAdmin has it");
            return;
        }
        Configuration config = configAdmin.getConfiguration(NodeProperties.PID, "?");
        if (NodeProperties.sameSettings(asMap(config.getProperties()), wanted)) {
            return;
        }
        config.update(wanted);
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> dictionary) {
        if (dictionary == null) {
            return null;
        }
        Map<String, Object> map = new HashMap<>();
        for (String key : Collections.list(dictionary.keys())) {
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}
