/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerException.Reason;

/**
 * The lock server of a peer, called over the transport. Calls fail at once while the peer is offline, so that a
 * quorum round never waits for a node known to be down.
 */
final class RemoteLockServer implements LockServer {

    private final Peer peer;

    RemoteLockServer(Peer peer) {
        this.peer = peer;
    }

    @Override
    public boolean lock(LockRequest request) throws PeerException {
        return call("lock", request);
    }

    @Override
    public boolean readLock(LockRequest request) throws PeerException {
        return call("readLock", request);
    }

    @Override
    public boolean unlock(LockRequest request) throws PeerException {
        return call("unlock", request);
    }

    @Override
    public boolean readUnlock(LockRequest request) throws PeerException {
        return call("readUnlock", request);
    }

    @Override
    public boolean refresh(LockRequest request) throws PeerException {
        return call("refresh", request);
    }

    private boolean call(String op, LockRequest request) throws PeerException {
        byte[] args = new WireCodec.Out().lockRequest(request).toBytes();
        Reply reply = peer.call("lock/" + op, args, true, peer.callTimeoutMs());
        if (!reply.ok()) {
            throw new PeerException(Reason.FAILED, peer.node() + ": " + reply.message());
        }
        byte[] body = reply.body();
        if (body.length != 1 || (body[0] != 0 && body[0] != 1)) {
            throw new PeerException(Reason.FAILED, peer.node() + " sent a malformed lock answer");
        }
        return body[0] == 1;
    }

    @Override
    public String toString() {
        return "RemoteLockServer[" + peer.node() + "]";
    }
}
