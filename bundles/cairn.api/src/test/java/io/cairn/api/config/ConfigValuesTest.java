/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A value that does not convert is named by its setting and value as written. */
class ConfigValuesTest {

    @interface Settings {
        int port() default 9000;

        long timeoutMs() default 1;

        double fraction() default 0.5;

        String _rootPassword() default "";
    }

    @Test
    void theFirstValueThatDoesNotConvertIsNamedAsWritten() {
        Map<String, Object> given = Map.of("port", " abc ", "timeoutMs", "5s", ".rootPassword", "secret");
        assertEquals(Optional.of("port = abc is refused: must be a whole number from -2147483648 to 2147483647"),
                ConfigValues.unconverted(Settings.class, converted(given), given));
        Map<String, Object> fraction = Map.of("fraction", "half");
        assertEquals(Optional.of("fraction = half is refused: must be a number"),
                ConfigValues.unconverted(Settings.class, converted(fraction), fraction));
        Map<String, Object> fine = Map.of("port", "9100");
        assertEquals(Optional.empty(), ConfigValues.unconverted(Settings.class, converted(fine), fine));
    }

    @Test
    void methodNamesMapToKeysAsDeclarativeServicesMapsThem() {
        assertEquals(".rootPassword", ConfigValues.key("_rootPassword"));
        assertEquals("a_b", ConfigValues.key("a__b"));
        assertEquals("a$b", ConfigValues.key("a$$b"));
        assertEquals("ab", ConfigValues.key("a$b"));
    }

    /** Converts like Declarative Services: a value that does not parse throws when its method is called. */
    private static Settings converted(Map<String, Object> given) {
        return (Settings) Proxy.newProxyInstance(Settings.class.getClassLoader(), new Class<?>[] {Settings.class},
                (proxy, method, args) -> {
                    Object value = given.get(ConfigValues.key(method.getName()));
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    String text = value.toString().trim();
                    return switch (method.getReturnType().getName()) {
                        case "int" -> Integer.valueOf(text);
                        case "long" -> Long.valueOf(text);
                        case "double" -> Double.valueOf(text);
                        default -> text;
                    };
                });
    }
}
