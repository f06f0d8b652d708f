/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * A call that failed because this node ran out of memory or its own client queue was full says nothing about the
 * peer: it must not mark the peer offline (which fails every request that needs the peer), while a peer that does
 * not answer still is marked offline.
 */
class LocalFailureTest {

    @Test
    void outOfMemoryAndAFullClientQueueAreThisNodesFailures() {
        // As Jetty reports a session that failed on a direct buffer allocation, and the error itself.
        IOException session = new IOException("internal_error/java.lang.OutOfMemoryError: Cannot reserve 16384 bytes"
                + " of direct buffer memory (allocated: 268433408, limit: 268435456)");
        assertTrue(Peer.localFailure(new ExecutionException(session)));
        assertTrue(Peer.localFailure(new OutOfMemoryError("Direct buffer memory")));
        assertTrue(Peer.localFailure(new IOException("failed", new OutOfMemoryError("Java heap space"))));
        assertTrue(Peer.localFailure(new RejectedExecutionException("Max requests queued per destination 1024"
                + " exceeded for HttpDestination[http://127.0.0.1:9000]")));
    }

    @Test
    void aPeerThatDoesNotAnswerIsThePeersFailure() {
        assertFalse(Peer.localFailure(new ConnectException("Connection refused")));
        assertFalse(Peer.localFailure(new TimeoutException("Total timeout 2000 ms elapsed")));
        assertFalse(Peer.localFailure(new ExecutionException(new ClosedChannelException())));
        assertFalse(Peer.localFailure(null));
    }
}
