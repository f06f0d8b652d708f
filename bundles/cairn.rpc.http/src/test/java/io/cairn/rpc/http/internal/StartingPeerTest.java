/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerException.Reason;

/**
 * A peer whose node is up but whose services do not run answers the way the node's router does, with an S3 error
 * and no RPC error code: 503 while it starts or stops, 501 when no service takes peer calls at all. The first is a
 * node not serving yet ({@code OFFLINE}, which a starting cluster waits for quietly), the second a node without the
 * peer transport ({@code FAILED}, which the bootstrap reports as an error).
 */
class StartingPeerTest {

    @TempDir
    Path tmp;

    @Test
    void aNodeWhoseServicesDoNotRunYetIsOfflineNotMisconfigured() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            TestNode starting = cluster.nodes.get(0);
            starting.serve(routerAnswering(503, "ServiceUnavailable"));
            PeerException e = assertThrows(PeerException.class,
                    () -> cluster.transports.get(1).peer(starting.node()).serverInfo());
            assertEquals(Reason.OFFLINE, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("starting or stopping"), e.getMessage());
        }
    }

    @Test
    void aNodeWithoutThePeerTransportIsStillReportedAsSuch() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, 1, tmp, Map.of())) {
            TestNode other = cluster.nodes.get(0);
            // Stands for a node whose router has no peer transport: a real 501 it must keep reporting as FAILED.
            other.serve(routerAnswering(501, "NotImplemented"));
            PeerException e = assertThrows(PeerException.class,
                    () -> cluster.transports.get(1).peer(other.node()).serverInfo());
            assertEquals(Reason.FAILED, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("peer transport installed"), e.getMessage());
        }
    }

    /** Answers every request as the node's router does when no service handles it. */
    private static Handler routerAnswering(int status, String code) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
                String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                        + "</Code><Message>The S3 service is not running on this node at the moment; please retry."
                        + "</Message></Error>";
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
    }
}
