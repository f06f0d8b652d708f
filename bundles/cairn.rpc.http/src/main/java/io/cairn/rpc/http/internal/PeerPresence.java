/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

/**
 * How the callee's side of the transport ({@link RpcHandler}) reaches its client side ({@link HttpPeerTransport})
 * for the {@code peer/back} announcement (format {@value Wire#RETURN_FORMAT}): the handler tells the client when this
 * node starts serving its drives, so that the client announces it to every peer, and passes on the announcements of
 * peers. A service of this bundle only; other bundles never see it.
 */
interface PeerPresence {

    /** Tells every peer, without waiting for their answers, that this node serves its drives now. */
    void announceServing();

    /**
     * Handles a peer's announcement that it serves its drives again: its probe backoff starts over and it is probed
     * at once; once it answered, the listeners hear {@code peerReturned}.
     *
     * @param node the peer's {@code host:port}
     * @return {@code false} when the node is not a peer of this node (the announcement is refused)
     */
    boolean peerReturned(String node);
}
