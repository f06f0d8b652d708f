/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.LockServer;
import io.cairn.api.rpc.PeerException;

/** Lock calls reach the peer's lock server service, and fail clearly when it has none. */
class LockCallsTest {

    @TempDir
    Path tmp;

    /** A minimal write-only lock table, enough to see the calls arrive. */
    static final class TableLockServer implements LockServer {
        final Map<String, String> writers = new HashMap<>();

        /** The last request in line, to see its place arrive. */
        LockRequest lastInLine;

        @Override
        public synchronized LockAnswer enter(LockRequest r, boolean exclusive) {
            lastInLine = r;
            if (exclusive ? lock(r) : readLock(r)) {
                return LockAnswer.GRANTED;
            }
            return LockAnswer.refused((int) r.sinceMs());
        }

        @Override
        public synchronized boolean leave(LockRequest r, boolean exclusive, boolean keepPlace) {
            lastInLine = r;
            return exclusive ? unlock(r) : readUnlock(r);
        }

        @Override
        public synchronized boolean lock(LockRequest r) {
            return writers.putIfAbsent(r.resource(), r.uid()) == null || writers.get(r.resource()).equals(r.uid());
        }

        @Override
        public synchronized boolean readLock(LockRequest r) {
            return !writers.containsKey(r.resource());
        }

        @Override
        public synchronized boolean unlock(LockRequest r) {
            return writers.remove(r.resource(), r.uid());
        }

        @Override
        public synchronized boolean readUnlock(LockRequest r) {
            return false;
        }

        @Override
        public synchronized boolean refresh(LockRequest r) {
            return r.uid().equals(writers.get(r.resource()));
        }
    }

    @Test
    void lockCallsReachThePeersLockServer() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            TableLockServer table = new TableLockServer();
            cluster.handlers.get(0).setLockServer(table);
            LockServer remote = cluster.transports.get(1).peer(cluster.nodes.get(0).node()).locks();
            LockRequest a = new LockRequest("bucket/key", "uid-a", "n1");
            LockRequest b = new LockRequest("bucket/key", "uid-b", "n1");
            assertTrue(remote.lock(a));
            assertFalse(remote.lock(b));
            assertFalse(remote.readLock(b));
            assertTrue(remote.refresh(a));
            assertFalse(remote.refresh(b));
            assertTrue(remote.unlock(a));
            assertTrue(remote.readLock(b));
            assertTrue(remote.lock(b));
            assertEquals("uid-b", table.writers.get("bucket/key"));

            cluster.handlers.get(0).unsetLockServer(table);
            PeerException e = assertThrows(PeerException.class, () -> remote.lock(a));
            assertEquals(PeerException.Reason.FAILED, e.reason());
            assertTrue(e.getMessage().contains("no lock server"), e.getMessage());
        }
    }

    @Test
    void callsInLineCarryThePlaceAndFallBackToFormatOneWithAPeerThatPredatesThem() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            TableLockServer table = new TableLockServer();
            cluster.handlers.get(0).setLockServer(table);
            LockServer remote = cluster.transports.get(1).peer(cluster.nodes.get(0).node()).locks();
            LockRequest a = new LockRequest("bucket/key", "uid-a", "n1", "ticket-a", 1_000);
            assertEquals(LockAnswer.GRANTED, remote.enter(a, true));
            assertEquals(a, table.lastInLine, "the ticket and start arrive");
            LockRequest b = new LockRequest("bucket/key", "uid-b", "n1", "ticket-b", 7);
            assertEquals(LockAnswer.refused(7), remote.enter(b, true), "the place in line comes back");
            assertTrue(remote.leave(a, true, true));
            assertEquals(a, table.lastInLine);

            // The peer now answers as a node that predates the calls in line: they fall back to format 1.
            cluster.handlers.get(0).serveLockLine(false);
            LockRequest c = new LockRequest("bucket/key", "uid-c", "n1", "ticket-c", 2_000);
            assertEquals(LockAnswer.GRANTED, remote.enter(c, true));
            assertEquals("uid-c", table.writers.get("bucket/key"));
            assertEquals(LockAnswer.refused(-1), remote.enter(b, true), "no place with a format 1 peer");
            assertTrue(remote.leave(c, true, false));
            assertEquals(a, table.lastInLine, "no call in line reached the peer");
            assertFalse(table.writers.containsKey("bucket/key"));
        }
    }

    @Test
    void nodeWithoutCredentialsRefusesToCall() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            Map<String, Object> props = new HashMap<>();
            props.put("volumes", cluster.volumes);
            props.put("address", "127.0.0.1:" + cluster.nodes.get(1).port());
            HttpPeerTransport bare = new HttpPeerTransport(TestConfig.rpc(props));
            try {
                PeerException e = assertThrows(PeerException.class,
                        () -> bare.peer(cluster.nodes.get(0).node()).serverInfo());
                assertEquals(PeerException.Reason.UNAUTHORIZED, e.reason());
            } finally {
                bare.deactivate();
            }
        }
    }
}
