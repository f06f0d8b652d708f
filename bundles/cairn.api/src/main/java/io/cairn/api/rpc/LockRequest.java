/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import java.util.Objects;

/**
 * The arguments of a {@link LockServer} call.
 *
 * <p>A request made for {@link LockServer#enter} also names its place in line: the {@code ticket} the requester
 * keeps for every round of one acquisition, and {@code sinceMs}, when that acquisition began. Lock servers order
 * the waiters of a name by {@code (sinceMs, ticket)}, the same order on every server. A request without a ticket
 * (empty, {@code sinceMs} 0) has no place of its own; lock servers give it one per owner (see {@link LockServer}).
 *
 * @param resource the locked name, for example {@code bucket/key}; not empty
 * @param uid the id the holder chose for this lease, the same on every lock server; not empty
 * @param owner who holds the lease, for diagnostics (the holder's node)
 * @param ticket the id of the acquisition, the same for all its rounds, or empty for none
 * @param sinceMs when the acquisition began, in milliseconds since the epoch on the requester's clock; 0 without a
 *     ticket
 */
public record LockRequest(String resource, String uid, String owner, String ticket, long sinceMs) {

    /** The longest accepted resource name, uid or owner, in characters. */
    public static final int MAX_LENGTH = 4096;

    /**
     * Validates the components.
     *
     * @param resource the resource
     * @param uid the uid
     * @param owner the owner
     * @param ticket the ticket, or empty
     * @param sinceMs the start of the acquisition, or 0 without a ticket
     */
    public LockRequest {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ticket, "ticket");
        if (resource.isEmpty() || uid.isEmpty() || resource.length() > MAX_LENGTH || uid.length() > MAX_LENGTH
                || owner.length() > MAX_LENGTH || ticket.length() > MAX_LENGTH || sinceMs < 0
                || ticket.isEmpty() != (sinceMs == 0)) {
            throw new IllegalArgumentException("bad lock request for '" + resource + "'");
        }
    }

    /**
     * Creates a request without a place in line.
     *
     * @param resource the resource
     * @param uid the uid
     * @param owner the owner
     */
    public LockRequest(String resource, String uid, String owner) {
        this(resource, uid, owner, "", 0);
    }

    /** @return whether the request names its place in line */
    public boolean hasTicket() {
        return !ticket.isEmpty();
    }

    /** @return the same request without its place in line */
    public LockRequest withoutTicket() {
        return hasTicket() ? new LockRequest(resource, uid, owner) : this;
    }
}
