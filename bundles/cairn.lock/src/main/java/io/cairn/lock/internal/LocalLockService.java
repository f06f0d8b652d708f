/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Component;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockService;
import io.cairn.api.lock.LockTimeoutException;

/**
 * Read/write locks inside one JVM.
 *
 * <p>Leases are not owned by threads (any thread may close them), so the JDK's read/write lock, which ties a lock
 * to its thread, does not fit; each resource has a small state record guarded by one mutex.
 *
 * <p>Waiters are served in arrival order (each takes a ticket): a reader gets in when no writer holds the resource
 * and no writer that came before it is waiting, a writer when nobody holds it and nobody that came before it is
 * waiting. So a waiting writer holds back the readers after it (a stream of reads cannot starve a write), and the
 * readers that queued behind a writer get in together right after it, before the writers that came later (a
 * stream of writes cannot starve a read either). A waiter that times out leaves the queue. A state record exists
 * only while the resource is held or waited for, so memory stays proportional to the locks in use.
 */
@Component(service = LockService.class, property = "lock.kind=local")
public final class LocalLockService implements LockService {

    /** The most distinct resources held or waited for at once; a bound against runaway callers. */
    static final int MAX_RESOURCES = 1_000_000;

    private final ReentrantLock mutex = new ReentrantLock();
    private final Map<String, State> states = new HashMap<>();

    /** One resource's holders and waiters. */
    private static final class State {
        int readers;
        boolean writer;
        /** The next ticket; tickets order the waiters by arrival. */
        long nextTicket;
        /** Tickets of the waiting writers. */
        final TreeSet<Long> waitingWriters = new TreeSet<>();
        /** Tickets of all waiters, readers and writers. */
        final TreeSet<Long> waiting = new TreeSet<>();
        int users;
        final Condition changed;

        State(Condition changed) {
            this.changed = changed;
        }

        boolean mayEnter(long ticket, boolean exclusive) {
            if (writer) {
                return false;
            }
            if (exclusive) {
                return readers == 0 && waiting.first() == ticket;
            }
            return waitingWriters.isEmpty() || waitingWriters.first() > ticket;
        }
    }

    /**
     * Returns the number of requests waiting for a resource (for tests).
     *
     * @param resource the resource
     * @return the count
     */
    int waiting(String resource) {
        mutex.lock();
        try {
            State s = states.get(resource);
            return s == null ? 0 : s.waiting.size();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public Lease readLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return acquire(resource, timeout, false);
    }

    @Override
    public Lease writeLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return acquire(resource, timeout, true);
    }

    /**
     * Returns the number of resources currently held or waited for (for tests).
     *
     * @return the count
     */
    int activeResources() {
        mutex.lock();
        try {
            return states.size();
        } finally {
            mutex.unlock();
        }
    }

    private Lease acquire(String resource, Duration timeout, boolean exclusive)
            throws LockTimeoutException, InterruptedException {
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("empty resource name");
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        mutex.lock();
        try {
            State s = states.get(resource);
            if (s == null) {
                if (states.size() >= MAX_RESOURCES) {
                    throw new LockTimeoutException(resource, "too many locked resources");
                }
                s = new State(mutex.newCondition());
                states.put(resource, s);
            }
            s.users++;
            long ticket = s.nextTicket++;
            s.waiting.add(ticket);
            if (exclusive) {
                s.waitingWriters.add(ticket);
            }
            boolean granted = false;
            try {
                try {
                    while (!s.mayEnter(ticket, exclusive)) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new LockTimeoutException(resource, (exclusive ? "write" : "read") + " lock on "
                                    + resource + " not granted within " + timeout.toMillis() + " ms");
                        }
                        s.changed.awaitNanos(left);
                    }
                } finally {
                    s.waiting.remove(ticket);
                    s.waitingWriters.remove(ticket);
                }
                if (exclusive) {
                    s.writer = true;
                } else {
                    s.readers++;
                }
                granted = true;
            } finally {
                if (!granted) {
                    // Waiters queued behind this one may be able to enter now.
                    s.changed.signalAll();
                    release(resource, s);
                }
            }
            return new LocalLease(resource, exclusive);
        } finally {
            mutex.unlock();
        }
    }

    private void release(String resource, State s) {
        s.users--;
        if (s.users == 0) {
            states.remove(resource);
        }
    }

    private void unlock(String resource, boolean exclusive) {
        mutex.lock();
        try {
            State s = states.get(resource);
            if (s == null) {
                throw new IllegalStateException("lock state of " + resource + " vanished");
            }
            if (exclusive) {
                s.writer = false;
            } else {
                s.readers--;
            }
            s.changed.signalAll();
            release(resource, s);
        } finally {
            mutex.unlock();
        }
    }

    /** A granted lease; closing it twice releases once. */
    private final class LocalLease implements Lease {
        private final String resource;
        private final boolean exclusive;
        private final AtomicBoolean open = new AtomicBoolean(true);

        LocalLease(String resource, boolean exclusive) {
            this.resource = resource;
            this.exclusive = exclusive;
        }

        @Override
        public String resource() {
            return resource;
        }

        @Override
        public boolean exclusive() {
            return exclusive;
        }

        @Override
        public boolean isValid() {
            return open.get();
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                unlock(resource, exclusive);
            }
        }
    }
}
