/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears when a peer goes offline or comes back.
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
}
