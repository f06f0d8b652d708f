/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;

/**
 * One node's lock table: the {@link LockServer} every holder's quorum rounds talk to.
 *
 * <p>A resource has at most one write entry or any number of read entries, each identified by the holder's uid
 * and stamped with the time of its grant or last refresh. An entry older than the expiry is dropped (lazily when
 * its resource is touched, and by {@link #expire()} which the owner runs periodically), so a holder that died
 * blocks its resource for at most the expiry. The table holds at most {@code maxEntries} entries; when full, new
 * grants are refused, which the holder sees as contention and eventually as a lock timeout. All state is in
 * memory and guarded by this object's monitor; the clock is injected so that simulations control time.
 *
 * <p><b>Turns.</b> Holders poll (they retry refused rounds), so without care a steady stream of readers keeps a
 * name read-held for ever and a writer never finds a quorum of servers without one, and the other way round. Two
 * marks per name, both plain deadlines that lapse on their own (a holder that died leaves nothing behind for
 * longer than they last), make the table alternate:
 * <ul>
 * <li>A <em>writer intent</em>: a write refused because readers hold the name refuses new read entries for
 * {@code writerIntentMs} after the writer's last refused attempt (at most {@link #MAX_INTENT_SPANS} times that
 * in all), so the readers drain and the writer's next round finds the name free. A write grant ends the
 * intent.</li>
 * <li>A <em>readers' turn</em>: when a write entry goes away (released or expired), or an intent lapses, while
 * reads were refused, new write entries are refused, and no intent is recorded, for {@code readerTurnMs}, so the
 * readers that waited get in before the next writer.</li>
 * </ul>
 * Both marks only ever refuse more, so they cannot break mutual exclusion; an owner's own retry and refreshes are
 * never refused by them. A zero duration turns a mark off.
 */
final class LockTable implements LockServer {

    /** A writer intent lasts at most this many {@code writerIntentMs}, however often its writer comes back. */
    static final int MAX_INTENT_SPANS = 10;

    private final long expiryMs;
    private final long writerIntentMs;
    private final long readerTurnMs;
    private final int maxEntries;
    private final LongSupplier clockMs;
    private final Map<String, Resource> resources = new HashMap<>();
    private int entries;

    /** The entries of one resource. */
    private static final class Resource {
        String writer;
        String writerOwner;
        long writerStamp;
        final Map<String, Long> readers = new HashMap<>();
        /** New read entries are refused before this time: a writer waits for the readers to leave. */
        long intentUntil;
        /** When the current writer intent began. */
        long intentSince;
        /** New write entries and intents are refused before this time: readers that waited get in. */
        long turnUntil;
        /** A read was refused since the last readers' turn began. */
        boolean readsRefused;

        boolean isEmpty() {
            return writer == null && readers.isEmpty();
        }

        boolean isIdle(long now) {
            return isEmpty() && now >= intentUntil && now >= turnUntil;
        }
    }

    /**
     * Creates an empty table without turns (writer intents and readers' turns off).
     *
     * @param expiryMs how long an entry lives without a refresh
     * @param maxEntries the most entries held at once
     * @param clockMs the clock, in milliseconds
     */
    LockTable(long expiryMs, int maxEntries, LongSupplier clockMs) {
        this(expiryMs, 0, 0, maxEntries, clockMs);
    }

    /**
     * Creates an empty table.
     *
     * @param expiryMs how long an entry lives without a refresh
     * @param writerIntentMs how long a write refused because of readers holds back new readers (0: never)
     * @param readerTurnMs how long new writes are refused after a write, or an intent, that made readers wait
     *     (0: never)
     * @param maxEntries the most entries held at once
     * @param clockMs the clock, in milliseconds
     */
    LockTable(long expiryMs, long writerIntentMs, long readerTurnMs, int maxEntries, LongSupplier clockMs) {
        if (expiryMs <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("expiry and size must be positive");
        }
        if (writerIntentMs < 0 || readerTurnMs < 0) {
            throw new IllegalArgumentException("negative turn duration");
        }
        this.expiryMs = expiryMs;
        this.writerIntentMs = writerIntentMs;
        this.readerTurnMs = readerTurnMs;
        this.maxEntries = maxEntries;
        this.clockMs = clockMs;
    }

    @Override
    public synchronized boolean lock(LockRequest request) {
        long now = clockMs.getAsLong();
        Resource r = purged(request.resource(), now);
        if (r != null && request.uid().equals(r.writer)) {
            r.writerStamp = now;
            return true;
        }
        if (r != null && (r.writer != null || now < r.turnUntil)) {
            return false;
        }
        if (r != null && !r.readers.isEmpty()) {
            recordIntent(r, now);
            return false;
        }
        if (entries >= maxEntries) {
            return false;
        }
        if (r == null) {
            r = new Resource();
            resources.put(request.resource(), r);
        }
        r.writer = request.uid();
        r.writerOwner = request.owner();
        r.writerStamp = now;
        r.intentUntil = 0;
        entries++;
        return true;
    }

    @Override
    public synchronized boolean readLock(LockRequest request) {
        long now = clockMs.getAsLong();
        Resource r = purged(request.resource(), now);
        if (r != null && r.readers.containsKey(request.uid())) {
            r.readers.put(request.uid(), now);
            return true;
        }
        if (r != null && (r.writer != null || now < r.intentUntil)) {
            r.readsRefused = true;
            return false;
        }
        if (entries >= maxEntries) {
            return false;
        }
        if (r == null) {
            r = new Resource();
            resources.put(request.resource(), r);
        }
        r.readers.put(request.uid(), now);
        entries++;
        return true;
    }

    @Override
    public synchronized boolean unlock(LockRequest request) {
        Resource r = resources.get(request.resource());
        if (r == null || !request.uid().equals(r.writer)) {
            return false;
        }
        dropWriter(r, clockMs.getAsLong());
        dropIfIdle(request.resource(), r);
        return true;
    }

    @Override
    public synchronized boolean readUnlock(LockRequest request) {
        Resource r = resources.get(request.resource());
        if (r == null || r.readers.remove(request.uid()) == null) {
            return false;
        }
        entries--;
        dropIfIdle(request.resource(), r);
        return true;
    }

    @Override
    public synchronized boolean refresh(LockRequest request) {
        long now = clockMs.getAsLong();
        Resource r = purged(request.resource(), now);
        if (r == null) {
            return false;
        }
        if (request.uid().equals(r.writer)) {
            r.writerStamp = now;
            return true;
        }
        if (r.readers.containsKey(request.uid())) {
            r.readers.put(request.uid(), now);
            return true;
        }
        return false;
    }

    /**
     * Drops every expired entry.
     *
     * @return the number of entries dropped
     */
    synchronized int expire() {
        long now = clockMs.getAsLong();
        int before = entries;
        Iterator<Map.Entry<String, Resource>> it = resources.entrySet().iterator();
        while (it.hasNext()) {
            Resource r = it.next().getValue();
            purge(r, now);
            if (r.isIdle(now)) {
                it.remove();
            }
        }
        return before - entries;
    }

    /** @return the number of entries held */
    synchronized int size() {
        return entries;
    }

    /** @return the names with entries or marks, for tests: marks must not outlive their time */
    synchronized int names() {
        return resources.size();
    }

    /** Forgets everything, as a restarted node would. */
    synchronized void clear() {
        resources.clear();
        entries = 0;
    }

    private Resource purged(String resource, long now) {
        Resource r = resources.get(resource);
        if (r == null) {
            return null;
        }
        purge(r, now);
        if (r.isIdle(now)) {
            resources.remove(resource);
            return null;
        }
        return r;
    }

    /** Drops expired entries, and ends a writer intent whose time is up (its writer gave up or died). */
    private void purge(Resource r, long now) {
        if (r.writer != null && now - r.writerStamp > expiryMs) {
            dropWriter(r, now);
        }
        if (r.intentUntil != 0 && now >= r.intentUntil) {
            beginReadersTurn(r, r.intentUntil);
            r.intentUntil = 0;
        }
        Iterator<Long> stamps = r.readers.values().iterator();
        while (stamps.hasNext()) {
            if (now - stamps.next() > expiryMs) {
                stamps.remove();
                entries--;
            }
        }
    }

    /** Starts a writer intent, or extends a live one by another attempt of its writer, up to its longest span. */
    private void recordIntent(Resource r, long now) {
        if (writerIntentMs == 0) {
            return;
        }
        if (now >= r.intentUntil) {
            r.intentSince = now;
        }
        r.intentUntil = Math.min(now + writerIntentMs, r.intentSince + MAX_INTENT_SPANS * writerIntentMs);
    }

    private void dropWriter(Resource r, long now) {
        r.writer = null;
        r.writerOwner = null;
        entries--;
        beginReadersTurn(r, now);
    }

    /** Gives the name to the readers that were refused, if any, from {@code since}. */
    private void beginReadersTurn(Resource r, long since) {
        if (r.readsRefused) {
            r.readsRefused = false;
            r.turnUntil = Math.max(r.turnUntil, since + readerTurnMs);
        }
    }

    private void dropIfIdle(String resource, Resource r) {
        long now = clockMs.getAsLong();
        purge(r, now);
        if (r.isIdle(now)) {
            resources.remove(resource);
        }
    }
}
