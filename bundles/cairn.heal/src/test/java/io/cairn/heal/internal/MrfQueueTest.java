/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MrfQueueTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void keepsEachObjectOnceAndDeepWins() throws Exception {
        MrfQueue q = new MrfQueue(10, now::get);
        assertTrue(q.add("b", "k", false));
        assertTrue(q.add("b", "k", true));
        assertEquals(1, q.size());
        MrfQueue.Entry e = q.take(0);
        assertEquals("k", e.key());
        assertTrue(e.deep());
        assertNull(q.take(0));
    }

    @Test
    void dropsWhenFullAndCounts() {
        MrfQueue q = new MrfQueue(2, now::get);
        assertTrue(q.add("b", "1", false));
        assertTrue(q.add("b", "2", false));
        assertFalse(q.add("b", "3", false));
        assertTrue(q.add("b", "1", false), "an object already queued is not dropped");
        assertEquals(2, q.size());
        assertEquals(1, q.dropped());
    }

    @Test
    void retriedEntryIsDueLater() throws Exception {
        MrfQueue q = new MrfQueue(10, now::get);
        q.add("b", "k", false);
        MrfQueue.Entry e = q.take(0);
        q.retry(e, 5_000);
        assertNull(q.take(0), "not due yet");
        now.addAndGet(5_000);
        MrfQueue.Entry again = q.take(0);
        assertEquals(1, again.attempts());
    }

    @Test
    void takeReturnsTheEntryDueFirst() throws Exception {
        MrfQueue q = new MrfQueue(10, now::get);
        q.add("b", "a", false);
        MrfQueue.Entry a = q.take(0);
        q.retry(a, 10);
        q.add("b", "z", false);
        assertEquals("z", q.take(0).key());
    }

    @Test
    void serialisesOnlyWhenChangedAndLoadsBack() throws Exception {
        MrfQueue q = new MrfQueue(10, now::get);
        q.add("bucket", "a/b/c", true);
        q.add("bucket", "ключ", false);
        byte[] data = q.snapshotIfDirty();
        assertNull(q.snapshotIfDirty(), "unchanged since the last snapshot");
        MrfQueue copy = new MrfQueue(10, now::get);
        assertEquals(2, copy.load(data));
        assertArrayEquals(data, copy.snapshotIfDirty());
        assertEquals(List.of("a/b/c", "ключ"), List.of(copy.take(0).key(), copy.take(0).key()));
    }

    @Test
    void refusesUnknownFormat() {
        byte[] data = MrfQueue.encode(List.of());
        data[3] = 99;
        assertThrows(IOException.class, () -> new MrfQueue(10, now::get).load(data));
    }
}
