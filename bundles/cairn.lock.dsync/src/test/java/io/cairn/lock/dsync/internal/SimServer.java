/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerException;

/**
 * A lock server behind a faulty network: while down, calls fail without reaching the table; with lost answers,
 * calls reach the table but the caller sees a failure (the answer never came back).
 */
final class SimServer implements LockServer {

    final LockTable table;
    volatile boolean down;
    volatile boolean loseAnswers;

    SimServer(LockTable table) {
        this.table = table;
    }

    @Override
    public LockAnswer enter(LockRequest r, boolean exclusive) throws PeerException {
        check();
        LockAnswer answer = table.enter(r, exclusive);
        answer(true);
        return answer;
    }

    @Override
    public boolean leave(LockRequest r, boolean exclusive, boolean keepPlace) throws PeerException {
        check();
        return answer(table.leave(r, exclusive, keepPlace));
    }

    @Override
    public boolean lock(LockRequest r) throws PeerException {
        check();
        return answer(table.lock(r));
    }

    @Override
    public boolean readLock(LockRequest r) throws PeerException {
        check();
        return answer(table.readLock(r));
    }

    @Override
    public boolean unlock(LockRequest r) throws PeerException {
        check();
        return answer(table.unlock(r));
    }

    @Override
    public boolean readUnlock(LockRequest r) throws PeerException {
        check();
        return answer(table.readUnlock(r));
    }

    @Override
    public boolean refresh(LockRequest r) throws PeerException {
        check();
        return answer(table.refresh(r));
    }

    private void check() throws PeerException {
        if (down) {
            throw new PeerException(PeerException.Reason.OFFLINE, "server down");
        }
    }

    private boolean answer(boolean value) throws PeerException {
        if (loseAnswers) {
            throw new PeerException(PeerException.Reason.OFFLINE, "answer lost");
        }
        return value;
    }
}
