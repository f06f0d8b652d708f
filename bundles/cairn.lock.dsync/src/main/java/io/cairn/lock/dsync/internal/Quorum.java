/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

/**
 * The dsync quorum rules. With {@code n} lock servers and tolerance {@code n / 2}, a lock needs
 * {@code n - n / 2} grants; a write lock needs one more when that equals the tolerance (even {@code n}). So a write
 * lock needs {@code n / 2 + 1} grants and a read lock {@code ceil(n / 2)}: two writers, or a writer and a reader,
 * can never both hold a quorum, since their grants would exceed {@code n}.
 */
final class Quorum {

    private Quorum() {
    }

    /**
     * Returns the grants a lock needs.
     *
     * @param servers the number of lock servers
     * @param write whether the lock is a write lock
     * @return the quorum
     */
    static int of(int servers, boolean write) {
        if (servers < 1) {
            throw new IllegalArgumentException("no lock servers");
        }
        int tolerance = servers / 2;
        int quorum = servers - tolerance;
        return write && quorum == tolerance ? quorum + 1 : quorum;
    }
}
