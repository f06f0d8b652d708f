/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings of {@code conf/io.cairn.metrics.cfg} that convert but make no sense stop the endpoints, naming them. */
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
        String message = "conf/io.cairn.metrics.cfg: " + expected
                + "; the metrics endpoints are stopped until the file is corrected";
        IllegalArgumentException handler = assertThrows(IllegalArgumentException.class,
                () -> new MetricsHandler(Fakes.config(given)));
        assertEquals(message, handler.getMessage());
        IllegalArgumentException command = assertThrows(IllegalArgumentException.class,
                () -> new PrometheusCommand(Fakes.config(given)));
        assertEquals(message, command.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"maxTokenBytes,1", "tokenValidityDays,1", "tokenValidityDays,3650000", "prometheusAuthType,JWT",
        "prometheusAuthType,' public '"})
    void sensibleValuesAreTaken(String name, String value) {
        Map<String, Object> given = Map.of("rootUser", "admin", "_rootPassword", "password",
                name, convert(name, value));
        new MetricsHandler(Fakes.config(given)).deactivate();
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
