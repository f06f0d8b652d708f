/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The missed-write queue: objects to heal because a write, delete or read found drives that missed them. Bounded
 * (when full, new objects are dropped and counted: the scanner finds them later), deduplicated by object, ordered
 * by when each entry is due. An entry that could not be healed because drives were offline is put back with a
 * later due time. The content is serialised with a format version for persistence across restarts.
 */
final class MrfQueue {

    /** Version of the serialised form. */
    static final int FORMAT_VERSION = 1;

    /** One queued object. */
    record Entry(String volume, String key, boolean deep, int attempts, long dueNanos) {
    }

    private final int capacity;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long dropped;
    private boolean dirty;

    /**
     * Creates a queue.
     *
     * @param capacity the most entries
     * @param nanoClock the clock in nanoseconds
     */
    MrfQueue(int capacity, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    private static String id(String volume, String key) {
        return volume + "\u0000" + key;
    }

    /**
     * Adds an object, due now; an object already queued is kept once (deep when either asked for deep).
     *
     * @param volume the volume
     * @param key the key
     * @param deep whether every shard block must be verified
     * @return {@code false} when the queue is full and the object was dropped
     */
    boolean add(String volume, String key, boolean deep) {
        return put(new Entry(volume, key, deep, 0, nanoClock.getAsLong()));
    }

    /**
     * Puts an entry back after a failed attempt, due after a delay.
     *
     * @param e the entry
     * @param delayNanos the delay
     */
    void retry(Entry e, long delayNanos) {
        put(new Entry(e.volume(), e.key(), e.deep(), e.attempts() + 1, nanoClock.getAsLong() + delayNanos));
    }

    private boolean put(Entry e) {
        lock.lock();
        try {
            String id = id(e.volume(), e.key());
            Entry old = entries.get(id);
            if (old != null) {
                entries.put(id, new Entry(e.volume(), e.key(), old.deep() || e.deep(), Math.min(old.attempts(),
                        e.attempts()), Math.min(old.dueNanos(), e.dueNanos())));
            } else if (entries.size() >= capacity) {
                dropped++;
                return false;
            } else {
                entries.put(id, e);
            }
            dirty = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the entry due first, waiting until one is due or the timeout passes.
     *
     * @param timeoutNanos the longest wait
     * @return the entry, {@code null} when none became due
     * @throws InterruptedException when interrupted
     */
    Entry take(long timeoutNanos) throws InterruptedException {
        long deadline = nanoClock.getAsLong() + timeoutNanos;
        lock.lock();
        try {
            while (true) {
                long now = nanoClock.getAsLong();
                Entry first = null;
                for (Entry e : entries.values()) {
                    if (first == null || e.dueNanos() < first.dueNanos()) {
                        first = e;
                    }
                }
                if (first != null && first.dueNanos() <= now) {
                    entries.remove(id(first.volume(), first.key()));
                    dirty = true;
                    return first;
                }
                long wait = Math.min(deadline, first == null ? deadline : first.dueNanos()) - now;
                if (now >= deadline) {
                    return null;
                }
                changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the number of queued entries */
    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many objects were dropped because the queue was full */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Serialises the queue when it changed since the last call.
     *
     * @return the serialised entries, {@code null} when nothing changed
     */
    byte[] snapshotIfDirty() {
        List<Entry> copy;
        lock.lock();
        try {
            if (!dirty) {
                return null;
            }
            dirty = false;
            copy = new ArrayList<>(entries.values());
        } finally {
            lock.unlock();
        }
        return encode(copy);
    }

    static byte[] encode(List<Entry> list) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            out.writeInt(list.size());
            for (Entry e : list) {
                out.writeUTF(e.volume());
                out.writeUTF(e.key());
                out.writeBoolean(e.deep());
                out.writeInt(e.attempts());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Adds the entries of a serialised queue, due now.
     *
     * @param data the serialised form
     * @return how many entries were read
     * @throws IOException when the data is not a queue of a known format version
     */
    int load(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("unknown missed-write queue format " + version);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String volume = in.readUTF();
                String key = in.readUTF();
                boolean deep = in.readBoolean();
                int attempts = in.readInt();
                put(new Entry(volume, key, deep, attempts, nanoClock.getAsLong()));
            }
            return count;
        }
    }
}
