/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.concurrent.TimeUnit;

import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerException.Reason;

/**
 * The lock server of a peer, called over the transport. Calls fail at once while the peer is offline, so that a
 * quorum round never waits for a node known to be down.
 *
 * <p>A peer that predates the calls in line (format {@value Wire#LOCK_LINE_FORMAT}, see {@link Wire}) refuses them
 * as a bad request; then {@link #enter} and {@link #leave} use the format 1 calls with it (a grant or a refusal, no
 * place in line), and ask in line again after {@value #RETRY_LINE_AFTER_MS} ms, since the peer may have been
 * upgraded meanwhile.
 */
final class RemoteLockServer implements LockServer {

    /** How long the calls in line are not tried again after the peer refused them. */
    static final long RETRY_LINE_AFTER_MS = 60_000;

    private final Peer peer;
    /** {@link System#nanoTime()} until which the peer gets only format 1 calls, or 0. */
    private volatile long formatOneUntil;

    RemoteLockServer(Peer peer) {
        this.peer = peer;
    }

    @Override
    public LockAnswer enter(LockRequest request, boolean exclusive) throws PeerException {
        if (inLine()) {
            Reply reply = callInLine("enter", new WireCodec.Out().lockInLine(request, exclusive).toBytes());
            if (reply != null) {
                try {
                    WireCodec.In in = new WireCodec.In(reply.body());
                    LockAnswer answer = in.lockAnswer();
                    in.end();
                    return answer;
                } catch (WireCodec.MalformedException e) {
                    throw new PeerException(Reason.FAILED, peer.node() + " sent a malformed lock answer");
                }
            }
        }
        boolean granted = exclusive ? lock(request.withoutTicket()) : readLock(request.withoutTicket());
        return granted ? LockAnswer.GRANTED : LockAnswer.refused(-1);
    }

    @Override
    public boolean leave(LockRequest request, boolean exclusive, boolean keepPlace) throws PeerException {
        if (inLine()) {
            Reply reply = callInLine("leave",
                    new WireCodec.Out().lockInLine(request, exclusive).bool(keepPlace).toBytes());
            if (reply != null) {
                return bit(reply);
            }
        }
        return exclusive ? unlock(request.withoutTicket()) : readUnlock(request.withoutTicket());
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
        byte[] args = new WireCodec.Out().lockRequest(request.withoutTicket()).toBytes();
        Reply reply = peer.call("lock/" + op, args, true, peer.callTimeoutMs());
        if (!reply.ok()) {
            throw new PeerException(Reason.FAILED, peer.node() + ": " + reply.message());
        }
        return bit(reply);
    }

    /** Whether the peer is to be asked in line (it was not found to predate the calls, or long enough ago). */
    private boolean inLine() {
        long until = formatOneUntil;
        return until == 0 || System.nanoTime() - until >= 0;
    }

    /**
     * Makes a call in line.
     *
     * @return the successful reply, or {@code null} when the peer predates the calls in line
     */
    private Reply callInLine(String op, byte[] args) throws PeerException {
        Reply reply = peer.call("lock/" + op, args, true, peer.callTimeoutMs());
        if (reply.ok()) {
            formatOneUntil = 0;
            return reply;
        }
        if (reply.status() == 400 && Wire.BAD_REQUEST.equals(reply.code())) {
            formatOneUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_LINE_AFTER_MS);
            return null;
        }
        throw new PeerException(Reason.FAILED, peer.node() + ": " + reply.message());
    }

    private boolean bit(Reply reply) throws PeerException {
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
