/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
