/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The command-line settings the launcher hands to the framework as {@code cairn.server.*} properties, their
 * mapping onto the {@value #PID} configuration that components receive, and their merge with the operator's
 * {@value NodeSettings#FILE}: {@code cairn server} sets its keys, the file every other one.
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
     * Where {@code cairn server} takes each of its settings from, for the warning about a file that sets one. The
     * keys are exactly {@link #KEYS}: the file never sets them, whether or not the option or variable is given.
     */
    static final Map<String, String> SOURCES = sources();

    /**
     * Settings stored under a private configuration key (a leading '.'), which Declarative Services never copies
     * into service properties, so that no service registration exposes them.
     */
    static final List<String> SECRET_KEYS = List.of("rootPassword");

    private NodeProperties() {
    }

    private static Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("address", "--address");
        sources.put("consoleAddress", "--console-address");
        sources.put("volumes", "its endpoint arguments or CAIRN_VOLUMES");
        sources.put("rootUser", "CAIRN_ROOT_USER");
        sources.put("rootPassword", "CAIRN_ROOT_PASSWORD");
        sources.put("defaultCredentials", "CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD");
        sources.put("serverUrl", "CAIRN_SERVER_URL");
        sources.put("domain", "CAIRN_DOMAIN");
        sources.put("storageClassStandard", "CAIRN_STORAGE_CLASS_STANDARD");
        sources.put("storageClassRrs", "CAIRN_STORAGE_CLASS_RRS");
        sources.put("prometheusAuthType", "CAIRN_PROMETHEUS_AUTH_TYPE");
        sources.put("corsAllowOrigin", "CAIRN_API_CORS_ALLOW_ORIGIN");
        sources.put("version", "its own version");
        if (!sources.keySet().equals(Set.copyOf(KEYS))) {
            throw new IllegalStateException("every key of cairn server needs a source: " + KEYS);
        }
        return Map.copyOf(sources);
    }

    /**
     * Tells which setting of {@code cairn server} a key of the operator's file names, in either spelling.
     *
     * @param fileKey a key of the file
     * @return the setting name (as in {@link #KEYS}), or {@code null} when the key is not one of them
     */
    static String ownedSetting(String fileKey) {
        String name = fileKey.startsWith(".") ? fileKey.substring(1) : fileKey;
        return KEYS.contains(name) ? name : null;
    }

    /**
     * Merges the operator's settings with the launcher's: every key of {@code cairn server} ({@link #KEYS}, in either
     * spelling) comes from the launcher alone, every other key from the file.
     *
     * @param file the operator's settings, checked and converted
     * @param launcher the launcher's settings ({@link #fromFramework})
     * @return the whole {@value #PID} configuration
     */
    static Hashtable<String, Object> merge(Map<String, Object> file, Map<String, Object> launcher) {
        Hashtable<String, Object> merged = new Hashtable<>();
        file.forEach((key, value) -> {
            if (ownedSetting(key) == null) {
                merged.put(key, value);
            }
        });
        merged.putAll(launcher);
        return merged;
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
     * does not re-configure (and so restart) every component. The properties ConfigAdmin adds
     * ({@code service.pid} and the like) do not count.
     *
     * @param current the stored properties, or {@code null} when there are none
     * @param wanted the whole configuration to store
     * @return {@code true} when the stored configuration has the same keys with the same values
     */
    static boolean sameSettings(Map<String, Object> current, Map<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        Map<String, Object> stored = new HashMap<>(current);
        stored.keySet().removeIf(key -> key.startsWith("service."));
        return Objects.equals(stored, new HashMap<>(wanted));
    }
}
