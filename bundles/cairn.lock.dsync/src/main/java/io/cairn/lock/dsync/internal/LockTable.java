/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import io.cairn.api.rpc.LockAnswer;
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
 * <p><b>Line.</b> Holders poll (they retry refused rounds), so without care the holder that happens to ask just
 * after a release wins, whatever it waited: an unlucky writer can lose tens of rounds in a row, and a steady
 * stream of readers keeps a writer out for ever. So every refused request keeps a place in the name's line,
 * ordered by {@link Place} (the requester's start, then its ticket: the same order on every server, so servers
 * that know the same waiters never favour different ones). Writers go oldest first, and a waiting writer holds
 * back the readers that came after it. When a write is granted, the readers waiting at that moment get the
 * <em>readers' turn</em>: they go before every writer still waiting, so after each write the readers that waited
 * through it get in together, then the next writer (phase-fair: a reader waits for at most one write it did not
 * find waiting, a writer for one turn of readers per writer ahead). In short, a write entry goes to a writer with
 * no older waiter and no reader in its turn waiting; a read entry to a reader in its turn, or with no older writer
 * waiting. A place lapses when its requester has not asked again within {@code waitExpiryMs}, so a requester that
 * died holds the line up at most that long; one that got its lock elsewhere or gave up {@link #leave leaves}.
 * A refusal tells the requester how many waiters are ahead of it, so that it asks again soon when it is near the
 * front (the name stays unused while the first in line sleeps) and seldom when it is far back. Requests without a
 * ticket (from nodes that predate the line) share one place per owner and kind, taken at their first refusal.
 * The line only ever refuses more, so it cannot break mutual exclusion; a holder's own retry and its refreshes
 * are never refused by it. With {@code waitExpiryMs} 0 there is no line.
 */
final class LockTable implements LockServer {

    /** The most places one name's line holds; a request beyond is refused without a place. */
    static final int MAX_PLACES_PER_NAME = 1024;

    private final long expiryMs;
    private final long waitExpiryMs;
    private final int maxEntries;
    private final LongSupplier clockMs;
    private final Map<String, Resource> resources = new HashMap<>();
    private int entries;
    private int places;

    /**
     * A place in a name's line: the older start first, the ticket breaks ties.
     *
     * @param sinceMs when the requester began to wait, on its own clock
     * @param ticket the requester's ticket
     */
    record Place(long sinceMs, String ticket) implements Comparable<Place> {
        @Override
        public int compareTo(Place other) {
            int bySince = Long.compare(sinceMs, other.sinceMs);
            return bySince != 0 ? bySince : ticket.compareTo(other.ticket);
        }
    }

    /** A waiter in line: what it wants, when it last asked, and whether it is a reader that waited through a write. */
    private static final class Waiter {
        final boolean exclusive;
        long seenMs;
        /** A reader that was waiting when a write was granted: it goes before every waiting writer. */
        boolean readersTurn;

        Waiter(boolean exclusive, long seenMs) {
            this.exclusive = exclusive;
            this.seenMs = seenMs;
        }
    }

    /** The entries and the line of one resource. */
    private static final class Resource {
        String writer;
        String writerOwner;
        long writerStamp;
        final Map<String, Long> readers = new HashMap<>();
        final TreeMap<Place, Waiter> line = new TreeMap<>();
        /** The places of {@link #line} by ticket. */
        final Map<String, Place> placeOf = new HashMap<>();

        boolean isIdle() {
            return writer == null && readers.isEmpty() && line.isEmpty();
        }

        boolean heldAgainst(boolean exclusive) {
            return writer != null || (exclusive && !readers.isEmpty());
        }

        /**
         * Counts the waiters that go before a place: for a write, every older waiter and every reader whose turn
         * it is; for a read whose turn it is, none; for another read, the older waiting writers.
         */
        int ahead(Place place, boolean exclusive) {
            Waiter own = line.get(place);
            if (!exclusive && own != null && own.readersTurn) {
                return 0;
            }
            int ahead = 0;
            for (Map.Entry<Place, Waiter> e : line.entrySet()) {
                Waiter w = e.getValue();
                boolean older = e.getKey().compareTo(place) < 0;
                if (exclusive ? older || w.readersTurn : older && w.exclusive) {
                    ahead++;
                }
            }
            return ahead;
        }

        /** A write was granted: the readers waiting now go before the writers waiting now. */
        void beginReadersTurnAfterWrite() {
            for (Waiter w : line.values()) {
                if (!w.exclusive) {
                    w.readersTurn = true;
                }
            }
        }
    }

    /**
     * Creates an empty table without a line (first come, first served).
     *
     * @param expiryMs how long an entry lives without a refresh
     * @param maxEntries the most entries held at once
     * @param clockMs the clock, in milliseconds
     */
    LockTable(long expiryMs, int maxEntries, LongSupplier clockMs) {
        this(expiryMs, 0, maxEntries, clockMs);
    }

    /**
     * Creates an empty table.
     *
     * @param expiryMs how long an entry lives without a refresh
     * @param waitExpiryMs how long a refused requester keeps its place in line without asking again (0: no line)
     * @param maxEntries the most entries held at once, and the most places in all lines
     * @param clockMs the clock, in milliseconds
     */
    LockTable(long expiryMs, long waitExpiryMs, int maxEntries, LongSupplier clockMs) {
        if (expiryMs <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("expiry and size must be positive");
        }
        if (waitExpiryMs < 0) {
            throw new IllegalArgumentException("negative wait expiry");
        }
        this.expiryMs = expiryMs;
        this.waitExpiryMs = waitExpiryMs;
        this.maxEntries = maxEntries;
        this.clockMs = clockMs;
    }

    @Override
    public synchronized LockAnswer enter(LockRequest request, boolean exclusive) {
        long now = clockMs.getAsLong();
        Resource r = purged(request.resource(), now);
        if (r != null && holds(r, request.uid(), exclusive, now)) {
            return LockAnswer.GRANTED;
        }
        Place place = placeOf(r, request, exclusive, now);
        boolean blocked = r != null && (r.heldAgainst(exclusive) || r.ahead(place, exclusive) > 0);
        if (blocked || entries >= maxEntries) {
            if (r == null) {
                r = new Resource();
                resources.put(request.resource(), r);
            }
            boolean placed = wait(r, place, exclusive, now, false);
            int ahead = placed ? r.ahead(place, exclusive) : -1;
            dropIfIdle(request.resource(), r);
            return LockAnswer.refused(ahead);
        }
        if (r == null) {
            r = new Resource();
            resources.put(request.resource(), r);
        }
        removePlace(r, place.ticket());
        if (exclusive) {
            r.writer = request.uid();
            r.writerOwner = request.owner();
            r.writerStamp = now;
            r.beginReadersTurnAfterWrite();
        } else {
            r.readers.put(request.uid(), now);
        }
        entries++;
        return LockAnswer.GRANTED;
    }

    @Override
    public synchronized boolean leave(LockRequest request, boolean exclusive, boolean keepPlace) {
        long now = clockMs.getAsLong();
        Resource r = resources.get(request.resource());
        if (r == null && !(keepPlace && request.hasTicket())) {
            return false;
        }
        if (r == null) {
            r = new Resource();
            resources.put(request.resource(), r);
        }
        boolean removed = dropEntry(r, request.uid(), exclusive);
        if (request.hasTicket()) {
            if (keepPlace) {
                // The requester asks again after a round without quorum: its place is where it was. A reader that
                // was granted here was in its turn (or nobody waited before it), so it keeps going first.
                wait(r, new Place(request.sinceMs(), request.ticket()), exclusive, now, removed && !exclusive);
            } else {
                removed |= removePlace(r, request.ticket());
            }
        }
        dropIfIdle(request.resource(), r);
        return removed;
    }

    @Override
    public boolean lock(LockRequest request) {
        return enter(request, true).granted();
    }

    @Override
    public boolean readLock(LockRequest request) {
        return enter(request, false).granted();
    }

    @Override
    public synchronized boolean unlock(LockRequest request) {
        return leave(request.withoutTicket(), true, false);
    }

    @Override
    public synchronized boolean readUnlock(LockRequest request) {
        return leave(request.withoutTicket(), false, false);
    }

    @Override
    public synchronized boolean refresh(LockRequest request) {
        long now = clockMs.getAsLong();
        Resource r = purged(request.resource(), now);
        if (r == null) {
            return false;
        }
        return holds(r, request.uid(), true, now) || holds(r, request.uid(), false, now);
    }

    /**
     * Drops every expired entry and lapsed place.
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
            if (r.isIdle()) {
                it.remove();
            }
        }
        return before - entries;
    }

    /** @return the number of entries held */
    synchronized int size() {
        return entries;
    }

    /** @return the number of places in all lines */
    synchronized int places() {
        return places;
    }

    /** @return the names with entries or places, for tests: places must not outlive their expiry */
    synchronized int names() {
        return resources.size();
    }

    /** Forgets everything, as a restarted node would. */
    synchronized void clear() {
        resources.clear();
        entries = 0;
        places = 0;
    }

    /** Whether the uid holds the entry of the kind; if so, stamps it as refreshed. */
    private static boolean holds(Resource r, String uid, boolean exclusive, long now) {
        if (exclusive && uid.equals(r.writer)) {
            r.writerStamp = now;
            return true;
        }
        if (!exclusive && r.readers.containsKey(uid)) {
            r.readers.put(uid, now);
            return true;
        }
        return false;
    }

    /** The request's place: its own, or, without a ticket, the one its owner's requests of that kind share. */
    private static Place placeOf(Resource r, LockRequest request, boolean exclusive, long now) {
        if (request.hasTicket()) {
            return new Place(request.sinceMs(), request.ticket());
        }
        String shared = (exclusive ? "owner-write/" : "owner-read/") + request.owner();
        Place held = r == null ? null : r.placeOf.get(shared);
        return held != null ? held : new Place(now, shared);
    }

    /** Takes or renews a place in line; returns whether the requester has one (the line may be full). */
    private boolean wait(Resource r, Place place, boolean exclusive, long now, boolean readersTurn) {
        if (waitExpiryMs == 0) {
            return false;
        }
        Waiter w = r.line.get(place);
        if (w != null) {
            w.seenMs = now;
            w.readersTurn |= readersTurn;
            return true;
        }
        removePlace(r, place.ticket());
        if (r.line.size() >= MAX_PLACES_PER_NAME || places >= maxEntries) {
            return false;
        }
        Waiter waiter = new Waiter(exclusive, now);
        waiter.readersTurn = readersTurn;
        r.line.put(place, waiter);
        r.placeOf.put(place.ticket(), place);
        places++;
        return true;
    }

    private boolean removePlace(Resource r, String ticket) {
        Place place = r.placeOf.remove(ticket);
        if (place == null) {
            return false;
        }
        r.line.remove(place);
        places--;
        return true;
    }

    private boolean dropEntry(Resource r, String uid, boolean exclusive) {
        if (exclusive && uid.equals(r.writer)) {
            dropWriter(r);
            return true;
        }
        if (!exclusive && r.readers.remove(uid) != null) {
            entries--;
            return true;
        }
        return false;
    }

    private Resource purged(String resource, long now) {
        Resource r = resources.get(resource);
        if (r == null) {
            return null;
        }
        purge(r, now);
        if (r.isIdle()) {
            resources.remove(resource);
            return null;
        }
        return r;
    }

    /** Drops expired entries and the places of requesters that stopped asking. */
    private void purge(Resource r, long now) {
        if (r.writer != null && now - r.writerStamp > expiryMs) {
            dropWriter(r);
        }
        Iterator<Long> stamps = r.readers.values().iterator();
        while (stamps.hasNext()) {
            if (now - stamps.next() > expiryMs) {
                stamps.remove();
                entries--;
            }
        }
        Iterator<Map.Entry<Place, Waiter>> waiters = r.line.entrySet().iterator();
        while (waiters.hasNext()) {
            Map.Entry<Place, Waiter> w = waiters.next();
            if (now - w.getValue().seenMs > waitExpiryMs) {
                waiters.remove();
                r.placeOf.remove(w.getKey().ticket());
                places--;
            }
        }
    }

    private void dropWriter(Resource r) {
        r.writer = null;
        r.writerOwner = null;
        entries--;
    }

    private void dropIfIdle(String resource, Resource r) {
        purge(r, clockMs.getAsLong());
        if (r.isIdle()) {
            resources.remove(resource);
        }
    }
}
