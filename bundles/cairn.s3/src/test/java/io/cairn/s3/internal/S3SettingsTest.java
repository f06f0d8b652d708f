/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings of {@code conf/io.cairn.s3.cfg} that convert but make no sense stop the S3 API, naming the setting. */
class S3SettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxXmlBodyBytes|0|maxXmlBodyBytes = 0 is refused: must be at least 1",
        "maxXmlBodyBytes|-1|maxXmlBodyBytes = -1 is refused: must be at least 1",
        "maxClockSkewMs|-5|maxClockSkewMs = -5 is refused: must be at least 1000",
        "maxClockSkewMs|999|maxClockSkewMs = 999 is refused: must be at least 1000",
        "digestThreads|0|digestThreads = 0 is refused: must be at least 1"})
    void aSettingOutOfItsRangeIsRefusedNamingFileAndSetting(String name, String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(Map.of(name, convert(name, value))));
        assertEquals("conf/io.cairn.s3.cfg: " + expected + "; the S3 API is stopped until the file is corrected",
                e.getMessage());
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
