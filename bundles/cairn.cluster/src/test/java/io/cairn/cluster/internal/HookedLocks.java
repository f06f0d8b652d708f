/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Duration;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockService;
import io.cairn.api.lock.LockTimeoutException;

/**
 * A lock service that can run an action before a chosen write-lock request, on the requesting thread: another
 * client's write landing in a gap where the engine held no lock. It can also grant write leases that report
 * themselves lost, as a distributed lease does once its refresh failed.
 */
final class HookedLocks implements LockService {

    private final LockService delegate;
    private int skip;
    private Runnable action;
    private volatile boolean loseWriteLeases;

    HookedLocks(LockService delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs {@code action} before a write-lock request: the first {@code skipped} requests from now go through
     * untouched, the one after them runs the action first (which may itself take locks).
     *
     * @param skipped requests to let through first
     * @param runBefore the action, or {@code null} to disarm
     */
    synchronized void beforeWriteLock(int skipped, Runnable runBefore) {
        this.skip = skipped;
        this.action = runBefore;
    }

    /**
     * Makes the write leases granted from now on report that they are no longer held ({@link Lease#isValid()}
     * {@code false}), or stops doing so.
     *
     * @param lose whether granted write leases are lost
     */
    void loseWriteLeases(boolean lose) {
        loseWriteLeases = lose;
    }

    @Override
    public Lease readLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return delegate.readLock(resource, timeout);
    }

    @Override
    public Lease writeLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        Runnable due = null;
        synchronized (this) {
            if (action != null && skip-- == 0) {
                due = action;
                action = null;
            }
        }
        if (due != null) {
            due.run();
        }
        Lease lease = delegate.writeLock(resource, timeout);
        return loseWriteLeases ? new LostLease(lease) : lease;
    }

    /** A granted lease that says it is no longer held; closing it releases the lock it wraps. */
    private record LostLease(Lease held) implements Lease {
        @Override
        public String resource() {
            return held.resource();
        }

        @Override
        public boolean exclusive() {
            return held.exclusive();
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public void close() {
            held.close();
        }
    }
}
