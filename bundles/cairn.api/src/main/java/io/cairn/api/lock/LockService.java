/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.lock;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Grants named read/write locks.
 *
 * <p>Many readers or one writer hold a resource at a time. A lease is not bound to the acquiring thread: any
 * thread may close it, and the same thread asking twice for a write lock on one name waits for itself (locks are
 * not reentrant). Waiting is always bounded by the given timeout. Implementations may be local (one JVM) or
 * distributed (a quorum of lock servers that drop leases that are not refreshed); callers must not assume that a
 * lease stays valid forever and should check {@link Lease#isValid()} before committing long operations.
 */
@ProviderType
public interface LockService {

    /**
     * Acquires a shared lock on {@code resource}.
     *
     * @param resource the name to lock, for example {@code bucket/key}; not empty
     * @param timeout how long to wait at most; zero means try once
     * @return the granted lease, to be closed by the caller
     * @throws LockTimeoutException when the lock was not granted within the timeout
     * @throws InterruptedException when the waiting thread was interrupted
     */
    Lease readLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException;

    /**
     * Acquires an exclusive lock on {@code resource}.
     *
     * @param resource the name to lock, for example {@code bucket/key}; not empty
     * @param timeout how long to wait at most; zero means try once
     * @return the granted lease, to be closed by the caller
     * @throws LockTimeoutException when the lock was not granted within the timeout
     * @throws InterruptedException when the waiting thread was interrupted
     */
    Lease writeLock(String resource, Duration timeout) throws LockTimeoutException, InterruptedException;
}
