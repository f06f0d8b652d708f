/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings of {@code conf/io.cairn.rpc.http.cfg} that convert but make no sense stop the transport and the handler
 * of peer calls, naming the setting.
 */
class RpcSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "connectTimeoutMs|0|connectTimeoutMs = 0 is refused: must be at least 1",
        "callTimeoutMs|-1|callTimeoutMs = -1 is refused: must be at least 1",
        "streamIdleTimeoutMs|0|streamIdleTimeoutMs = 0 is refused: must be at least 1",
        "probeTimeoutMs|-5|probeTimeoutMs = -5 is refused: must be at least 1",
        "probeInitialBackoffMs|0|probeInitialBackoffMs = 0 is refused: must be at least 1",
        "probeMaxBackoffMs|100|probeMaxBackoffMs = 100 is refused: must be at least probeInitialBackoffMs (250)",
        "heartbeatIntervalMs|0|heartbeatIntervalMs = 0 is refused: must be at least 1",
        "drainTimeoutMs|-1|drainTimeoutMs = -1 is refused: must be at least 0",
        "streamWindowBytes|0|streamWindowBytes = 0 is refused: must be at least 16384",
        "sessionWindowBytes|16383|sessionWindowBytes = 16383 is refused: must be at least 16384",
        "maxConnectionsPerPeer|0|maxConnectionsPerPeer = 0 is refused: must be at least 1",
        "maxQueuedCallsPerPeer|-1|maxQueuedCallsPerPeer = -1 is refused: must be at least 1"})
    void aSettingOutOfItsRangeIsRefusedNamingFileAndSetting(String name, String value, String expected) {
        Map<String, Object> given = Map.of(name, convert(name, value));
        String message = "conf/io.cairn.rpc.http.cfg: " + expected
                + "; the peer transport is stopped until the file is corrected";
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> new HttpPeerTransport(TestConfig.rpc(given))).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> new RpcHandler(TestConfig.rpc(given))).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"connectTimeoutMs,1", "drainTimeoutMs,0", "probeMaxBackoffMs,250", "streamWindowBytes,16384",
        "sessionWindowBytes,16384", "maxConnectionsPerPeer,1", "maxQueuedCallsPerPeer,1", "heartbeatIntervalMs,1"})
    void sensibleValuesAreTaken(String name, String value) {
        start(Map.of(name, convert(name, value)));
    }

    @Test
    void theDefaultsAreTaken() {
        start(Map.of());
    }

    private static void start(Map<String, Object> settings) {
        Map<String, Object> given = new HashMap<>(settings);
        given.put("volumes", "./d{1...4}");
        new HttpPeerTransport(TestConfig.rpc(given)).deactivate();
        new RpcHandler(TestConfig.rpc(given)).deactivate();
    }

    private static Object convert(String name, String value) {
        return name.endsWith("Bytes") || name.endsWith("PerPeer") ? (Object) Integer.valueOf(value)
                : (Object) Long.valueOf(value);
    }
}
