/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SelfNodeTest {

    /** node1 resolves to this machine's 10.0.0.1, node2 to another machine's 10.0.0.2. */
    private static final HostNames NAMES = new HostNames() {
        private final Map<String, String> table = Map.of("node1", "10.0.0.1", "10.0.0.1", "10.0.0.1",
                "node2", "10.0.0.2", "10.0.0.2", "10.0.0.2", "localhost", "127.0.0.1", "127.0.0.1", "127.0.0.1");

        @Override
        public boolean isThisMachine(String host) {
            return Set.of("10.0.0.1", "127.0.0.1").contains(table.get(host));
        }

        @Override
        public boolean sameAddress(String a, String b) {
            return table.containsKey(a) && table.get(a).equals(table.get(b));
        }
    };

    private static final List<String> TWO_MACHINES = List.of("node1:9000", "node2:9000");
    private static final List<String> ONE_MACHINE = List.of("127.0.0.1:9001", "127.0.0.1:9002");

    @Test
    void theListenPortPicksTheNodeWhenOnlyOneUsesIt() {
        assertEquals(Optional.of("127.0.0.1:9002"), SelfNode.find(ONE_MACHINE, "127.0.0.1:9002", null, NAMES));
        assertEquals(Optional.of("127.0.0.1:9001"), SelfNode.find(ONE_MACHINE, ":9001", "", NAMES));
    }

    @Test
    void aPortOfNoNodeIsNoNode() {
        assertEquals(Optional.empty(), SelfNode.find(ONE_MACHINE, "127.0.0.1:9003", null, NAMES));
        assertEquals(Optional.empty(), SelfNode.find(ONE_MACHINE, ":9000", null, NAMES));
    }

    @Test
    void theServerUrlWinsWhenItNamesANode() {
        assertEquals(Optional.of("127.0.0.1:9002"),
                SelfNode.find(ONE_MACHINE, ":9001", "http://127.0.0.1:9002", NAMES));
        assertEquals(Optional.of("127.0.0.1:9001"),
                SelfNode.find(ONE_MACHINE, ":9001", "https://s3.example.com", NAMES));
    }

    @Test
    void nodesSharingThePortAreToldApartByHostNameAddressOrThisMachine() {
        assertEquals(Optional.of("node2:9000"), SelfNode.find(TWO_MACHINES, "NODE2:9000", null, NAMES));
        assertEquals(Optional.of("node1:9000"), SelfNode.find(TWO_MACHINES, "10.0.0.1:9000", null, NAMES));
        assertEquals(Optional.of("node1:9000"), SelfNode.find(TWO_MACHINES, ":9000", null, NAMES));
        assertEquals(Optional.of("node1:9000"), SelfNode.find(TWO_MACHINES, "0.0.0.0:9000", null, NAMES));
        assertEquals(Optional.of("node1:9000"), SelfNode.find(TWO_MACHINES, "[::]:9000", null, NAMES));
        assertEquals(Optional.empty(), SelfNode.find(TWO_MACHINES, "10.0.0.3:9000", null, NAMES));
    }

    @Test
    void ipv6HostsMatchWithOrWithoutBrackets() {
        List<String> nodes = List.of("[::1]:9000", "[fd00::2]:9000");
        assertEquals(Optional.of("[fd00::2]:9000"), SelfNode.find(nodes, "[fd00::2]:9000", null, NAMES));
        assertEquals(Optional.of("[fd00::2]:9000"), SelfNode.find(nodes, "fd00::2:9000", null, NAMES));
    }
}
