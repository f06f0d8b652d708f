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

import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;

class LockTableTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final LockTable table = new LockTable(30_000, 5, clock::get);
    private final LockTable line = new LockTable(30_000, 3_000, 100, clock::get);

    private static LockRequest req(String resource, String uid) {
        return new LockRequest(resource, uid, "node1:9000");
    }

    /** A round of the acquisition {@code ticket} that began at {@code sinceMs}. */
    private static LockRequest req(String uid, String ticket, long sinceMs) {
        return new LockRequest("a", uid, "node1:9000", ticket, sinceMs);
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
    void writersGoOldestFirstWhateverOrderTheyAskIn() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("h", "th", 50), true));
        assertEquals(LockAnswer.refused(0), line.enter(req("u3", "t3", 300), true), "alone in line");
        assertEquals(LockAnswer.refused(0), line.enter(req("u1", "t1", 100), true), "the oldest is first in line");
        assertEquals(LockAnswer.refused(1), line.enter(req("u3", "t3", 300), true), "no longer first");
        assertEquals(LockAnswer.refused(1), line.enter(req("u2", "t2", 200), true));
        assertTrue(line.unlock(req("a", "h")));
        assertEquals(LockAnswer.refused(2), line.enter(req("u3b", "t3", 300), true), "the youngest asks first");
        assertEquals(LockAnswer.refused(1), line.enter(req("u2b", "t2", 200), true));
        assertEquals(LockAnswer.GRANTED, line.enter(req("u1b", "t1", 100), true));
        assertTrue(line.unlock(req("a", "u1b")));
        assertEquals(LockAnswer.refused(1), line.enter(req("u3c", "t3", 300), true));
        assertEquals(LockAnswer.GRANTED, line.enter(req("u2c", "t2", 200), true));
        assertEquals(LockAnswer.refused(0), line.enter(req("u3d", "t3", 300), true), "now first in line");
        assertTrue(line.unlock(req("a", "u2c")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("u3e", "t3", 300), true));
        assertEquals(LockAnswer.GRANTED, line.enter(req("u3e", "t3", 300), true), "the holder's own retry");
        assertEquals(0, line.places());
    }

    @Test
    void equalStartsAreOrderedByTicketTheSameOnEveryServer() {
        LockTable other = new LockTable(30_000, 3_000, 100, clock::get);
        for (LockTable t : new LockTable[] {line, other}) {
            assertEquals(LockAnswer.GRANTED, t.enter(req("h", "th", 50), true));
        }
        line.enter(req("x", "tb", 100), true);
        line.enter(req("y", "ta", 100), true);
        other.enter(req("y", "ta", 100), true);
        other.enter(req("x", "tb", 100), true);
        for (LockTable t : new LockTable[] {line, other}) {
            assertTrue(t.unlock(req("a", "h")));
            assertEquals(LockAnswer.refused(1), t.enter(req("x2", "tb", 100), true));
            assertEquals(LockAnswer.GRANTED, t.enter(req("y2", "ta", 100), true));
        }
    }

    @Test
    void aWaitingWriterHoldsBackTheReadersAfterIt() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("r1", "tr1", 100), false));
        assertEquals(LockAnswer.refused(0), line.enter(req("w", "tw", 200), true));
        assertEquals(LockAnswer.refused(1), line.enter(req("r2", "tr2", 300), false), "after the waiting writer");
        assertEquals(LockAnswer.GRANTED, line.enter(req("r0", "tr0", 150), false), "older than the writer");
        assertTrue(line.readUnlock(req("a", "r1")));
        assertEquals(LockAnswer.refused(0), line.enter(req("w", "tw", 200), true), "a reader still holds");
        assertTrue(line.readUnlock(req("a", "r0")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("w", "tw", 200), true));
    }

    @Test
    void readersThatWaitedThroughAWriteGoBeforeTheWritersAfterThem() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("w1", "tw1", 100), true));
        assertEquals(LockAnswer.refused(0), line.enter(req("r1", "tr1", 200), false), "only the holder is ahead");
        assertEquals(LockAnswer.refused(0), line.enter(req("r2", "tr2", 250), false));
        assertEquals(LockAnswer.refused(2), line.enter(req("w2", "tw2", 300), true));
        assertEquals(LockAnswer.refused(1), line.enter(req("r3", "tr3", 400), false), "after the waiting writer");
        assertTrue(line.unlock(req("a", "w1")));
        assertEquals(LockAnswer.refused(2), line.enter(req("w2", "tw2", 300), true), "older readers wait");
        assertEquals(LockAnswer.refused(1), line.enter(req("r3", "tr3", 400), false), "still after the writer");
        assertEquals(LockAnswer.GRANTED, line.enter(req("r2", "tr2", 250), false));
        assertEquals(LockAnswer.GRANTED, line.enter(req("r1", "tr1", 200), false));
        assertEquals(LockAnswer.refused(0), line.enter(req("w2", "tw2", 300), true), "the readers are in");
        assertTrue(line.readUnlock(req("a", "r1")));
        assertTrue(line.readUnlock(req("a", "r2")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("w2", "tw2", 300), true));
        assertTrue(line.unlock(req("a", "w2")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("r3", "tr3", 400), false));
    }

    @Test
    void readersWaitingWhenAWriteIsGrantedGoBeforeTheOlderWritersStillWaiting() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("w1", "tw1", 50), true));
        assertEquals(LockAnswer.refused(0), line.enter(req("w2", "tw2", 100), true));
        assertEquals(LockAnswer.refused(1), line.enter(req("w3", "tw3", 110), true));
        assertEquals(LockAnswer.refused(2), line.enter(req("r", "tr", 300), false), "younger than both writers");
        assertTrue(line.unlock(req("a", "w1")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("w2", "tw2", 100), true), "the reader's turn begins");
        assertEquals(LockAnswer.refused(0), line.enter(req("r", "tr", 300), false), "next, after this write");
        assertEquals(LockAnswer.refused(1), line.enter(req("w3", "tw3", 110), true), "the reader goes first");
        assertTrue(line.unlock(req("a", "w2")));
        assertEquals(LockAnswer.refused(1), line.enter(req("w3", "tw3", 110), true));
        assertEquals(LockAnswer.refused(1), line.enter(req("r2", "tr2", 400), false), "a new reader: after w3");
        assertEquals(LockAnswer.GRANTED, line.enter(req("r", "tr", 300), false));
        assertEquals(LockAnswer.refused(0), line.enter(req("w3", "tw3", 110), true));
        assertTrue(line.readUnlock(req("a", "r")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("w3", "tw3", 110), true));
        assertTrue(line.unlock(req("a", "w3")));
        assertEquals(LockAnswer.GRANTED, line.enter(req("r2", "tr2", 400), false));
    }

    @Test
    void aPlaceLapsesWhenItsRequesterStopsAsking() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("h", "th", 50), true));
        assertEquals(LockAnswer.refused(0), line.enter(req("dead", "td", 100), true));
        assertEquals(LockAnswer.refused(1), line.enter(req("w", "tw", 200), true));
        assertTrue(line.unlock(req("a", "h")));
        clock.addAndGet(2_000);
        assertEquals(LockAnswer.refused(1), line.enter(req("w", "tw", 200), true), "the older place is still kept");
        clock.addAndGet(1_001);
        assertEquals(LockAnswer.GRANTED, line.enter(req("w", "tw", 200), true), "it lapsed after waitExpiryMs");
        assertTrue(line.unlock(req("a", "w")));
        assertEquals(0, line.names(), "nothing is left behind");
        assertEquals(0, line.places());
    }

    @Test
    void leavingKeepsThePlaceForTheNextRoundOrGivesItUp() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("u1", "t1", 100), true));
        assertTrue(line.leave(req("u1", "t1", 100), true, true), "a round without quorum");
        assertEquals(1, line.places());
        assertEquals(LockAnswer.refused(1), line.enter(req("u2", "t2", 200), true), "the first round's place holds");
        assertTrue(line.leave(req("u1x", "t1", 100), true, false), "the first one got its lock elsewhere");
        assertEquals(LockAnswer.GRANTED, line.enter(req("u2", "t2", 200), true));
        assertFalse(line.leave(req("nobody", "t9", 900), true, false));
        assertTrue(line.unlock(req("a", "u2")));
        assertEquals(0, line.names());
    }

    @Test
    void requestsWithoutATicketShareOnePlacePerOwnerAndKind() {
        LockRequest old1 = new LockRequest("a", "o1", "old:9000");
        LockRequest old2 = new LockRequest("a", "o2", "old:9000");
        assertEquals(LockAnswer.GRANTED, line.enter(req("h", "th", 50), true));
        clock.set(150);
        assertFalse(line.lock(old1), "takes the owner's place at 150");
        assertEquals(LockAnswer.refused(1), line.enter(req("w", "tw", 200), true));
        assertTrue(line.unlock(req("a", "h")));
        assertEquals(LockAnswer.refused(1), line.enter(req("w", "tw", 200), true), "the old node's writers are older");
        assertTrue(line.lock(old2), "any of the owner's requests takes the place");
        assertTrue(line.unlock(old2));
        assertEquals(LockAnswer.GRANTED, line.enter(req("w", "tw", 200), true));
        assertTrue(line.unlock(req("a", "w")));
        assertEquals(0, line.places());
    }

    @Test
    void linesAreBounded() {
        assertEquals(LockAnswer.GRANTED, line.enter(req("h", "th", 50), true));
        for (int i = 0; i < 150; i++) {
            line.enter(req("u" + i, "t" + i, 100 + i), true);
        }
        assertEquals(100, line.places(), "at most maxEntries places");
        clock.addAndGet(3_001);
        line.expire();
        assertEquals(0, line.places());
    }
}
