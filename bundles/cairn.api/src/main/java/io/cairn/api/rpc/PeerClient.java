/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.api.storage.DiskInfo;

/**
 * Calls to one other node. Every call is authenticated with the root credentials and bounded by the transport's
 * deadline; while the node is offline, calls fail at once with {@link PeerException.Reason#OFFLINE}, except
 * {@link #serverInfo()}, which is also the probe that brings a node back online.
 */
@ProviderType
public interface PeerClient {

    /**
     * Returns the node this client calls.
     *
     * @return {@code host:port}
     */
    String node();

    /**
     * Tells whether the node is online (see {@link PeerTransport#isOnline(String)}).
     *
     * @return {@code true} when online
     */
    boolean isOnline();

    /**
     * Asks the node who it is and how it was started, for the bootstrap comparison.
     *
     * @return the node's server info
     * @throws PeerException when the node cannot be reached or refuses the call
     */
    ServerInfo serverInfo() throws PeerException;

    /**
     * Asks the node for the state of its own drives.
     *
     * @return one entry per drive the node serves, in topology order
     * @throws PeerException when the node cannot be reached or refuses the call
     */
    List<DiskInfo> driveStatus() throws PeerException;

    /**
     * Returns the node's lock server.
     *
     * @return a lock server whose calls go to this node
     */
    LockServer locks();
}
