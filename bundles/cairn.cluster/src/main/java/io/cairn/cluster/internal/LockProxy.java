/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.time.Duration;
import java.util.function.Supplier;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockService;
import io.cairn.api.lock.LockTimeoutException;

/**
 * Forwards to the lock service bound now, so that the object layer keeps working across a replacement of the
 * lock provider (leases already granted stay with the provider that granted them).
 */
final class LockProxy implements LockService {

    private final Supplier<LockService> current;

    LockProxy(Supplier<LockService> current) {
        this.current = current;
    }

    private LockService get() throws LockTimeoutException {
        LockService s = current.get();
        if (s == null) {
            throw new LockTimeoutException("", "no lock service available");
        }
        return s;
    }

    @Override
    public Lease readLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return get().readLock(resource, timeout);
    }

    @Override
    public Lease writeLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException {
        return get().writeLock(resource, timeout);
    }
}
