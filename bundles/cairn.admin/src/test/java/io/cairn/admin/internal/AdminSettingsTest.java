/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings of {@code conf/io.cairn.admin.cfg} that the OSGi conversion accepts but that make no sense are refused. */
class AdminSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", ""})
    void anAllowRemoteOtherThanTrueOrFalseIsRefusedNotTakenForFalse(String value) {
        assertEquals(Optional.of("conf/io.cairn.admin.cfg: allowRemote = " + value + " is refused: must be true or"
                + " false; cairn admin fails until the file is corrected"),
                AdminSettings.refusal(config(Map.of("allowRemote", false)), Map.of("allowRemote", value)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void aCommandLimitBelowOneByteIsRefused(int value) {
        assertEquals(Optional.of("conf/io.cairn.admin.cfg: maxCommandBytes = " + value + " is refused: must be at"
                + " least 1; cairn admin fails until the file is corrected"),
                AdminSettings.refusal(config(Map.of("maxCommandBytes", value)), Map.of("maxCommandBytes", "" + value)));
    }

    @Test
    void aCommandLimitThatIsNotANumberIsRefusedNamingTheValue() {
        AdminConfig notANumber = config(Map.of("maxCommandBytes", new NumberFormatException("For input string")));
        assertEquals(Optional.of("conf/io.cairn.admin.cfg: maxCommandBytes = 64k is refused: must be a whole number"
                + " from -2147483648 to 2147483647; cairn admin fails until the file is corrected"),
                AdminSettings.refusal(notANumber, Map.of("maxCommandBytes", "64k")));
    }

    @Test
    void trueAndFalseInAnyCaseAndTheDefaultsAreTaken() {
        assertEquals(Optional.empty(), AdminSettings.refusal(config(Map.of()), Map.of("allowRemote", "TRUE")));
        assertEquals(Optional.empty(), AdminSettings.refusal(config(Map.of()), Map.of("allowRemote", " false ")));
        assertEquals(Optional.empty(), AdminSettings.refusal(config(Map.of()), Map.of("allowRemote", Boolean.TRUE)));
        assertEquals(Optional.empty(), AdminSettings.refusal(config(Map.of()), Map.of()));
    }

    /** The settings' defaults with some overridden, as SCR would hand them over; an exception is thrown. */
    private static AdminConfig config(Map<String, Object> overrides) {
        return (AdminConfig) Proxy.newProxyInstance(AdminConfig.class.getClassLoader(),
                new Class<?>[] {AdminConfig.class}, (proxy, method, args) -> {
                    Object value = overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                    if (value instanceof RuntimeException e) {
                        throw e;
                    }
                    return value;
                });
    }
}
