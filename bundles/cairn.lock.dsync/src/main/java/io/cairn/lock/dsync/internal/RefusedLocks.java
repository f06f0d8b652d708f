/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import java.time.Duration;

import io.cairn.api.lock.Lease;
import io.cairn.api.lock.LockService;
import io.cairn.api.lock.LockTimeoutException;

/**
 * The lock service of a node of several whose lock settings are refused: every lock fails at once with the
 * refusal, so that the node does not fall back to the local lock service, which the other nodes do not see.
 */
final class RefusedLocks implements LockService {

    private final String refusal;

    /**
     * Creates the service.
     *
     * @param refusal why the settings are refused
     */
    RefusedLocks(String refusal) {
        this.refusal = refusal;
    }

    @Override
    public Lease readLock(String resource, Duration timeout) throws LockTimeoutException {
        throw new LockTimeoutException(resource, refusal);
    }

    @Override
    public Lease writeLock(String resource, Duration timeout) throws LockTimeoutException {
        throw new LockTimeoutException(resource, refusal);
    }
}
