/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.api.rpc.LockRequest;

class LockTableTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final LockTable table = new LockTable(30_000, 5, clock::get);

    private static LockRequest req(String resource, String uid) {
        return new LockRequest(resource, uid, "node1:9000");
    }

    @Test
    void oneWriterOrManyReaders() {
        assertTrue(table.lock(req("a", "w1")));
        assertTrue(table.lock(req("a", "w1")), "the holder's own retry is granted");
        assertFalse(table.lock(req("a", "w2")));
        assertFalse(table.readLock(req("a", "r1")));
        assertFalse(table.unlock(req("a", "w2")), "only the holder unlocks");
        assertTrue(table.unlock(req("a", "w1")));
        assertFalse(table.unlock(req("a", "w1")));
        assertTrue(table.readLock(req("a", "r1")));
        assertTrue(table.readLock(req("a", "r2")));
        assertFalse(table.lock(req("a", "w2")));
        assertTrue(table.readUnlock(req("a", "r1")));
        assertFalse(table.lock(req("a", "w2")));
        assertTrue(table.readUnlock(req("a", "r2")));
        assertTrue(table.lock(req("a", "w2")));
        assertTrue(table.lock(req("b", "w3")), "resources are independent");
        assertEquals(2, table.size());
    }

    @Test
    void unrefreshedEntriesExpire() {
        assertTrue(table.lock(req("a", "w1")));
        assertTrue(table.readLock(req("b", "r1")));
        clock.addAndGet(20_000);
        assertTrue(table.refresh(req("a", "w1")));
        clock.addAndGet(20_000);
        assertFalse(table.lock(req("a", "w2")), "refreshed 20 s ago: still held");
        assertTrue(table.lock(req("b", "w2")), "the reader was not refreshed for 40 s: expired");
        assertFalse(table.refresh(req("b", "r1")));
        clock.addAndGet(30_001);
        assertEquals(2, table.expire());
        assertEquals(0, table.size());
        assertFalse(table.refresh(req("a", "w1")));
        assertTrue(table.lock(req("a", "w2")));
    }

    @Test
    void sizeIsBounded() {
        for (int i = 0; i < 5; i++) {
            assertTrue(table.readLock(req("r" + i, "u" + i)));
        }
        assertFalse(table.lock(req("x", "u")), "full");
        assertFalse(table.readLock(req("y", "u")), "full");
        assertTrue(table.refresh(req("r0", "u0")), "refreshing needs no room");
        assertTrue(table.readUnlock(req("r0", "u0")));
        assertTrue(table.lock(req("x", "u")));
        assertEquals(5, table.size());
    }

    @Test
    void clearForgetsEverything() {
        assertTrue(table.lock(req("a", "w1")));
        table.clear();
        assertEquals(0, table.size());
        assertFalse(table.refresh(req("a", "w1")));
    }
}
