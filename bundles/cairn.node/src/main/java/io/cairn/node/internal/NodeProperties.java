/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The command-line settings the launcher hands to the framework as {@code cairn.server.*} properties, and their
 * mapping onto the {@value #PID} configuration that components receive.
 */
final class NodeProperties {

    /** Configuration PID of the node settings every Cairn component reads. */
    static final String PID = "io.cairn.node";

    /** Prefix of the framework properties the launcher sets. */
    static final String PREFIX = "cairn.server.";

    /** The setting names, identical in the framework properties (after the prefix) and in the configuration. */
    static final List<String> KEYS = List.of("address", "consoleAddress", "volumes", "rootUser", "rootPassword",
            "defaultCredentials", "serverUrl", "domain", "storageClassStandard", "storageClassRrs",
            "prometheusAuthType", "corsAllowOrigin", "version");

    /**
     * Settings stored under a private configuration key (a leading '.'), which Declarative Services never copies
     * into service properties, so that no service registration exposes them.
     */
    static final List<String> SECRET_KEYS = List.of("rootPassword");

    private NodeProperties() {
    }

    /**
     * Returns the configuration key of a setting.
     *
     * @param key the setting name, as after {@value #PREFIX}
     * @return the key in the {@value #PID} configuration (components read {@code .rootPassword} through a
     *     configuration type method named {@code _rootPassword})
     */
    static String configKey(String key) {
        return SECRET_KEYS.contains(key) ? "." + key : key;
    }

    /**
     * Reads the launcher's settings.
     *
     * @param lookup reads one framework property, returning {@code null} when it is not set
     * @return the configuration properties, empty when the launcher set no volumes (the framework was started
     *     without the {@code server} command, for example by a test)
     */
    static Hashtable<String, Object> fromFramework(Function<String, String> lookup) {
        Hashtable<String, Object> props = new Hashtable<>();
        if (lookup.apply(PREFIX + "volumes") == null) {
            return props;
        }
        for (String key : KEYS) {
            String value = lookup.apply(PREFIX + key);
            if (value != null) {
                props.put(configKey(key), value);
            }
        }
        return props;
    }

    /**
     * Tells whether a stored configuration already holds exactly these settings, so that an unchanged restart
     * does not re-configure (and so restart) every component.
     *
     * @param current the stored properties, or {@code null} when there are none
     * @param wanted the settings from the launcher
     * @return {@code true} when every setting is present with the same value
     */
    static boolean sameSettings(Map<String, Object> current, Map<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (String key : KEYS) {
            if (!java.util.Objects.equals(current.get(configKey(key)), wanted.get(configKey(key)))) {
                return false;
            }
        }
        return true;
    }
}
