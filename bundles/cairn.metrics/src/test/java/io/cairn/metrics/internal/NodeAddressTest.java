/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeAddressTest {

    @Test
    void theListenAddressOrThePublicUrl() {
        assertEquals(new NodeAddress("http", "127.0.0.1:9000"), NodeAddress.of("127.0.0.1:9000", ""));
        assertEquals(new NodeAddress("http", "[::1]:9100"), NodeAddress.of("[::1]:9100", ""));
        assertEquals(new NodeAddress("https", "s3.example.com:443"), NodeAddress.of(":9000", "https://s3.example.com"));
        assertEquals(new NodeAddress("http", "s3.example.com:8080"),
                NodeAddress.of(":9000", "HTTP://s3.example.com:8080"));
        assertEquals(new NodeAddress("http", "10.0.0.5:9000"), NodeAddress.of("10.0.0.5:9000", "not a url"));
    }

    @Test
    void aWildcardHostBecomesThisMachinesName() {
        NodeAddress address = NodeAddress.of(":9000", "");
        assertFalse(address.target().startsWith(":"), address.target());
        assertTrue(address.target().endsWith(":9000"), address.target());
    }
}
