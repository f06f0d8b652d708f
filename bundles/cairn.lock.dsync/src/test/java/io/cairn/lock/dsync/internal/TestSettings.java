/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link DsyncConfig} instances the way SCR does: defaults overridden by properties. */
final class TestSettings {

    private TestSettings() {
    }

    static DsyncConfig dsync(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (DsyncConfig) Proxy.newProxyInstance(DsyncConfig.class.getClassLoader(),
                new Class<?>[] {DsyncConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return DsyncConfig.class;
                    }
                    if (method.getName().equals("toString")) {
                        return "DsyncConfig" + values;
                    }
                    if (method.getName().equals("hashCode")) {
                        return values.hashCode();
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
