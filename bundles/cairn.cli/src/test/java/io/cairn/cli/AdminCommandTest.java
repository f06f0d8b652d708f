/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

class AdminCommandTest {

    @Test
    void quotesOnlyArgumentsThatGogoWouldSplitOrInterpret() {
        assertEquals("cairn:info", AdminCommand.joinCommand(List.of("cairn:info")));
        assertEquals("lb | grep cairn", AdminCommand.joinCommand(List.of("lb | grep cairn")));
        assertEquals("cairn:heal start bucket/prefix",
                AdminCommand.joinCommand(List.of("cairn:heal", "start", "bucket/prefix")));
        assertEquals("echo \"a b\" \"x;y\" \"q\\\"t\" \"\"",
                AdminCommand.joinCommand(List.of("echo", "a b", "x;y", "q\"t", "")));
    }

    @Test
    void withoutCommandPrintsUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new AdminCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                .run(new String[] {"--address", "127.0.0.1:1"});
        assertEquals(Main.USAGE, status);
    }

    @Test
    void helpPrintsUsageWithoutCallingANode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"--address", "127.0.0.1:1", "-h"})) {
            out.reset();
            int status = new AdminCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
            assertEquals(0, status, List.of(args) + ": " + err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: cairn admin"),
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void badOptionsAndAddressesAreBadUsageWithoutCallingANode() {
        // Port 1 on loopback refuses connections: a call would end in status 4, not 2.
        List<String[]> mistakes = List.of(new String[] {"--address", "127.0.0.1:1", "--bogus", "cairn:info"},
                new String[] {"--address", "127.0.0.1:1", "--address"},
                new String[] {"--address", "127.0.0.1:1", "--timeout"},
                new String[] {"--address", "bad address", "cairn:info"},
                new String[] {"--address", "http://127.0.0.1:1", "cairn:info"},
                new String[] {"--address", "127.0.0.1:70000", "cairn:info"},
                new String[] {"--address", "127.0.0.1", "cairn:info"},
                new String[] {"--address=user@127.0.0.1:1", "cairn:info"});
        for (String[] args : mistakes) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new AdminCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                    .run(args);
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(Main.USAGE, status, List.of(args) + ": " + message);
            assertTrue(message.startsWith("cairn admin: "), List.of(args) + ": " + message);
            assertFalse(message.contains("\tat "), "no stack trace: " + message);
        }
    }

    @Test
    void anEmptyTimeoutVariableCountsAsUnsetAndARefusedConnectionIsNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new AdminCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(AdminCommand.TIMEOUT_VARIABLE, "")).run(new String[] {"--address", ":1", "cairn:info"});
        assertEquals(AdminCommand.UNREACHABLE, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("127.0.0.1:1: connection refused"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNodeThatAcceptsButNeverAnswersIsUnreachableAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long start = System.nanoTime();
            int status = new AdminCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of(AdminCommand.TIMEOUT_VARIABLE, "1"))
                    .run(new String[] {"--address", "127.0.0.1:" + silent.getLocalPort(), "cairn:info"});
            assertEquals(AdminCommand.UNREACHABLE, status, err.toString(StandardCharsets.UTF_8));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("did not answer within 1 s"),
                    err.toString(StandardCharsets.UTF_8));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
        }
    }

    @Test
    void anInvalidTimeoutIsBadUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new AdminCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                .run(new String[] {"--timeout", "soon", "cairn:info"});
        assertEquals(Main.USAGE, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--timeout"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anotherServersEmptyAnswerIsReported() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new AdminCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                    .run(new String[] {"--address", "127.0.0.1:" + other.getAddress().getPort(), "cairn:info"});
            assertEquals(1, status);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("answered HTTP 404 with no message"),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            other.stop(0);
        }
    }

    @Test
    void credentialsFollowTheAliasOrder() {
        assertEquals(new Credentials("minioadmin", "minioadmin", true), Credentials.fromEnvironment(Map.of()));
        assertEquals(new Credentials("c", "cp", false), Credentials.fromEnvironment(Map.of(
                "CAIRN_ROOT_USER", "c", "CAIRN_ROOT_PASSWORD", "cp", "MINIO_ROOT_USER", "m",
                "MINIO_ROOT_PASSWORD", "mp")));
        assertEquals(new Credentials("m", "mp", false), Credentials.fromEnvironment(Map.of(
                "MINIO_ROOT_USER", "m", "MINIO_ROOT_PASSWORD", "mp", "S3_ROOT_USER", "s")));
        assertEquals(new Credentials("old", "oldsecret", false), Credentials.fromEnvironment(Map.of(
                "MINIO_ACCESS_KEY", "old", "MINIO_SECRET_KEY", "oldsecret")));
    }
}
