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
    private final LockTable turns = new LockTable(30_000, 1_000, 500, 100, clock::get);

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

    @Test
    void refusedWriterHoldsBackNewReadersUntilItGetsIn() {
        assertTrue(turns.readLock(req("a", "r1")));
        assertFalse(turns.lock(req("a", "w1")), "a reader holds");
        assertFalse(turns.readLock(req("a", "r2")), "a writer waits: new readers are refused");
        assertTrue(turns.readLock(req("a", "r1")), "the holder's own retry is granted");
        assertTrue(turns.refresh(req("a", "r1")));
        assertTrue(turns.readLock(req("b", "r2")), "other names are not held back");
        assertTrue(turns.readUnlock(req("a", "r1")));
        clock.addAndGet(300);
        assertFalse(turns.readLock(req("a", "r3")), "still refused after the readers left");
        assertTrue(turns.lock(req("a", "w2")), "the writer's next round gets the name");
        clock.addAndGet(50);
        assertFalse(turns.readLock(req("a", "r3")), "the writer holds");
        assertTrue(turns.unlock(req("a", "w2")));
        assertFalse(turns.lock(req("a", "w3")), "readers were refused: their turn");
        assertTrue(turns.readLock(req("a", "r3")));
        assertFalse(turns.lock(req("a", "w3")));
        assertTrue(turns.readLock(req("a", "r4")), "a writer refused during the readers' turn records no intent");
        clock.addAndGet(500);
        assertFalse(turns.lock(req("a", "w3")), "after the turn: readers hold, the writer records its intent");
        assertFalse(turns.readLock(req("a", "r5")));
        assertTrue(turns.readUnlock(req("a", "r3")));
        assertTrue(turns.readUnlock(req("a", "r4")));
        assertTrue(turns.lock(req("a", "w3")));
        assertTrue(turns.unlock(req("a", "w3")));
        clock.addAndGet(500);
        assertTrue(turns.lock(req("a", "w4")), "the turn is over");
        assertTrue(turns.unlock(req("a", "w4")));
        assertTrue(turns.readLock(req("a", "r6")), "no reader was refused: no turn, no intent");
    }

    @Test
    void intentOfAWriterThatGaveUpLapsesIntoAReadersTurn() {
        assertTrue(turns.readLock(req("a", "r1")));
        assertFalse(turns.lock(req("a", "w1")));
        assertFalse(turns.readLock(req("a", "r2")));
        clock.addAndGet(999);
        assertFalse(turns.readLock(req("a", "r2")), "the intent lasts writerIntentMs");
        clock.addAndGet(1);
        assertTrue(turns.readLock(req("a", "r2")), "the writer never came back: the intent lapsed");
        assertTrue(turns.readUnlock(req("a", "r1")));
        assertTrue(turns.readUnlock(req("a", "r2")));
        assertFalse(turns.lock(req("a", "w2")), "the refused readers' turn follows the intent");
        clock.addAndGet(500);
        assertTrue(turns.lock(req("a", "w2")));
        assertTrue(turns.unlock(req("a", "w2")));
        assertEquals(0, turns.names(), "nothing is left behind");
    }

    @Test
    void marksAloneExpire() {
        assertTrue(turns.readLock(req("a", "r1")));
        assertFalse(turns.lock(req("a", "w1")));
        assertFalse(turns.readLock(req("a", "r2")));
        assertTrue(turns.readUnlock(req("a", "r1")));
        assertEquals(1, turns.names(), "the intent outlives the last entry");
        assertEquals(0, turns.size());
        clock.addAndGet(1_000);
        assertEquals(0, turns.expire());
        assertEquals(1, turns.names(), "the readers' turn follows");
        clock.addAndGet(500);
        turns.expire();
        assertEquals(0, turns.names());
    }

    @Test
    void intentLastsWhileItsWriterComesBackButNotForEver() {
        assertTrue(turns.readLock(req("a", "r1")));
        for (int attempt = 0; attempt <= 10; attempt++) {
            assertFalse(turns.lock(req("a", "w" + attempt)), "a long read holds the name");
            assertFalse(turns.readLock(req("a", "r2")), "attempt " + attempt + ": new readers are held back");
            clock.addAndGet(900);
        }
        assertFalse(turns.readLock(req("a", "r2")), "the attempts kept the intent alive");
        clock.addAndGet(100);
        assertTrue(turns.readLock(req("a", "r2")),
                "after " + LockTable.MAX_INTENT_SPANS + " intents' time the readers get a turn");
        assertFalse(turns.lock(req("a", "w")));
        assertTrue(turns.readLock(req("a", "r3")), "readers' turn");
    }
}
