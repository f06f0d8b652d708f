/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls to the other nodes of the deployment.
 *
 * <p>A transport knows the topology of the node it runs on: {@link #localNode()} is this node's {@code host:port}
 * as written in the endpoint arguments and {@link #peers()} are the other nodes. Clients are cheap handles: asking
 * twice for one node returns the same client. Implementations are thread-safe and register with the service
 * property {@value #ID_PROPERTY}; a consumer holds a dynamic greedy reference, so a replaced transport serves the
 * consumer's next call while calls in flight finish (or fail cleanly) on the old one.
 */
@ProviderType
public interface PeerTransport {

    /** Service property naming the transport implementation, for example {@code http}. */
    String ID_PROPERTY = "transport.id";

    /**
     * Returns this node as it appears in the endpoint arguments.
     *
     * @return {@code host:port} of this node, or an empty string when the deployment uses local paths only or the
     *     node cannot find itself among the endpoints
     */
    String localNode();

    /**
     * Returns the other nodes of the deployment, in topology order.
     *
     * @return the peers' {@code host:port}, empty for a single node
     */
    List<String> peers();

    /**
     * Returns the client of a node.
     *
     * @param node the node's {@code host:port} as written in the endpoint arguments
     * @return the client; calls fail with {@link PeerException} when the node cannot be reached
     * @throws IllegalArgumentException when {@code node} is not {@code host:port}
     */
    PeerClient peer(String node);

    /**
     * Tells whether a node is considered online: it answered its last call or probe. A node's client probes it
     * when it is created; until the first answer the node counts as offline here, but calls to it are still
     * attempted. Once a call failed for want of an answer, calls fail at once until a probe succeeds.
     *
     * @param node the node's {@code host:port}
     * @return {@code true} when the node is online
     */
    boolean isOnline(String node);

    /**
     * Registers a listener for online/offline changes of peers. The listener is called from a transport thread and
     * must return quickly.
     *
     * @param listener the listener
     */
    void addListener(PeerListener listener);

    /**
     * Removes a listener; unknown listeners are ignored.
     *
     * @param listener the listener
     */
    void removeListener(PeerListener listener);
}
