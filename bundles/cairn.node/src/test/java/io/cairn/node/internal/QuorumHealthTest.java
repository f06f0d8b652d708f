/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.api.object.DriveStatus;

class QuorumHealthTest {

    @Test
    void writeQuorumFollowsTheDesign() {
        assertEquals(1, QuorumHealth.writeQuorum(1, -1), "a single drive has no parity");
        assertEquals(2, QuorumHealth.writeQuorum(2, -1), "1+1: k == m needs k + 1");
        assertEquals(3, QuorumHealth.writeQuorum(4, -1), "2+2: k == m needs k + 1");
        assertEquals(4, QuorumHealth.writeQuorum(6, -1), "3+3");
        assertEquals(12, QuorumHealth.writeQuorum(16, -1), "12+4");
        assertEquals(14, QuorumHealth.writeQuorum(16, 2), "EC:2 on 16 drives: 14+2");
        assertEquals(3, QuorumHealth.writeQuorum(4, 1), "EC:1 on 4 drives: 3+1");
    }

    @Test
    void reportsTheFirstSetWithoutQuorum() {
        List<DriveStatus> drives = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            drives.add(new DriveStatus("/d" + i, 0, i / 4, i % 4, true, 100, 50, null));
        }
        assertNull(QuorumHealth.missingWriteQuorum(drives, -1));
        drives.set(5, new DriveStatus("/d5", 0, 1, 1, false, 0, 0, "offline"));
        assertNull(QuorumHealth.missingWriteQuorum(drives, -1), "3 of 4 online keeps 2+2 writable");
        drives.set(6, new DriveStatus("/d6", 0, 1, 2, false, 0, 0, "offline"));
        String missing = QuorumHealth.missingWriteQuorum(drives, -1);
        assertTrue(missing != null && missing.startsWith("pool 1, set 2 has 2 of 4"), missing);
    }

    @Test
    void readQuorumIsTheDataShardsAndMaintenanceCountsThisNodesDrivesOut() {
        assertEquals(2, QuorumHealth.readQuorum(4, -1));
        assertEquals(12, QuorumHealth.readQuorum(16, -1));
        assertEquals(1, QuorumHealth.readQuorum(2, -1));
        assertEquals(3, QuorumHealth.readQuorum(4, 1));
        List<DriveStatus> drives = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            drives.add(new DriveStatus("http://n" + (i + 1) + ":9000/d", 0, 0, i, i < 2, 100, 50, null));
        }
        assertNull(QuorumHealth.missingQuorum(drives, -1, false, d -> false), "2 of 4 read 2+2");
        assertEquals("pool 1, set 1 has 2 of 4 drives online, needs 3",
                QuorumHealth.missingQuorum(drives, -1, true, d -> false));
        assertEquals("pool 1, set 1 has 1 of 4 drives online, needs 2 to read",
                QuorumHealth.missingQuorum(drives, -1, false, d -> d.endpoint().startsWith("http://n1:")));
        drives.set(2, new DriveStatus("http://n3:9000/d", 0, 0, 2, true, 100, 50, null));
        assertNull(QuorumHealth.missingQuorum(drives, -1, true, d -> false));
        assertEquals("pool 1, set 1 has 2 of 4 drives online, needs 3",
                QuorumHealth.missingQuorum(drives, -1, true, d -> d.endpoint().startsWith("http://n1:")),
                "without node 1 a write would lose quorum");
        assertNull(QuorumHealth.missingQuorum(drives, -1, true, d -> d.endpoint().startsWith("http://n4:")),
                "node 4 is already down");
    }
}
