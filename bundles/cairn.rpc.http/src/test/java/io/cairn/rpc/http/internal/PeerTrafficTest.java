/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.FormatInfo;

/**
 * The bytes a transport's client moves per peer, as {@code cairn:peers} reports them: a shard written to a peer
 * counts (at least) its size as sent, reading it back as received, on open connections already.
 */
class PeerTrafficTest {

    private static final int SIZE = 3 << 20;

    @TempDir
    Path tmp;

    @Test
    void shardTransfersAreCountedPerPeerWhileTheConnectionIsOpen() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            HttpPeerTransport client = cluster.transports.get(1);
            String peer = "127.0.0.1:" + cluster.nodes.get(0).port();
            Drive remote = client.open(cluster.endpoint(0, 0, tmp), new FormatInfo(1, "dep", "d0", 0, 0, 0, 1, 2));
            PeerTraffic.Bytes before = client.traffic().get(peer);
            try (OutputStream out = remote.createFile(Drive.TEMP_VOLUME, "t/part.1")) {
                out.write(new byte[SIZE]);
            }
            PeerTraffic.Bytes written = client.traffic().get(peer);
            assertTrue(written.sent() - before.sent() >= SIZE, "sent " + written + " after " + before);
            try (InputStream in = remote.readFile(Drive.TEMP_VOLUME, "t/part.1", 0, -1)) {
                assertEquals(SIZE, in.readAllBytes().length);
            }
            PeerTraffic.Bytes read = client.traffic().get(peer);
            assertTrue(read.received() - written.received() >= SIZE, "received " + read + " after " + written);
            // Framing and headers cost a little, not a second copy.
            assertTrue(read.sent() - before.sent() < SIZE + (SIZE >> 4), "sent " + read + " after " + before);
        }
    }
}
