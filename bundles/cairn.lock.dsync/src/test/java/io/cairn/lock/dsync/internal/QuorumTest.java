/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumTest {

    @Test
    void dsyncQuorums() {
        assertEquals(1, Quorum.of(1, true));
        assertEquals(1, Quorum.of(1, false));
        assertEquals(2, Quorum.of(2, true));
        assertEquals(1, Quorum.of(2, false));
        assertEquals(2, Quorum.of(3, true));
        assertEquals(2, Quorum.of(3, false));
        assertEquals(3, Quorum.of(4, true));
        assertEquals(2, Quorum.of(4, false));
        assertEquals(3, Quorum.of(5, true));
        assertEquals(9, Quorum.of(16, true));
        assertEquals(8, Quorum.of(16, false));
        assertThrows(IllegalArgumentException.class, () -> Quorum.of(0, true));
    }

    @Test
    void writersExcludeWritersAndReaders() {
        for (int n = 1; n <= 64; n++) {
            int write = Quorum.of(n, true);
            int read = Quorum.of(n, false);
            assertEquals(n / 2 + 1, write, "n=" + n);
            assertTrue(2 * write > n, "two writers at n=" + n);
            assertTrue(write + read > n, "writer and reader at n=" + n);
            assertTrue(write <= n && read >= 1);
        }
    }
}
