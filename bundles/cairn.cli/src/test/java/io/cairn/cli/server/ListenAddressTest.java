/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ":9000||9000|:9000",
        "127.0.0.1:9000|127.0.0.1|9000|127.0.0.1:9000",
        "node1:80|node1|80|node1:80",
        "[::1]:9000|::1|9000|[::1]:9000",
        "[fe80::1%eth0]:9000|fe80::1%eth0|9000|[fe80::1%eth0]:9000",
        ":0||0|:0",
        ":65535||65535|:65535",
    })
    void forms(String text, String host, int port, String canonical) {
        ListenAddress a = ListenAddress.parse("--address", text);
        assertEquals(host == null ? "" : host, a.host());
        assertEquals(port, a.port());
        assertEquals(canonical, a.toString());
        assertEquals(host == null, a.anyHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9000", "", ":", "host:", ":x", ":65536", ":123456", "[::1:9000", "::1]:9000", "[]:9000",
        "a b:9000", "host/x:9000", ":-1"})
    void badForms(String text) {
        ServerOptionsException e = assertThrows(ServerOptionsException.class, () -> ListenAddress.parse("--x", text));
        assertTrue(e.getMessage().startsWith("--x '" + text + "'"), e.getMessage());
    }

    @Test
    void bareIpv6NeedsBrackets() {
        ServerOptionsException e = assertThrows(ServerOptionsException.class,
                () -> ListenAddress.parse("--address", "::1:9000"));
        assertEquals("--address '::1:9000': put an IPv6 address in brackets, like [::1]:9000", e.getMessage());
    }

    @Test
    void conflicts() {
        assertTrue(ListenAddress.parse("a", ":9000").conflictsWith(ListenAddress.parse("b", "h:9000")));
        assertTrue(ListenAddress.parse("a", "h:9000").conflictsWith(ListenAddress.parse("b", "H:9000")));
        assertTrue(ListenAddress.parse("a", "h:9000").conflictsWith(ListenAddress.parse("b", ":9000")));
        assertFalse(ListenAddress.parse("a", "h:9000").conflictsWith(ListenAddress.parse("b", "g:9000")));
        assertFalse(ListenAddress.parse("a", ":9000").conflictsWith(ListenAddress.parse("b", ":9001")));
        assertFalse(ListenAddress.parse("a", ":0").conflictsWith(ListenAddress.parse("b", ":0")));
    }
}
