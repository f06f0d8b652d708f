/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients without credentials that send a request body slowly, or stop sending it, must not take the threads that
 * serve the other clients: the error they get is answered after their body was drained, and the drain waits on
 * the connection, not on a thread; a browser form's fields are read the same way until its policy was checked.
 */
class SlowBodyTest {

    /** Threads of the server's pool: fewer than the stalled clients below. */
    private static final int THREADS = 24;
    private static final int STALLED_CLIENTS = 3 * THREADS;

    private TestServer s3;
    private final List<Socket> stalled = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer(new QueuedThreadPool(THREADS));
        assertEquals(200, s3.send("PUT", "/bucket").statusCode());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        s3.close();
    }

    @Test
    void unsignedUploadsThatStallDoNotStopTheServer() throws Exception {
        int served = s3.served.get();
        for (int i = 0; i < STALLED_CLIENTS; i++) {
            // No Authorization: the answer is AccessDenied, which first drains the body that never comes.
            stalled.add(stalledPut("PUT /bucket/stalled-" + i + " HTTP/1.1\r\nHost: " + s3.host()
                    + "\r\nContent-Length: 1048576\r\n\r\nx"));
        }
        for (int i = 0; i < STALLED_CLIENTS; i++) {
            stalled.add(stalledPut("PUT /bucket/chunked-" + i + " HTTP/1.1\r\nHost: " + s3.host()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n"));
        }
        // Until every stalled request reached the API (or the threads ran out): only then do they hold anything.
        awaitServed(served + stalled.size());
        HttpResponse<byte[]> list = s3.client.send(signedListing(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, list.statusCode());
    }

    @Test
    void formUploadsThatStallDoNotStopTheServer() throws Exception {
        int served = s3.served.get();
        String head = "POST /bucket HTTP/1.1\r\nHost: " + s3.host() + "\r\nContent-Type: multipart/form-data;"
                + " boundary=B\r\nContent-Length: 100000\r\n\r\n";
        for (int i = 0; i < STALLED_CLIENTS; i++) {
            // No credentials are needed to start a form: its policy and signature are fields still to come.
            stalled.add(stalledPut(head + "--B\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nA"));
        }
        for (int i = 0; i < STALLED_CLIENTS; i++) {
            stalled.add(stalledPut(head + "--B\r\nContent-Disposition: form-data; name=\"file\""));
        }
        awaitServed(served + stalled.size());
        HttpResponse<byte[]> list = s3.client.send(signedListing(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, list.statusCode());
    }

    private void awaitServed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s3.served.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private Socket stalledPut(String head) throws IOException {
        Socket socket = new Socket("127.0.0.1", s3.port);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    private HttpRequest signedListing() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + s3.host() + "/bucket"))
                .timeout(Duration.ofSeconds(10)).GET();
        s3.sign("GET", "/bucket", null, Map.of(), SigV4.EMPTY_SHA256, Instant.now())
                .forEach((name, value) -> {
                    if (!name.equals("x-seed-signature")) {
                        request.header(name, value);
                    }
                });
        return request.build();
    }
}
