/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the Felix runtime (the executable jar exported from {@code runtime/cairn.bndrun}, which is on the class
 * path) in this JVM. Settings reach the framework as system properties, which {@code BundleContext.getProperty}
 * falls back to; passing them in-process keeps the root password off the process's command line.
 */
final class FrameworkLauncher {

    /** Main class of bnd's embedded launcher inside the runtime jar. */
    static final String LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";

    /** File Install's scratch directory, inside the framework's storage. */
    static final String FILE_INSTALL_DIR = "fileinstall";

    /** What File Install's watcher of {@code deploy/} picks up: everything but the node's settings file. */
    static final String DEPLOY_FILTER = "(?!io[.]cairn[.]node[.]cfg).*";

    private FrameworkLauncher() {
    }

    /**
     * Hands this JVM to the framework. Returns once the launcher's main method returns; the framework's threads
     * keep the process alive until it stops.
     *
     * @param properties the {@code cairn.server.*} settings
     * @param home the installation directory holding {@code deploy/} and {@code conf/}
     * @param nodeTmp the node's own directory {@code bin/cairn} made ({@link #adoptNodeTmp}), if any
     * @throws IOException when the framework's storage directory cannot be created
     */
    static void launch(Map<String, String> properties, Path home, Optional<Path> nodeTmp) throws IOException {
        properties.forEach(System::setProperty);
        System.setProperty("cairn.home", home.toString());
        setDefault("felix.fileinstall.dir", home.resolve("deploy").toString());
        // The node reads its settings file itself at start (conf/io.cairn.node.cfg); File Install would write one in
        // deploy/ as the whole node configuration, endpoints and credentials gone.
        setDefault("felix.fileinstall.filter", DEPLOY_FILTER);
        if (System.getProperty("org.osgi.framework.storage") == null) {
            Path storage;
            if (nodeTmp.isPresent()) {
                storage = nodeTmp.get();
                Files.createDirectories(storage.resolve(FrameworkStorage.FRAMEWORK_DIR));
            } else {
                storage = FrameworkStorage.create(Path.of(System.getProperty("java.io.tmpdir")));
                removeAtExit(storage);
            }
            Path framework = storage.resolve(FrameworkStorage.FRAMEWORK_DIR);
            System.setProperty("org.osgi.framework.storage", framework.toString());
        }
        // File Install's scratch directory goes inside the framework's storage, which is removed with it. Left to
        // itself, File Install makes a new one in java.io.tmpdir at every start, which a killed node never removes.
        // The watcher of conf/ (deploy/org.apache.felix.fileinstall-conf.cfg) names the same directory.
        setDefault("felix.fileinstall.tmpdir",
                Path.of(System.getProperty("org.osgi.framework.storage")).resolve(FILE_INSTALL_DIR).toString());
        try {
            Class.forName(LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The runtime jar (lib/cairn.jar) is not on the class path", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The framework failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call the framework launcher", e);
        }
    }

    /**
     * Takes over the node's own temporary directory when {@code bin/cairn} made one for this process (see
     * {@link FrameworkStorage#adopt}): it is removed when the JVM exits, whether the node ran or its arguments were
     * refused, and directories of nodes that are gone are removed from beside it.
     *
     * @return the directory, or empty when the JVM was started without one
     */
    static Optional<Path> adoptNodeTmp() {
        Optional<Path> own = FrameworkStorage.adopt(System.getProperty(FrameworkStorage.NODE_TMPDIR));
        own.ifPresent(FrameworkLauncher::removeAtExit);
        return own;
    }

    private static void removeAtExit(Path storage) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FrameworkStorage.remove(storage),
                "cairn-storage-cleanup"));
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
