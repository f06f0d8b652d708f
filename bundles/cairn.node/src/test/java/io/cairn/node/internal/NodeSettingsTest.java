/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings of {@code conf/io.cairn.node.cfg} are converted to the types the components read, and a value that
 * converts but makes no sense, or does not convert, is refused naming the file and the setting.
 */
class NodeSettingsTest {

    @Test
    void knownSettingsBecomeNumbersOfTheirTypeAndOthersStayText() {
        Map<String, String> file = new LinkedHashMap<>();
        file.put("lockTimeoutMs", "5000");
        file.put("ioThreads", "16");
        file.put("maxThreads", "64");
        file.put("peerWaitMs", "0");
        file.put("region", "eu-west-1");
        Map<String, Object> checked = NodeSettings.check(file);
        assertEquals(5000L, checked.get("lockTimeoutMs"));
        assertEquals(16, checked.get("ioThreads"));
        assertEquals(64, checked.get("maxThreads"));
        assertEquals(0L, checked.get("peerWaitMs"));
        assertEquals("eu-west-1", checked.get("region"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lockTimeoutMs|0|must be at least 1",
        "lockTimeoutMs|-5|must be at least 1",
        "multipartExpiryMs|0|must be at least 1",
        "multipartCleanupIntervalMs|999|must be at least 1000",
        "driveReconnectIntervalMs|0|must be at least 1000",
        "ioThreads|3|must be at least 4",
        "ioThreads|2147483648|must be at most 2147483647",
        "peerWaitMs|-1|must be at least 0",
        "idleTimeoutMs|0|must be at least 1",
        "maxRequestHeaderBytes|1024|must be at least 8192",
        "maxThreads|1|must be at least 8",
        "stopTimeoutMs|-1|must be at least 0",
        "lockTimeoutMs|5s|must be a whole number",
        "driveReconnectIntervalMs|''|must be a whole number"})
    void aValueOutOfItsRangeIsRefusedNamingFileAndSetting(String name, String value, String rule) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.check(Map.of(name, value)));
        assertEquals("conf/io.cairn.node.cfg: " + name + " = " + value + " is refused: " + rule
                + "; the node does not start until the file is corrected", refused.getMessage());
    }
}
