/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The node configuration is written once at start from {@code cairn server}'s settings and
 * {@code conf/io.cairn.node.cfg}; a refused file writes nothing and ends the process.
 */
class NodeConfiguratorTest {

    @TempDir
    Path home;

    private final FakeConfigAdmin configAdmin = new FakeConfigAdmin();
    private final List<Integer> exits = new ArrayList<>();

    @Test
    void theFilesSettingsJoinCairnServersWhichWinForTheirKeys() throws Exception {
        writeFile("# tuned for a slow network\n lockTimeoutMs = 5000 \ndriveReconnectIntervalMs=2000\n"
                + "address = 127.0.0.1:1\n");
        configure();
        Dictionary<String, Object> stored = configAdmin.stored;
        assertEquals(5000L, stored.get("lockTimeoutMs"));
        assertEquals(2000L, stored.get("driveReconnectIntervalMs"));
        assertEquals("127.0.0.1:9000", stored.get("address"));
        assertEquals("/data{1...4}", stored.get("volumes"));
        assertEquals(1, configAdmin.updates);
        assertEquals(List.of(), exits);
    }

    @Test
    void withoutAFileTheConfigurationIsCairnServersAlone() throws Exception {
        configure();
        assertEquals(new HashMap<>(NodeProperties.fromFramework(launcher()::get)), asMap(configAdmin.stored));
    }

    @Test
    void aRestartWithTheSameFileLeavesTheStoredConfigurationAloneAndAnEditedFileReplacesIt() throws Exception {
        writeFile("lockTimeoutMs = 5000\n");
        configure();
        configure();
        assertEquals(1, configAdmin.updates, "the components are not re-configured");
        writeFile("ioThreads = 32\n");
        configure();
        assertEquals(2, configAdmin.updates);
        assertNull(configAdmin.stored.get("lockTimeoutMs"), "a setting taken out of the file is gone");
        assertEquals(32, configAdmin.stored.get("ioThreads"));
    }

    @Test
    void aRefusedSettingWritesNothingAndEndsTheProcess() throws Exception {
        writeFile("lockTimeoutMs = 0\n");
        configure();
        assertNull(configAdmin.stored, "no component gets a configuration, so none touches the drives");
        assertEquals(List.of(NodeConfigurator.REFUSED_EXIT_STATUS), exits);
    }

    @Test
    void aFileThatIsNotTextIsRefused() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.write(home.resolve(NodeSettings.FILE), new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe});
        configure();
        assertNull(configAdmin.stored);
        assertEquals(List.of(NodeConfigurator.REFUSED_EXIT_STATUS), exits);
    }

    private void configure() throws Exception {
        Map<String, String> properties = new HashMap<>(launcher());
        properties.put(NodeConfigurator.HOME_PROPERTY, home.toString());
        new NodeConfigurator(properties::get, configAdmin.proxy(), exits::add);
    }

    private static Map<String, String> launcher() {
        return Map.of("cairn.server.volumes", "/data{1...4}", "cairn.server.address", "127.0.0.1:9000",
                "cairn.server.rootUser", "admin", "cairn.server.rootPassword", "secret-password",
                "cairn.server.defaultCredentials", "false");
    }

    private void writeFile(String text) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve(NodeSettings.FILE), text, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        for (String key : java.util.Collections.list(dictionary.keys())) {
            map.put(key, dictionary.get(key));
        }
        return map;
    }

    /** ConfigurationAdmin holding the one configuration, persisted across "restarts" as a reused storage would. */
    private static final class FakeConfigAdmin {
        private Hashtable<String, Object> stored;
        private int updates;

        ConfigurationAdmin proxy() {
            Configuration config = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Configuration.class}, (p, method, args) -> switch (method.getName()) {
                        case "getProperties" -> {
                            if (stored == null) {
                                yield null;
                            }
                            Hashtable<String, Object> copy = new Hashtable<>(stored);
                            copy.put("service.pid", NodeProperties.PID);
                            yield copy;
                        }
                        case "update" -> {
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> given = (Dictionary<String, Object>) args[0];
                            stored = new Hashtable<>(asMap(given));
                            updates++;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ConfigurationAdmin.class}, (p, method, args) -> {
                        if (method.getName().equals("getConfiguration") && args[0].equals(NodeProperties.PID)) {
                            return config;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
