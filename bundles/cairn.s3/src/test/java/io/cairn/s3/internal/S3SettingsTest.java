/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings of {@code conf/io.cairn.s3.cfg} that do not convert or make no sense are refused naming them: the S3 API
 * does not start on them, or keeps the settings it had.
 */
class S3SettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxXmlBodyBytes|0|maxXmlBodyBytes = 0 is refused: must be at least 1",
        "maxXmlBodyBytes|-1|maxXmlBodyBytes = -1 is refused: must be at least 1",
        "maxClockSkewMs|-5|maxClockSkewMs = -5 is refused: must be at least 1000",
        "maxClockSkewMs|999|maxClockSkewMs = 999 is refused: must be at least 1000",
        "digestThreads|0|digestThreads = 0 is refused: must be at least 1"})
    void aSettingOutOfItsRangeIsRefusedNamingFileAndSetting(String name, String value, String expected) {
        Map<String, Object> given = Map.of(name, convert(name, value));
        assertEquals(Optional.of("conf/io.cairn.s3.cfg: " + expected), S3Settings.refusal(config(given), given));
        S3Handler handler = start(given);
        assertFalse(handler.serving(), "no settings accepted: the S3 API is not started");
        handler.deactivate();
    }

    @Test
    void aValueThatDoesNotConvertIsRefusedNamingFileSettingAndValue() {
        Map<String, Object> given = Map.of("maxClockSkewMs", "15m");
        S3Config config = (S3Config) Proxy.newProxyInstance(S3Config.class.getClassLoader(),
                new Class<?>[] {S3Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("maxClockSkewMs")) {
                        throw new IllegalArgumentException("For input string: \"15m\"");
                    }
                    return method.getDefaultValue();
                });
        assertEquals(Optional.of("conf/io.cairn.s3.cfg: maxClockSkewMs = 15m is refused: must be a whole number"),
                S3Settings.refusal(config, given));
    }

    @Test
    void aRefusedEditKeepsTheApiOnItsSettingsAndACorrectedOneStartsIt() {
        S3Handler handler = start(Map.of());
        Map<String, Object> refused = Map.of("digestThreads", 0);
        handler.modified(config(refused), refused);
        assertTrue(handler.serving());
        handler.deactivate();

        S3Handler stopped = start(refused);
        stopped.modified(config(Map.of()), Map.of());
        assertTrue(stopped.serving());
        stopped.deactivate();
    }

    @ParameterizedTest
    @CsvSource({"maxXmlBodyBytes,1", "maxClockSkewMs,1000", "digestThreads,1", "digestThreads,64"})
    void sensibleValuesAreTaken(String name, String value) {
        start(Map.of(name, convert(name, value))).deactivate();
    }

    @Test
    void theDefaultsAreTaken() {
        start(Map.of()).deactivate();
    }

    private static S3Handler start(Map<String, Object> settings) {
        FakeStore store = new FakeStore();
        return new S3Handler(store, store, store, store, config(settings));
    }

    /** The settings' defaults with some overridden, as SCR would hand them over converted. */
    private static S3Config config(Map<String, Object> overrides) {
        return (S3Config) Proxy.newProxyInstance(S3Config.class.getClassLoader(), new Class<?>[] {S3Config.class},
                (proxy, method, args) -> overrides.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static Object convert(String name, String value) {
        return name.equals("maxClockSkewMs") ? (Object) Long.valueOf(value) : (Object) Integer.valueOf(value);
    }
}
