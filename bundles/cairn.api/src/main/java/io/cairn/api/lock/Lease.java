/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.lock;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A granted lock. Closing it releases the lock; closing twice has no further effect.
 */
@ProviderType
public interface Lease extends AutoCloseable {

    /**
     * Returns the locked resource name.
     *
     * @return the resource name
     */
    String resource();

    /**
     * Tells whether the lease is a write (exclusive) lease.
     *
     * @return {@code true} for a write lease, {@code false} for a read lease
     */
    boolean exclusive();

    /**
     * Tells whether the lock is still held. A local lease is valid until closed; a distributed lease becomes
     * invalid when its refresh failed and the lock servers may have expired it.
     *
     * @return {@code true} while the lock is held
     */
    boolean isValid();

    /** Releases the lock. Never throws. */
    @Override
    void close();
}
