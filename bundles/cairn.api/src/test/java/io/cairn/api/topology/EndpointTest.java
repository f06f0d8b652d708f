/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {

    @Test
    void localPath() {
        Endpoint e = Endpoint.parse("/mnt/disk1");
        assertFalse(e.isUrl());
        assertEquals("/mnt/disk1", e.path());
        assertEquals("/mnt/disk1", e.toString());
        assertNull(e.host());
        assertNull(e.scheme());
        assertNull(e.node());
        assertEquals(-1, e.port());
        assertEquals(-1, e.poolIndex());
        assertEquals(-1, e.setIndex());
        assertEquals(-1, e.driveIndex());
    }

    @ParameterizedTest
    @CsvSource({
        "http://node1:9000/mnt/disk1,http,node1,9000,/mnt/disk1",
        "http://node1/mnt/disk1,http,node1,80,/mnt/disk1",
        "https://node1/mnt/disk1,https,node1,443,/mnt/disk1",
        "HTTP://Node1:9000/d,http,node1,9000,/d",
        "http://10.0.0.1:9000/d,http,10.0.0.1,9000,/d",
        "http://[::1]:9000/d,http,[::1],9000,/d",
        "https://[fd00::2]/data/x,https,[fd00::2],443,/data/x",
    })
    void url(String text, String scheme, String host, int port, String path) {
        Endpoint e = Endpoint.parse(text);
        assertTrue(e.isUrl());
        assertEquals(scheme, e.scheme());
        assertEquals(host, e.host());
        assertEquals(port, e.port());
        assertEquals(path, e.path());
        assertEquals(host + ":" + port, e.node());
        assertEquals(text, e.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://node1/d|must use http:// or https://",
        "http://node1:9000|needs an absolute drive path",
        "http://node1:9000/|points at the root directory",
        "http://node1:9000/a/..|points at the root directory",
        "http://user@node1/d|must not carry user info",
        "http://node1/d?x=1|must not carry user info, a query",
        "http://node1/d#f|a query or a fragment",
        "http://node_1/d|no valid host or port",
        "http://node1:0/d|port 0",
        "http://node1:65536/d|ports go up to 65535",
        "http://node1:99999/d|port 99999; ports go up to 65535",
        "http://node1:x/d|no valid host or port",
        "http://node 1/d|not a valid URL",
    })
    void badUrls(String text, String expected) {
        LayoutException e = assertThrows(LayoutException.class, () -> Endpoint.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void emptyEndpoint() {
        assertThrows(LayoutException.class, () -> Endpoint.parse(""));
        assertThrows(LayoutException.class, () -> Endpoint.parse("  "));
        assertThrows(LayoutException.class, () -> Endpoint.parse(null));
    }

    @Test
    void positionMakesADifferentValue() {
        Endpoint e = Endpoint.parse("/d1");
        Endpoint placed = e.withPosition(1, 2, 3);
        assertEquals(1, placed.poolIndex());
        assertEquals(2, placed.setIndex());
        assertEquals(3, placed.driveIndex());
        assertNotEquals(e, placed);
        assertEquals(placed, Endpoint.parse("/d1").withPosition(1, 2, 3));
        assertEquals(placed.hashCode(), Endpoint.parse("/d1").withPosition(1, 2, 3).hashCode());
        assertThrows(IllegalArgumentException.class, () -> e.withPosition(-1, 0, 0));
    }

    @Test
    void driveKeyNormalises() {
        assertEquals(Endpoint.parse("/mnt/d1").driveKey(), Endpoint.parse("/mnt/./x/../d1/").driveKey());
        assertEquals(Endpoint.parse("http://n:9000/d1").driveKey(), Endpoint.parse("http://N:9000/d1/").driveKey());
        assertEquals(Endpoint.parse("http://n/d1").driveKey(), Endpoint.parse("http://n:80/d1").driveKey());
        assertNotEquals(Endpoint.parse("http://n:9000/d1").driveKey(), Endpoint.parse("http://n:9001/d1").driveKey());
    }
}
