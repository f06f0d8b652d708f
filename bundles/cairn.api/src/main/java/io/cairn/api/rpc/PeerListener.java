/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears when a peer goes offline or comes back, and when a peer announces that it serves its drives again.
 */
@ConsumerType
@FunctionalInterface
public interface PeerListener {

    /**
     * Called after a peer changed state. Calls for one node arrive in order; the listener must not block.
     *
     * @param node the peer's {@code host:port}
     * @param online the new state
     */
    void peerChanged(String node, boolean online);

    /**
     * Called when a peer announced that it serves its drives again, typically because it restarted, and the
     * transport has seen it answer since. Its state may not have changed (a peer that restarted between two
     * heartbeats never looked offline), so {@link #peerChanged} may not have been called. Calls arrive in order with
     * those of {@link #peerChanged}; the listener must not block. The default does nothing.
     *
     * @param node the peer's {@code host:port}
     * @since 1.2
     */
    default void peerReturned(String node) {
        // Most listeners only follow the online state.
    }
}
