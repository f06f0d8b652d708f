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
 *
 * <p><b>Line.</b> Holders poll (they retry refused rounds), so each server keeps the waiters of a name in line,
 * oldest first by their {@link LockRequest#sinceMs() start} and {@link LockRequest#ticket() ticket}: writers go
 * oldest first and hold back the readers that came after them, and the readers waiting when a write is granted go
 * before the writers still waiting (a readers' turn after each write). A waiter's
 * place lapses when it has not asked again within the server's wait expiry, so a requester that died or gave up
 * without {@link #leave leaving} holds the line up for at most that long. {@link #enter} asks with a place in
 * line; {@link #lock} and {@link #readLock}, the calls of nodes that predate the line, are served in the line under
 * one place per owner and kind.
 */
@ProviderType
public interface LockServer {

    /**
     * Asks for an entry in line: a write entry when the resource has no entry and nobody waits before it, a read
     * entry when it has no write entry and no writer waits before it. A refused request keeps (or takes) its place.
     * The
     * default, for a server without a line, asks {@link #lock} or {@link #readLock} and refuses without a place.
     *
     * @param request the resource, uid, owner and place in line (a request without a ticket gets its owner's)
     * @param exclusive whether a write entry is wanted
     * @return {@link LockAnswer#GRANTED} when granted (also when this uid already holds the entry), otherwise a
     *     refusal with the number of waiters ahead of the request
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    default LockAnswer enter(LockRequest request, boolean exclusive) throws PeerException {
        boolean granted = exclusive ? lock(request) : readLock(request);
        return granted ? LockAnswer.GRANTED : LockAnswer.refused(-1);
    }

    /**
     * Removes the entry of the uid, if any, and either keeps the ticket's place in line (the requester asks again
     * after a round without quorum) or gives it up (the requester got its lock elsewhere, or stopped waiting). The
     * default, for a server without a line, removes the entry with {@link #unlock} or {@link #readUnlock}.
     *
     * @param request the resource, uid and ticket
     * @param exclusive whether the entry is a write entry
     * @param keepPlace whether the ticket stays in line
     * @return {@code true} when an entry or a place was removed
     * @throws PeerException when a remote server cannot be reached or refuses the call
     */
    default boolean leave(LockRequest request, boolean exclusive, boolean keepPlace) throws PeerException {
        return exclusive ? unlock(request) : readUnlock(request);
    }

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
