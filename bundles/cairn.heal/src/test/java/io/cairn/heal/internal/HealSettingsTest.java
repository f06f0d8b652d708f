/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings of {@code conf/io.cairn.heal.cfg} that convert but make no sense stop healing, naming the setting. */
class HealSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "healWorkers|0|healWorkers = 0 is refused: must be at least 1",
        "healWorkers|-3|healWorkers = -3 is refused: must be at least 1",
        "mrfQueueSize|0|mrfQueueSize = 0 is refused: must be at least 1",
        "maxBytesPerSecond|-1|maxBytesPerSecond = -1 is refused: must be at least 0",
        "scannerDeepFraction|1.5|scannerDeepFraction = 1.5 is refused: must be from 0 to 1",
        "scannerEnabled|yes|scannerEnabled = yes is refused: must be true or false",
        "healFreshDrives|0|healFreshDrives = 0 is refused: must be true or false"})
    void aSettingOutOfItsRangeIsRefusedNamingFileAndSetting(String name, String value, String expected) {
        Map<String, Object> given = new HashMap<>(Map.of("scannerEnabled", "false"));
        given.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(given).deactivate());
        assertEquals("conf/io.cairn.heal.cfg: " + expected + "; healing is stopped until the file is corrected",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"healWorkers,1", "scannerEnabled,FALSE", "healFreshDrives,True", "maxBytesPerSecond,0"})
    void sensibleValuesAreTaken(String name, String value) {
        Map<String, Object> given = new HashMap<>(Map.of("scannerEnabled", "false"));
        given.put(name, value);
        start(given).deactivate();
    }

    @Test
    void aValueThatDoesNotConvertIsRefusedNamingFileSettingAndValue() {
        Map<String, Object> given = Map.of("healWorkers", "two");
        HealComponent.Config config = (HealComponent.Config) java.lang.reflect.Proxy.newProxyInstance(
                HealComponent.Config.class.getClassLoader(), new Class<?>[] {HealComponent.Config.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("healWorkers")) {
                        throw new IllegalArgumentException("For input string: \"two\"");
                    }
                    return method.getDefaultValue();
                });
        assertEquals(java.util.Optional.of("conf/io.cairn.heal.cfg: healWorkers = two is refused: must be a whole"
                + " number from -2147483648 to 2147483647"), HealSettings.refusal(config, given));
    }

    /** Converts the given strings as SCR does for the typed settings (booleans the lenient OSGi way). */
    private static HealComponent start(Map<String, Object> given) {
        Map<String, Object> converted = new HashMap<>();
        given.forEach((name, value) -> converted.put(name, convert(name, (String) value)));
        return new HealComponent(ManualHealTest.blockingHealer(new CountDownLatch(0)), ManualHealTest.inventory(),
                new HealHistory(), ManualHealTest.config(converted), given);
    }

    private static Object convert(String name, String value) {
        return switch (name) {
            case "healWorkers", "mrfQueueSize" -> Integer.valueOf(value);
            case "maxBytesPerSecond" -> Long.valueOf(value);
            case "scannerDeepFraction" -> Double.valueOf(value);
            default -> Boolean.valueOf(value);
        };
    }
}
