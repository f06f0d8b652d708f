/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.Node;

/** {@code bin/cairn admin} prints what a Gogo command line prints, once, alone or in a pipeline. */
class AdminShellTest {

    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.fromBuild();
        Path dir = distribution.scratch("admin-shell");
        node = Node.startOnFourDrives(distribution, dir,
                Map.of("CAIRN_ROOT_USER", "systest-admin", "CAIRN_ROOT_PASSWORD", "systest-password"));
        node.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aPipelineEndingInGrepPrintsTheMatchingLinesOnly() throws Exception {
        // grep answers whether it matched, and that answer was printed after its lines as "true" (or alone, "false").
        assertEquals("Status:     4 Online, 0 Offline\n", out("cairn:info | grep Status"));
        assertEquals("", out("cairn:peers | grep no-such-text"));
        assertEquals("", out("cairn:heal status | grep -q Scanner"));
    }

    @Test
    void aCommandAlonePrintsItsTextWithoutAnEmptyLineAfterIt() throws Exception {
        assertEquals("This node has no peers (single-node deployment)\n", out("cairn:peers"));
        String info = out("cairn:info");
        assertEquals(info.stripTrailing() + "\n", info);
    }

    private static String out(String line) throws Exception {
        Distribution.Result result = node.admin(line);
        assertEquals(0, result.status(), result.out() + result.err());
        return result.out();
    }
}
