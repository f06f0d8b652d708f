/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the settings of a typed configuration whose values do not convert to their type. Declarative Services
 * converts a value only when the component calls the setting's method, and then throws an exception that says
 * neither the setting nor the file; a component that checks its settings with this class first can refuse such a
 * value in one line naming both, as it refuses a value out of range.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * Finds the first setting, in name order, whose value does not convert.
     *
     * @param type the configuration type, an annotation or interface whose methods are the settings
     * @param config the configuration as Declarative Services handed it over (an instance of {@code type})
     * @param properties the component properties as given, for the value as written
     * @return {@code name = value is refused: must be ...}, naming the setting by its configuration key; empty when
     *     every value converts
     */
    public static Optional<String> unconverted(Class<?> type, Object config, Map<String, ?> properties) {
        Method[] settings = type.getDeclaredMethods();
        Arrays.sort(settings, Comparator.comparing(Method::getName));
        for (Method setting : settings) {
            if (setting.getParameterCount() != 0 || setting.isSynthetic()) {
                continue;
            }
            try {
                setting.setAccessible(true);
                setting.invoke(config);
            } catch (InvocationTargetException e) {
                String key = key(setting.getName());
                return Optional.of(key + " = " + written(properties.get(key)) + " is refused: must be "
                        + expected(setting.getReturnType()));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException("not a configuration of type " + type.getName(), e);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the configuration key of a setting's method, as Declarative Services maps it: {@code $$} is a
     * {@code $}, a {@code $} alone is dropped, {@code __} is a {@code _} and a {@code _} alone a {@code .}
     * ({@code _rootPassword} is the private key {@code .rootPassword}).
     *
     * @param method the method name
     * @return the key
     */
    static String key(String method) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            boolean doubled = i + 1 < method.length() && method.charAt(i + 1) == c;
            if (c == '$' || c == '_') {
                if (doubled) {
                    key.append(c);
                    i++;
                } else if (c == '_') {
                    key.append('.');
                }
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static String written(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.toString(array);
        }
        return String.valueOf(value).trim();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName();
    }
}
