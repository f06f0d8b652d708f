/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.Node;
import io.cairn.systest.harness.RawHttp;
import io.cairn.systest.harness.SigV4;

/**
 * A packaged node stopped with SIGTERM while uploads are in flight: one that ends within the stop timeout is
 * finished and kept; one that does not is cut off, the node logs one line saying so, and no exception, stack trace
 * or stuck thread is reported.
 */
class OrderlyStopTest {

    private static final String USER = "systest-admin";
    private static final String PASSWORD = "systest-password";
    private static final Map<String, String> CREDENTIALS =
            Map.of("CAIRN_ROOT_USER", USER, "CAIRN_ROOT_PASSWORD", PASSWORD);
    /** The upload's announced size, more than the client sends before the node stops. */
    private static final long ANNOUNCED_BYTES = 1L << 30;
    /** The client sends a chunk this large every {@link #PACE_MS}: a slow upload, never idle long enough to expire. */
    private static final int CHUNK_BYTES = 64 << 10;
    private static final long PACE_MS = 50L;
    private static final int READ_TIMEOUT_MS = 30_000;
    /** An upload that the node finishes within its stop timeout once the client sends the rest. */
    private static final int FINISHED_BYTES = 3 << 20;

    private static Distribution distribution;

    @BeforeAll
    static void locate() {
        distribution = Distribution.fromBuild();
    }

    @Test
    void aStopThatTimesOutOnAnUploadLogsOneLineAndNoStackTrace() throws Exception {
        Path dir = distribution.scratch("orderly-stop");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            SigV4 signer = new SigV4(USER, PASSWORD, "us-east-1");
            Map<String, String> bucket = headers(node);
            signer.sign("PUT", "/stopping", Map.of(), bucket, SigV4.EMPTY_SHA256, Instant.now());
            assertEquals(200, RawHttp.send(node.port(), "PUT", "/stopping", bucket, new byte[0]).status());
            try (Socket upload = startUpload(node, signer, "/stopping/large", ANNOUNCED_BYTES)) {
                OutputStream out = upload.getOutputStream();
                Thread sender = new Thread(() -> sendSlowly(out), "slow-upload");
                sender.setDaemon(true);
                sender.start();
                int status = node.stop();
                assertTrue(status == 0 || status == 143, "exit status after SIGTERM: " + status);
                sender.join();
            }
            String log = node.log();
            List<String> timedOut = log.lines().filter(l -> l.contains("stop timed out")).toList();
            assertEquals(1, timedOut.size(), log);
            assertTrue(timedOut.get(0).contains(" WARN ") && timedOut.get(0).contains("1 request(s) still in flight"),
                    log);
            assertFalse(log.contains("Exception"), "no exception and no stack trace:\n" + log);
            assertFalse(log.contains("Couldn't stop"), "every HTTP thread ended:\n" + log);
            assertTrue(log.contains("Stopped oejs.Server"), log);
        }
    }

    @Test
    void anUploadInFlightWhenTheStopBeginsFinishesAndIsKept() throws Exception {
        Path dir = distribution.scratch("orderly-stop-finish");
        byte[] body = new byte[FINISHED_BYTES];
        new Random(7).nextBytes(body);
        SigV4 signer = new SigV4(USER, PASSWORD, "us-east-1");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            Map<String, String> bucket = headers(node);
            signer.sign("PUT", "/finishing", Map.of(), bucket, SigV4.EMPTY_SHA256, Instant.now());
            assertEquals(200, RawHttp.send(node.port(), "PUT", "/finishing", bucket, new byte[0]).status());
            int[] exit = {-1};
            Thread stopper = new Thread(() -> {
                try {
                    exit[0] = node.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stopper");
            try (Socket upload = startUpload(node, signer, "/finishing/obj", body.length)) {
                OutputStream out = upload.getOutputStream();
                out.write(body, 0, body.length / 2);
                out.flush();
                stopper.start();
                node.awaitLog("Stopping the node");
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String status = line(upload.getInputStream());
                assertTrue(status.startsWith("HTTP/1.1 200"), status + "\n" + node.log());
            }
            stopper.join();
            assertTrue(exit[0] == 0 || exit[0] == 143, "exit status after SIGTERM: " + exit[0]);
            String log = node.log();
            assertFalse(log.contains("stop timed out"), log);
            assertFalse(log.contains("Exception"), "no exception and no stack trace:\n" + log);

            node.restart().awaitReady();
            Map<String, String> get = headers(node);
            signer.sign("GET", "/finishing/obj", Map.of(), get, SigV4.EMPTY_SHA256, Instant.now());
            RawHttp.Response read = RawHttp.send(node.port(), "GET", "/finishing/obj", get, new byte[0]);
            assertEquals(200, read.status(), read.toString());
            assertArrayEquals(body, read.body());
        }
    }

    /**
     * Opens a connection and sends the head of an unsigned-payload PUT with {@code Expect: 100-continue}; returns once
     * the node asked for the body, which it does when the S3 front end reads it: the upload is being served.
     */
    private static Socket startUpload(Node node, SigV4 signer, String target, long length) throws Exception {
        Socket upload = new Socket(InetAddress.getLoopbackAddress(), node.port());
        upload.setSoTimeout(READ_TIMEOUT_MS);
        Map<String, String> put = headers(node);
        put.put("content-length", Long.toString(length));
        put.put("expect", "100-continue");
        signer.sign("PUT", target, Map.of(), put, "UNSIGNED-PAYLOAD", Instant.now());
        OutputStream out = upload.getOutputStream();
        out.write(RawHttp.head("PUT", target, put));
        out.flush();
        String interim = line(upload.getInputStream());
        assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
        assertEquals("", line(upload.getInputStream()), "the interim response has no headers");
        return upload;
    }

    /** Sends the body at a slow pace until the node closes the connection. */
    private static void sendSlowly(OutputStream out) {
        byte[] chunk = new byte[CHUNK_BYTES];
        try {
            for (long sent = 0; sent + CHUNK_BYTES <= ANNOUNCED_BYTES; sent += CHUNK_BYTES) {
                out.write(chunk);
                out.flush();
                Thread.sleep(PACE_MS);
            }
        } catch (IOException e) {
            // The node closed the connection: the upload was cut off.
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> headers(Node node) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "127.0.0.1:" + node.port());
        return headers;
    }

    /** Reads one CRLF-terminated line of a response head. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
