/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import java.util.Objects;

/**
 * The arguments of a {@link LockServer} call.
 *
 * @param resource the locked name, for example {@code bucket/key}; not empty
 * @param uid the id the holder chose for this lease, the same on every lock server; not empty
 * @param owner who holds the lease, for diagnostics (the holder's node)
 */
public record LockRequest(String resource, String uid, String owner) {

    /** The longest accepted resource name, uid or owner, in characters. */
    public static final int MAX_LENGTH = 4096;

    /**
     * Validates the components.
     *
     * @param resource the resource
     * @param uid the uid
     * @param owner the owner
     */
    public LockRequest {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(owner, "owner");
        if (resource.isEmpty() || uid.isEmpty() || resource.length() > MAX_LENGTH || uid.length() > MAX_LENGTH
                || owner.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("bad lock request for '" + resource + "'");
        }
    }
}
