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
 */
final class LockTable implements LockServer {

    private final long expiryMs;
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

        boolean isEmpty() {
            return writer == null && readers.isEmpty();
        }
    }

    /**
     * Creates an empty table.
     *
     * @param expiryMs how long an entry lives without a refresh
     * @param maxEntries the most entries held at once
     * @param clockMs the clock, in milliseconds
     */
    LockTable(long expiryMs, int maxEntries, LongSupplier clockMs) {
        if (expiryMs <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("expiry and size must be positive");
        }
        this.expiryMs = expiryMs;
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
        if (r != null && !r.isEmpty()) {
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
        entries++;
        return true;
    }

    @Override
    public synchronized boolean readLock(LockRequest request) {
        long now = clockMs.getAsLong();
        Resource r = purged(request.resource(), now);
        if (r != null && r.writer != null) {
            return false;
        }
        if (r != null && r.readers.containsKey(request.uid())) {
            r.readers.put(request.uid(), now);
            return true;
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
        r.writer = null;
        r.writerOwner = null;
        entries--;
        dropIfEmpty(request.resource(), r);
        return true;
    }

    @Override
    public synchronized boolean readUnlock(LockRequest request) {
        Resource r = resources.get(request.resource());
        if (r == null || r.readers.remove(request.uid()) == null) {
            return false;
        }
        entries--;
        dropIfEmpty(request.resource(), r);
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
            if (r.isEmpty()) {
                it.remove();
            }
        }
        return before - entries;
    }

    /** @return the number of entries held */
    synchronized int size() {
        return entries;
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
        if (r.isEmpty()) {
            resources.remove(resource);
            return null;
        }
        return r;
    }

    private void purge(Resource r, long now) {
        if (r.writer != null && now - r.writerStamp > expiryMs) {
            r.writer = null;
            r.writerOwner = null;
            entries--;
        }
        Iterator<Long> stamps = r.readers.values().iterator();
        while (stamps.hasNext()) {
            if (now - stamps.next() > expiryMs) {
                stamps.remove();
                entries--;
            }
        }
    }

    private void dropIfEmpty(String resource, Resource r) {
        if (r.isEmpty()) {
            resources.remove(resource);
        }
    }
}
