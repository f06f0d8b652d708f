/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@value NodeProperties#PID} configuration once, when the node starts, from the settings of
 * {@code cairn server} (handed over by the launcher as framework properties) and the operator's
 * {@value NodeSettings#FILE}, so that components receive them through ConfigAdmin like any other configuration.
 * {@code cairn server} sets its keys ({@link NodeProperties#KEYS}); the file sets the others. The file is read
 * only here: a change of this configuration would restart the object store, the listener, the peer transport and
 * the distributed locks inside the running node, so an edit applies at the next start; while the node runs, an edit
 * is logged as such ({@link NodeSettingsWatch}). A setting the file gets
 * wrong keeps the node from starting: it logs one {@code ERROR} naming the file and the setting, writes nothing
 * (no component touches the drives or listens) and exits with {@value #REFUSED_EXIT_STATUS} once the framework has
 * started.
 */
@Component(immediate = true)
public final class NodeConfigurator {

    /** Exit status of a node whose settings file is refused: {@code cairn server}'s for an invalid configuration. */
    static final int REFUSED_EXIT_STATUS = 2;

    /** The framework property naming the installation directory, which holds {@code conf/}. */
    static final String HOME_PROPERTY = "cairn.home";

    /** The framework property naming the directory File Install watches for bundles, {@code deploy/}. */
    static final String DEPLOY_DIR_PROPERTY = "felix.fileinstall.dir";

    /** Longest wait for the framework to finish starting before a node whose settings are refused exits. */
    static final long START_WAIT_MS = 60_000L;

    private static final Logger LOG = LoggerFactory.getLogger(NodeConfigurator.class);

    /** Polls the settings file while the node runs; {@code null} when no file is watched. */
    private ScheduledExecutorService watcher;

    /**
     * Configures the node, or ends the process when its settings file is refused.
     *
     * @param context the bundle context, for the launcher's properties
     * @param configAdmin where the configuration goes
     * @throws IOException when ConfigAdmin cannot store the configuration
     */
    @Activate
    public NodeConfigurator(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        this(context::getProperty, configAdmin, status -> exitOnceStarted(context, status));
    }

    /**
     * Configures the node.
     *
     * @param properties reads a framework property, {@code null} when unset
     * @param configAdmin where the configuration goes
     * @param exit ends the process with a status, when the settings file is refused
     * @throws IOException when ConfigAdmin cannot store the configuration
     */
    NodeConfigurator(Function<String, String> properties, ConfigurationAdmin configAdmin,
            IntConsumer exit) throws IOException {
        Hashtable<String, Object> launcher = NodeProperties.fromFramework(properties);
        if (launcher.isEmpty()) {
            LOG.info("No cairn.server.* settings: the node configuration is left as ConfigAdmin has it");
            return;
        }
        warnOfMisplacedFile(properties.apply(DEPLOY_DIR_PROPERTY));
        String home = properties.apply(HOME_PROPERTY);
        Map<String, String> written;
        Map<String, Object> file;
        try {
            written = written(home);
            file = operatorSettings(written);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            exit.accept(REFUSED_EXIT_STATUS);
            return;
        }
        Hashtable<String, Object> wanted = NodeProperties.merge(file, launcher);
        Configuration config = configAdmin.getConfiguration(NodeProperties.PID, "?");
        if (!NodeProperties.sameSettings(asMap(config.getProperties()), wanted)) {
            config.update(wanted);
        }
        if (home != null) {
            watch(new NodeSettingsWatch(Path.of(home).resolve(NodeSettings.FILE), written, LOG::warn, LOG::info));
        }
    }

    /** Polls the settings file until the component stops, to tell the operator that an edit waits for a start. */
    private void watch(NodeSettingsWatch watch) {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-node-settings-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(watch::poll, NodeSettingsWatch.POLL_MS, NodeSettingsWatch.POLL_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Stops watching the settings file. */
    @Deactivate
    void deactivate() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** Warns of a settings file in {@code deploy/}, which File Install leaves out there as in {@code conf/}. */
    private static void warnOfMisplacedFile(String deployDir) {
        if (deployDir != null && Files.exists(Path.of(deployDir).resolve(NodeProperties.PID + ".cfg"))) {
            LOG.warn("deploy/{}.cfg is not read: the node's settings belong in {}", NodeProperties.PID,
                    NodeSettings.FILE);
        }
    }

    /**
     * Reads the operator's file.
     *
     * @param home the installation directory, or {@code null} when unknown (no file is read)
     * @return the settings as written, values trimmed; empty when there is no file
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    private static Map<String, String> written(String home) {
        if (home == null) {
            return Map.of();
        }
        try {
            return NodeSettingsFile.read(Path.of(home).resolve(NodeSettings.FILE));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(NodeSettings.unreadable("not UTF-8 text"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(NodeSettings.unreadable(e.toString()), e);
        }
    }

    /**
     * Checks the operator's settings, and logs what they set.
     *
     * @param written the settings as written in the file
     * @return the settings the file contributes, checked and converted; keys of {@code cairn server} included
     * @throws IllegalArgumentException naming the file and the setting refused
     */
    private static Map<String, Object> operatorSettings(Map<String, String> written) {
        Map<String, Object> checked = NodeSettings.check(written);
        Map<String, Object> applied = new TreeMap<>();
        checked.forEach((key, value) -> {
            String owned = NodeProperties.ownedSetting(key);
            if (owned == null) {
                applied.put(key, value);
            } else {
                LOG.warn("{}: {} is not used: cairn server sets it from {}", NodeSettings.FILE, key,
                        NodeProperties.SOURCES.get(owned));
            }
        });
        if (!applied.isEmpty()) {
            LOG.info("Node settings from {}: {}", NodeSettings.FILE, applied.entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", ")));
        }
        return checked;
    }

    /**
     * Exits the JVM once the framework has started, from a thread of its own. Exiting while the framework still
     * starts its bundles would race them (a component registering its shutdown hook as the JVM exits fails with a
     * stack trace); once they have started, the node stops in order as on SIGTERM. Nothing has the node's
     * configuration meanwhile, so no component opens a drive or listens. The launcher starts the framework, then
     * raises its start level: the end of that change (or of a start that raises the level itself) is the signal,
     * and a component activated after it (a refreshed bundle) exits after {@value #START_WAIT_MS} ms.
     */
    private static void exitOnceStarted(BundleContext context, int status) {
        CountDownLatch started = new CountDownLatch(1);
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED || event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        });
        Thread exit = new Thread(() -> {
            try {
                started.await(START_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(status);
        }, "cairn-settings-refused");
        exit.start();
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
