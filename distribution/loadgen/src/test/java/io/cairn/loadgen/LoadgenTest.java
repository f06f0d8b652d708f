/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Options, payloads and the HTTP connection of the load generator. */
class LoadgenTest {

    @Test
    void sizesAndDurationsParse() {
        assertEquals(4096, Options.bytes("4KiB"));
        assertEquals(64L << 20, Options.bytes("64MiB"));
        assertEquals(1_000_000, Options.bytes("1MB"));
        assertEquals(1L << 30, Options.bytes("1g"));
        assertEquals(Duration.ofSeconds(15), Options.duration("15s"));
        assertEquals(Duration.ofMinutes(2), Options.duration("2m"));
        Options options = Options.parse(new String[] {"--mode", "get", "--size", "1MiB", "--concurrency", "32"},
                Map.of("CAIRN_ROOT_USER", "u", "CAIRN_ROOT_PASSWORD", "p"));
        assertEquals(Options.Mode.GET, options.mode());
        assertEquals("u", options.accessKey());
        assertEquals(200, options.preparedObjects());
        assertEquals(java.net.URI.create("http://127.0.0.1:9000"), options.endpoint(5));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--bogus"}, Map.of()));
        assertEquals(2, Main.run(new String[] {"--concurrency", "0"}, Map.of(), System.out,
                new java.io.PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void severalEndpointsAreSpreadOverTheWorkers() {
        Options options = Options.parse(new String[] {"--endpoint", "http://127.0.0.1:9001,http://127.0.0.1:9002",
            "--endpoint", "http://127.0.0.1:9003"}, Map.of());
        assertEquals(3, options.endpoints().size());
        assertEquals(java.net.URI.create("http://127.0.0.1:9001"), options.endpoint(0));
        assertEquals(java.net.URI.create("http://127.0.0.1:9002"), options.endpoint(1));
        assertEquals(java.net.URI.create("http://127.0.0.1:9003"), options.endpoint(2));
        assertEquals(java.net.URI.create("http://127.0.0.1:9001"), options.endpoint(3));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--endpoint", "http://a:1,https://b:2"}, Map.of()));
    }

    @Test
    void payloadVerifierAcceptsTheObjectAndRejectsAnyOther() throws IOException {
        Payload payload = new Payload(7);
        long size = 3L * (1 << 20) + 5;
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        payload.write(42, 0, size, object);
        byte[] bytes = object.toByteArray();
        Payload.Verifier ok = payload.new Verifier(42);
        ok.accept(bytes, 0, 1000);
        ok.accept(bytes, 1000, bytes.length - 1000);
        assertNull(ok.problem(size));
        Payload.Verifier other = payload.new Verifier(43);
        other.accept(bytes, 0, bytes.length);
        assertTrue(other.problem(size).startsWith("content differs"), other.problem(size));
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        payload.write(42, 1000, size - 1000, tail);
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1000, bytes.length), tail.toByteArray(),
                "a part written from an offset continues the object");
    }

    @Test
    void connectionReadsFixedAndChunkedBodiesOnOneKeepAliveConnection() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fixed", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(("line " + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.start();
        try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getAddress().getPort())) {
            byte[] sent = new byte[100_000];
            new java.util.Random(1).nextBytes(sent);
            for (int round = 0; round < 3; round++) {
                HttpConnection.Response echo = connection.exchange("PUT", "/fixed", Map.of("host", "x"),
                        sent.length, out -> out.write(sent), null);
                assertEquals(200, echo.status());
                assertArrayEquals(sent, echo.body());
                HttpConnection.Response chunked = connection.exchange("GET", "/chunked", Map.of("host", "x"), 0, null,
                        null);
                assertEquals(200, chunked.status());
                assertTrue(chunked.text().startsWith("line 0\n") && chunked.text().endsWith("line 99\n"));
            }
        } finally {
            server.stop(0);
        }
    }
}
