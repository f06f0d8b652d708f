/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One node's table of granted locks, the building block of a distributed (dsync-style) lock service: a lock is
 * held when a quorum of the nodes' lock servers granted it.
 *
 * <p>A lock server grants a write entry on a resource that has no entry, and a read entry on a resource without a
 * write entry. Entries are identified by the {@link LockRequest#uid() uid} the holder chose. A holder refreshes its
 * entries; an entry not refreshed within the server's expiry is dropped, so a holder that died never blocks a
 * resource for longer than that. The table lives in memory and has a bounded size: when it is full, new entries
 * are refused. The node's own lock server is registered as a service; {@link PeerClient#locks()} reaches the
 * others'.
 */
@ProviderType
public interface LockServer {

    /**
     * Grants a write entry when the resource has no entry.
     *
     * @param request the resource, uid and owner
     * @return {@code true} when granted (also when this uid already holds the write entry)
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    boolean lock(LockRequest request) throws PeerException;

    /**
     * Grants a read entry when the resource has no write entry.
     *
     * @param request the resource, uid and owner
     * @return {@code true} when granted (also when this uid already holds a read entry)
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    boolean readLock(LockRequest request) throws PeerException;

    /**
     * Removes the write entry of the uid.
     *
     * @param request the resource and uid
     * @return {@code true} when an entry was removed
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    boolean unlock(LockRequest request) throws PeerException;

    /**
     * Removes the read entry of the uid.
     *
     * @param request the resource and uid
     * @return {@code true} when an entry was removed
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    boolean readUnlock(LockRequest request) throws PeerException;

    /**
     * Renews the entry of the uid (read or write) so that it does not expire.
     *
     * @param request the resource and uid
     * @return {@code true} when the entry exists and was renewed, {@code false} when it is unknown (expired, or
     *     the server restarted)
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    boolean refresh(LockRequest request) throws PeerException;
}
