/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The free-port chooser hands out distinct ports outside the kernel's ephemeral range, which outgoing connections
 * take from, and only ports a node can bind.
 */
class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndOutsideTheEphemeralRange() throws IOException {
        int[] ephemeral = {32_768, 60_999};
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            String[] bounds = Files.readAllLines(range).get(0).trim().split("\\s+");
            ephemeral = new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        }
        // A kernel whose ephemeral range covers every candidate leaves only the bind check.
        boolean avoidable = ephemeral[0] > 10_000 || ephemeral[1] < 32_000;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertTrue(seen.add(port), "handed out twice: " + port);
            assertFalse(avoidable && port >= ephemeral[0] && port <= ephemeral[1], port + " is an ephemeral port");
            assertTrue(port >= 10_000 && port <= 20_999 || port >= 26_000 && port <= 32_000, port + " out of range");
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, socket.getLocalPort());
            }
        }
    }
}
