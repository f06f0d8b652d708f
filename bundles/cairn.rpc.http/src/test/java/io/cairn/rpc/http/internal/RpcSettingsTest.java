/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings of {@code conf/io.cairn.rpc.http.cfg} that do not convert or make no sense are refused naming them: the
 * handler of peer calls does not start on them, or keeps the settings it had.
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
        assertEquals(Optional.of("conf/io.cairn.rpc.http.cfg: " + expected),
                RpcSettings.refusal(TestConfig.rpc(given), given));
        RpcHandler handler = new RpcHandler(TestConfig.rpc(given));
        assertFalse(handler.serving(), "no settings accepted: peer calls are not served");
        handler.deactivate();
    }

    @Test
    void aValueThatDoesNotConvertIsRefusedNamingFileSettingAndValue() {
        Map<String, Object> given = Map.of("callTimeoutMs", "10s");
        RpcConfig config = (RpcConfig) Proxy.newProxyInstance(RpcConfig.class.getClassLoader(),
                new Class<?>[] {RpcConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("callTimeoutMs")) {
                        throw new IllegalArgumentException("For input string: \"10s\"");
                    }
                    return method.getDefaultValue();
                });
        assertEquals(Optional.of("conf/io.cairn.rpc.http.cfg: callTimeoutMs = 10s is refused: must be a whole number"),
                RpcSettings.refusal(config, given));
    }

    @Test
    void aRefusedEditKeepsTheHandlerOnItsSettings() {
        Map<String, Object> accepted = Map.of("volumes", "./d{1...4}");
        RpcHandler handler = new RpcHandler(TestConfig.rpc(accepted));
        Map<String, Object> refused = Map.of("volumes", "./d{1...4}", "drainTimeoutMs", -1L);
        handler.modified(TestConfig.rpc(refused), refused);
        assertTrue(handler.serving());
        handler.deactivate();
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
