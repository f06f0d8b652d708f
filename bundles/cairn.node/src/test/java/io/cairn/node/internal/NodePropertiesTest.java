/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The node configuration is the merge of the operator's file and {@code cairn server}'s settings: the keys of
 * {@code cairn server} come from it alone, every other key from the file.
 */
class NodePropertiesTest {

    private static final Map<String, String> LAUNCHER = Map.of("cairn.server.volumes", "/data{1...4}",
            "cairn.server.address", "127.0.0.1:9000", "cairn.server.rootUser", "admin",
            "cairn.server.rootPassword", "secret-password", "cairn.server.defaultCredentials", "false");

    @Test
    void theFileSetsEveryKeyCairnServerDoesNotSet() {
        Map<String, Object> merged = NodeProperties.merge(Map.of("lockTimeoutMs", 5000L,
                "driveReconnectIntervalMs", 2000L, "region", "eu-west-1"), launcher());
        assertEquals(5000L, merged.get("lockTimeoutMs"));
        assertEquals(2000L, merged.get("driveReconnectIntervalMs"));
        assertEquals("eu-west-1", merged.get("region"));
        assertEquals("/data{1...4}", merged.get("volumes"));
        assertEquals("secret-password", merged.get(".rootPassword"));
    }

    @Test
    void cairnServerWinsForItsKeysWhetherOrNotItsOptionIsGiven() {
        // No CAIRN_STORAGE_CLASS_STANDARD in the launcher's settings: the key is still cairn server's.
        Map<String, Object> file = Map.of("address", "127.0.0.1:1", "volumes", "/elsewhere{1...4}",
                "rootPassword", "from-file", ".rootPassword", "from-file", "storageClassStandard", "EC:1",
                "lockTimeoutMs", 5000L);
        Map<String, Object> merged = NodeProperties.merge(file, launcher());
        assertEquals("127.0.0.1:9000", merged.get("address"));
        assertEquals("/data{1...4}", merged.get("volumes"));
        assertEquals("secret-password", merged.get(".rootPassword"));
        assertFalse(merged.containsKey("rootPassword"), "never under a key services would show");
        assertFalse(merged.containsKey("storageClassStandard"), merged.toString());
        assertEquals(5000L, merged.get("lockTimeoutMs"));
    }

    @Test
    void ownedSettingsAreRecognisedInEitherSpellingAndNamedWithTheirSource() {
        assertEquals("rootPassword", NodeProperties.ownedSetting(".rootPassword"));
        assertEquals("rootPassword", NodeProperties.ownedSetting("rootPassword"));
        assertEquals("volumes", NodeProperties.ownedSetting("volumes"));
        assertNull(NodeProperties.ownedSetting("lockTimeoutMs"));
        assertEquals("--address", NodeProperties.SOURCES.get("address"));
        assertEquals(NodeProperties.KEYS.size(), NodeProperties.SOURCES.size());
    }

    @Test
    void aStoredConfigurationWithTheSameSettingsIsLeftAloneAndAnyDifferenceReplacesIt() {
        Map<String, Object> wanted = NodeProperties.merge(Map.of("lockTimeoutMs", 5000L), launcher());
        Map<String, Object> stored = new HashMap<>(wanted);
        stored.put("service.pid", NodeProperties.PID);
        assertTrue(NodeProperties.sameSettings(stored, wanted));
        stored.remove("lockTimeoutMs");
        assertFalse(NodeProperties.sameSettings(stored, wanted), "a setting added to the file");
        assertFalse(NodeProperties.sameSettings(wanted, NodeProperties.merge(Map.of(), launcher())),
                "a setting removed from the file");
        assertFalse(NodeProperties.sameSettings(null, wanted));
    }

    private static Map<String, Object> launcher() {
        return NodeProperties.fromFramework(LAUNCHER::get);
    }
}
