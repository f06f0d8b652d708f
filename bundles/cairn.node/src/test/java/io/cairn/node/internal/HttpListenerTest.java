/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The listener ends the node, without an exception for SCR to print, when its address is taken. */
class HttpListenerTest {

    @Test
    void anAddressInUseEndsTheProcessInsteadOfFailingTheComponent() throws Exception {
        AtomicInteger exits = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpListener listener = new HttpListener(exits::incrementAndGet);
            listener.activate(config("127.0.0.1:" + taken.getLocalPort()));
            listener.deactivate();
        }
        assertEquals(1, exits.get());
    }

    @Test
    void theMessageNamesTheAddressAndTheReason() {
        assertEquals("cannot listen on 127.0.0.1:9000: address already in use", ListenFailure.message(
                "127.0.0.1:9000", new java.net.BindException("Address already in use (Bind failed)")));
    }

    private static NodeConfig config(String address) {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(),
                new Class<?>[] {NodeConfig.class}, (proxy, method, args) -> method.getName().equals("address")
                        ? address : method.getDefaultValue());
    }
}
