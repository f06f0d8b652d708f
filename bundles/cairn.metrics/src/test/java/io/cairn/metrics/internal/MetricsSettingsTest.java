/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings of {@code conf/io.cairn.metrics.cfg} that do not convert or make no sense are refused naming them: the
 * endpoints do not start on them, or keep the settings they had.
 */
class MetricsSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxTokenBytes|0|maxTokenBytes = 0 is refused: must be at least 1",
        "maxTokenBytes|-8|maxTokenBytes = -8 is refused: must be at least 1",
        "tokenValidityDays|0|tokenValidityDays = 0 is refused: must be from 1 to 3650000",
        "tokenValidityDays|-1|tokenValidityDays = -1 is refused: must be from 1 to 3650000",
        "tokenValidityDays|3650001|tokenValidityDays = 3650001 is refused: must be from 1 to 3650000",
        "prometheusAuthType|publik|prometheusAuthType = publik is refused: must be jwt or public",
        "prometheusAuthType|''|prometheusAuthType =  is refused: must be jwt or public"})
    void aSettingOutOfItsRangeIsRefusedNamingFileAndSetting(String name, String value, String expected) {
        Map<String, Object> given = Map.of(name, convert(name, value));
        String refusal = "conf/io.cairn.metrics.cfg: " + expected;
        assertEquals(Optional.of(refusal), MetricsSettings.refusal(Fakes.config(given), given));
        MetricsHandler handler = new MetricsHandler(Fakes.config(given));
        assertFalse(handler.serving(), "no settings accepted: the endpoints are not started");
        handler.deactivate();
        IllegalStateException command = assertThrows(IllegalStateException.class,
                () -> new PrometheusCommand(Fakes.config(given)).prometheus("generate"));
        assertEquals(refusal + "; cairn:prometheus fails until the file is corrected", command.getMessage());
    }

    @Test
    void aValueThatDoesNotConvertIsRefusedNamingFileSettingAndValue() {
        Map<String, Object> given = Map.of("maxTokenBytes", "8k");
        MetricsConfig config = (MetricsConfig) java.lang.reflect.Proxy.newProxyInstance(
                MetricsConfig.class.getClassLoader(), new Class<?>[] {MetricsConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("maxTokenBytes")) {
                        throw new IllegalArgumentException("For input string: \"8k\"");
                    }
                    return method.getDefaultValue();
                });
        assertEquals(Optional.of("conf/io.cairn.metrics.cfg: maxTokenBytes = 8k is refused: must be a whole number"
                + " from -2147483648 to 2147483647"), MetricsSettings.refusal(config, given));
    }

    @Test
    void aRefusedEditKeepsTheSettingsAcceptedBefore() {
        Map<String, Object> accepted = Map.of("rootUser", "admin", "_rootPassword", "password");
        MetricsHandler handler = new MetricsHandler(Fakes.config(accepted));
        PrometheusCommand command = new PrometheusCommand(Fakes.config(accepted));
        String before = command.generate("node", java.time.Instant.EPOCH);
        Map<String, Object> refused = Map.of("rootUser", "admin", "_rootPassword", "password", "maxTokenBytes", 0);
        handler.modified(Fakes.config(refused), refused);
        command.modified(Fakes.config(refused), refused);
        assertTrue(handler.serving());
        assertEquals(before, command.generate("node", java.time.Instant.EPOCH));
        handler.deactivate();
    }

    @Test
    void anEditCorrectingARefusedSettingStartsTheEndpoints() {
        Map<String, Object> refused = Map.of("maxTokenBytes", 0);
        MetricsHandler handler = new MetricsHandler(Fakes.config(refused));
        handler.modified(Fakes.config(Map.of()), Map.of());
        assertTrue(handler.serving());
        handler.deactivate();
    }

    @ParameterizedTest
    @CsvSource({"maxTokenBytes,1", "tokenValidityDays,1", "tokenValidityDays,3650000", "prometheusAuthType,JWT",
        "prometheusAuthType,' public '"})
    void sensibleValuesAreTaken(String name, String value) {
        Map<String, Object> given = Map.of("rootUser", "admin", "_rootPassword", "password",
                name, convert(name, value));
        MetricsHandler handler = new MetricsHandler(Fakes.config(given));
        assertTrue(handler.serving());
        handler.deactivate();
        new PrometheusCommand(Fakes.config(given)).prometheus("generate");
    }

    @Test
    void theDefaultsAreTaken() {
        new MetricsHandler(Fakes.config(Map.of())).deactivate();
    }

    private static Object convert(String name, String value) {
        return switch (name) {
            case "maxTokenBytes" -> Integer.valueOf(value);
            case "tokenValidityDays" -> Long.valueOf(value);
            default -> value;
        };
    }
}
