/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.PeerException;
import io.cairn.api.rpc.PeerException.Reason;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FormatInfo;

/** Calls with a wrong secret, a skewed clock, another wire version or a tampered body are refused. */
class AuthTest {

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private HttpClient raw;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(2, 1, tmp, Map.of());
        raw = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        raw.start();
    }

    @AfterEach
    void stop() throws Exception {
        raw.stop();
        cluster.close();
    }

    @Test
    void wrongSecretIsRefused() throws Exception {
        HttpPeerTransport intruder = new HttpPeerTransport(cluster.config(cluster.nodes.get(1), TestCluster.USER,
                "not-the-secret"));
        try {
            var peer = intruder.peer(cluster.nodes.get(0).node());
            PeerException e = assertThrows(PeerException.class, peer::serverInfo);
            assertEquals(Reason.UNAUTHORIZED, e.reason());
            assertTrue(e.getMessage().contains("other root credentials"), e.getMessage());
            DriveException drive = assertThrows(DriveException.class, () -> intruder.open(
                    cluster.endpoint(0, 0, tmp), new FormatInfo(1, "dep", "d", 0, 0, 0, 1, 2)));
            assertEquals(DriveException.Reason.OFFLINE, drive.reason());
            assertThrows(PeerException.class, () -> peer.locks().lock(new LockRequest("r", "u", "o")));
        } finally {
            intruder.deactivate();
        }
    }

    @Test
    void signedCallsWithinTheSkewAreAccepted() throws Exception {
        long now = System.currentTimeMillis();
        assertEquals(200, ping(now - 14 * 60_000L, "1", TestCluster.PASSWORD).getStatus());
        assertEquals(200, ping(now + 14 * 60_000L, "1", TestCluster.PASSWORD).getStatus());
    }

    @Test
    void skewedClockIsRefused() throws Exception {
        ContentResponse late = ping(System.currentTimeMillis() - 16 * 60_000L, "1", TestCluster.PASSWORD);
        assertEquals(401, late.getStatus());
        assertEquals(Wire.UNAUTHORIZED, late.getHeaders().get(Wire.ERROR_HEADER));
        assertTrue(late.getContentAsString().contains("15 minutes"), late.getContentAsString());
        assertEquals(401, ping(System.currentTimeMillis() + 16 * 60_000L, "1", TestCluster.PASSWORD).getStatus());
    }

    @Test
    void wrongSecretOnTheWireIsRefused() throws Exception {
        ContentResponse response = ping(System.currentTimeMillis(), "1", "guessed");
        assertEquals(401, response.getStatus());
        assertTrue(response.getContentAsString().contains("signature does not match"));
    }

    @Test
    void unknownWireVersionIsRefusedClearly() throws Exception {
        ContentResponse response = ping(System.currentTimeMillis(), "2", TestCluster.PASSWORD);
        assertEquals(400, response.getStatus());
        assertEquals(Wire.INCOMPATIBLE, response.getHeaders().get(Wire.ERROR_HEADER));
        assertTrue(response.getContentAsString().contains("unsupported peer wire version 2"),
                response.getContentAsString());
        assertEquals(400, ping(System.currentTimeMillis(), null, TestCluster.PASSWORD).getStatus());
    }

    @Test
    void tamperedBodyIsRefused() throws Exception {
        byte[] signedBody = new WireCodec.Out().str("/elsewhere").toBytes();
        byte[] sentBody = new WireCodec.Out().str("/tampered").toBytes();
        long now = System.currentTimeMillis();
        String path = Wire.BASE + "drive/readFormat";
        String hash = Signer.sha256Hex(signedBody);
        String authorization = new Signer(TestCluster.USER, TestCluster.PASSWORD).authorization("POST", path, now, "",
                hash);
        ContentResponse response = raw.newRequest("http://" + cluster.nodes.get(0).node() + path)
                .method(HttpMethod.POST).headers(h -> {
                    h.put(Wire.VERSION_HEADER, "1");
                    h.put(Wire.DATE_HEADER, Long.toString(now));
                    h.put(Wire.CONTENT_HASH_HEADER, hash);
                    h.put("Authorization", authorization);
                }).body(new BytesRequestContent(sentBody)).send();
        assertEquals(400, response.getStatus());
        assertTrue(response.getContentAsString().contains("does not match its signed hash"));
    }

    @Test
    void missingSignatureIsRefused() throws Exception {
        ContentResponse response = raw.newRequest("http://" + cluster.nodes.get(0).node() + Wire.BASE + "peer/ping")
                .method(HttpMethod.POST).headers(h -> {
                    h.put(Wire.VERSION_HEADER, "1");
                    h.put(Wire.DATE_HEADER, Long.toString(System.currentTimeMillis()));
                }).send();
        assertEquals(401, response.getStatus());
    }

    private ContentResponse ping(long dateMs, String version, String password) throws Exception {
        byte[] body = new byte[0];
        String path = Wire.BASE + "peer/ping";
        String hash = Signer.sha256Hex(body);
        String authorization = new Signer(TestCluster.USER, password).authorization("POST", path, dateMs, "", hash);
        return raw.newRequest("http://" + cluster.nodes.get(0).node() + path).method(HttpMethod.POST).headers(h -> {
            if (version != null) {
                h.put(Wire.VERSION_HEADER, version);
            }
            h.put(Wire.DATE_HEADER, Long.toString(dateMs));
            h.put(Wire.CONTENT_HASH_HEADER, hash);
            h.put("Authorization", authorization);
        }).body(new BytesRequestContent(body)).send();
    }

    @Test
    void fingerprintsDifferWithCredentials() {
        String a = new Signer("admin", "secret-1").fingerprint();
        assertEquals(a, new Signer("admin", "secret-1").fingerprint());
        assertTrue(!a.equals(new Signer("admin", "secret-2").fingerprint()));
        assertTrue(!a.equals(new Signer("admin2", "secret-1").fingerprint()));
        assertTrue(!a.contains("secret"), a);
        assertEquals(32, a.length());
        assertTrue(new String(a.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).matches("[0-9a-f]+"));
    }
}
