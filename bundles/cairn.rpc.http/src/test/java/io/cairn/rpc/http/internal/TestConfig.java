/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link RpcConfig} instances the way SCR does: the annotation's defaults, overridden by properties. */
final class TestConfig {

    private TestConfig() {
    }

    static RpcConfig rpc(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (RpcConfig) Proxy.newProxyInstance(RpcConfig.class.getClassLoader(), new Class<?>[] {RpcConfig.class},
            (proxy, method, args) -> {
                if (method.getName().equals("annotationType")) {
                    return RpcConfig.class;
                }
                if (method.getName().equals("toString")) {
                    return "RpcConfig" + values;
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
