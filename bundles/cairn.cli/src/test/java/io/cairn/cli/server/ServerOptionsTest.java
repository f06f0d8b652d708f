/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.StorageClass;

class ServerOptionsTest {

    private static ServerOptions parse(Map<String, String> env, String... args) {
        return ServerOptions.parse(List.of(args), env);
    }

    private static ServerOptions parse(String... args) {
        return parse(Map.of(), args);
    }

    private static ServerOptionsException refused(Map<String, String> env, String... args) {
        return assertThrows(ServerOptionsException.class, () -> parse(env, args));
    }

    @Test
    void defaults() {
        ServerOptions o = parse("/data");
        assertFalse(o.helpRequested());
        assertEquals(":9000", o.address().toString());
        assertEquals(":9001", o.consoleAddress().toString());
        assertEquals(List.of("/data"), o.volumes());
        assertEquals(1, o.topology().endpoints().size());
        assertEquals("minioadmin", o.rootUser());
        assertEquals("minioadmin", o.rootPassword());
        assertTrue(o.defaultCredentials());
        assertEquals(Optional.empty(), o.serverUrl());
        assertEquals(List.of(), o.domains());
        assertEquals(Optional.empty(), o.storageClassStandard());
        assertEquals(Optional.empty(), o.storageClassRrs());
        assertEquals(Optional.empty(), o.prometheusAuthType());
    }

    @Test
    void addressOptionForms() {
        assertEquals("127.0.0.1:9000", parse("--address", "127.0.0.1:9000", "/d").address().toString());
        assertEquals(":9100", parse("--address=:9100", "/d").address().toString());
        assertEquals("[::1]:9000", parse("/d", "--address", "[::1]:9000").address().toString());
        assertEquals(":9101", parse("--console-address", ":9101", "/d").consoleAddress().toString());
        assertEquals(":9102", parse("--console-address=:9102", "/d").consoleAddress().toString());
        assertEquals(":9002", parse("--address", ":9001", "--address", ":9002", "/d").address().toString());
    }

    @Test
    void badAddress() {
        ServerOptionsException e = refused(Map.of(), "--address", "9000", "/d");
        assertEquals("--address '9000' must look like :9000, host:9000 or [::1]:9000", e.getMessage());
        e = refused(Map.of(), "--console-address=", "/d");
        assertTrue(e.getMessage().startsWith("--console-address ''"), e.getMessage());
    }

    @Test
    void sameAddressTwiceIsRefused() {
        ServerOptionsException e = refused(Map.of(), "--console-address", ":9000", "/d");
        assertEquals("The S3 address :9000 and the console address :9000 use the same port; give "
                + "--console-address another one", e.getMessage());
        assertEquals(":0", parse("--address", ":0", "--console-address", ":0", "/d").address().toString());
    }

    @Test
    void help() {
        assertTrue(parse("--help").helpRequested());
        assertTrue(parse("-h").helpRequested());
        assertTrue(parse("/d{1..4}", "--nonsense", "--help").helpRequested());
        assertTrue(parse(Map.of("CAIRN_OPTS", "--help")).helpRequested());
        assertThrows(IllegalStateException.class, () -> parse("--help").toProperties());
        String usage = ServerOptions.usage();
        assertTrue(usage.startsWith("Usage: cairn server [--address ADDRESS] [--console-address ADDRESS] ENDPOINT..."));
        for (String variable : List.of("CAIRN_VOLUMES", "CAIRN_OPTS", "CAIRN_ROOT_USER", "CAIRN_ROOT_PASSWORD",
                "CAIRN_SERVER_URL", "CAIRN_DOMAIN", "CAIRN_STORAGE_CLASS_STANDARD", "CAIRN_STORAGE_CLASS_RRS",
                "CAIRN_PROMETHEUS_AUTH_TYPE", "CAIRN_API_CORS_ALLOW_ORIGIN")) {
            assertTrue(usage.contains(variable), variable);
        }
    }

    @Test
    void noDrives() {
        ServerOptionsException e = refused(Map.of());
        assertTrue(e.getMessage().startsWith("No drives given"), e.getMessage());
        assertThrows(ServerOptionsException.class, () -> parse(Map.of("CAIRN_VOLUMES", "   ")));
        assertThrows(ServerOptionsException.class, () -> parse("--address", ":9100"));
    }

    @Test
    void layoutErrorsPassThrough() {
        LayoutException e = assertThrows(LayoutException.class, () -> parse("/d{1..4}"));
        assertTrue(e.getMessage().contains("uses two dots"), e.getMessage());
        assertThrows(LayoutException.class, () -> parse("/d{1...17}"));
    }

    @Test
    void volumesFromTheEnvironment() {
        ServerOptions o = parse(Map.of("CAIRN_VOLUMES", " /a{1...4}  /b{1...4}\n"));
        assertEquals(List.of("/a{1...4}", "/b{1...4}"), o.volumes());
        assertEquals(2, o.topology().pools().size());
        assertEquals(List.of("/m1"), parse(Map.of("MINIO_VOLUMES", "/m1", "S3_VOLUMES", "/s1")).volumes());
        assertEquals(List.of("/s1"), parse(Map.of("S3_VOLUMES", "/s1")).volumes());
        assertEquals(List.of("/c1"), parse(Map.of("CAIRN_VOLUMES", "/c1", "MINIO_VOLUMES", "/m1")).volumes());
    }

    @Test
    void argumentsWinOverVolumesVariable() {
        assertEquals(List.of("/arg"), parse(Map.of("CAIRN_VOLUMES", "/env"), "/arg").volumes());
    }

    @Test
    void optsArePrependedSoArgumentsWin() {
        Map<String, String> env = Map.of("CAIRN_OPTS", "--address :9100 --console-address=:9101");
        ServerOptions o = parse(env, "/d");
        assertEquals(":9100", o.address().toString());
        assertEquals(":9101", o.consoleAddress().toString());
        assertEquals(":9200", parse(env, "--address", ":9200", "/d").address().toString());
        assertEquals(":9300", parse(Map.of("MINIO_OPTS", "--address :9300"), "/d").address().toString());
        assertEquals(List.of("/x", "/d"), parse(Map.of("CAIRN_OPTS", "/x"), "/d").volumes());
    }

    @Test
    void rootCredentials() {
        ServerOptions o = parse(Map.of("CAIRN_ROOT_USER", "admin", "CAIRN_ROOT_PASSWORD", "secret123"), "/d");
        assertEquals("admin", o.rootUser());
        assertEquals("secret123", o.rootPassword());
        assertFalse(o.defaultCredentials());
    }

    @ParameterizedTest
    @CsvSource({
        "CAIRN_ROOT_USER,CAIRN_ROOT_PASSWORD",
        "MINIO_ROOT_USER,MINIO_ROOT_PASSWORD",
        "MINIO_ACCESS_KEY,MINIO_SECRET_KEY",
        "S3_ROOT_USER,S3_ROOT_PASSWORD",
    })
    void everyCredentialAlias(String userVariable, String passwordVariable) {
        ServerOptions o = parse(Map.of(userVariable, "someone", passwordVariable, "password1"), "/d");
        assertEquals("someone", o.rootUser());
        assertEquals("password1", o.rootPassword());
        assertFalse(o.defaultCredentials());
    }

    @Test
    void credentialPrecedence() {
        Map<String, String> env = new HashMap<>();
        env.put("S3_ROOT_USER", "s3user");
        env.put("S3_ROOT_PASSWORD", "s3password");
        assertEquals("s3user", parse(env, "/d").rootUser());
        env.put("MINIO_ACCESS_KEY", "oldminio");
        env.put("MINIO_SECRET_KEY", "oldminiopassword");
        assertEquals("oldminio", parse(env, "/d").rootUser());
        env.put("MINIO_ROOT_USER", "minio");
        env.put("MINIO_ROOT_PASSWORD", "miniopassword");
        assertEquals("minio", parse(env, "/d").rootUser());
        assertEquals("miniopassword", parse(env, "/d").rootPassword());
        env.put("CAIRN_ROOT_USER", "cairn");
        env.put("CAIRN_ROOT_PASSWORD", "cairnpassword");
        assertEquals("cairn", parse(env, "/d").rootUser());
        assertEquals("cairnpassword", parse(env, "/d").rootPassword());
        env.put("CAIRN_ROOT_USER", "");
        assertEquals("minio", parse(env, "/d").rootUser());
    }

    @Test
    void credentialsAreChecked() {
        ServerOptionsException e = refused(Map.of("MINIO_ROOT_USER", "ab", "MINIO_ROOT_PASSWORD", "password1"), "/d");
        assertEquals("MINIO_ROOT_USER must be at least 3 characters long", e.getMessage());
        e = refused(Map.of("CAIRN_ROOT_USER", "abc", "S3_ROOT_PASSWORD", "1234567"), "/d");
        assertEquals("S3_ROOT_PASSWORD must be at least 8 characters long", e.getMessage());
        e = refused(Map.of("CAIRN_ROOT_USER", "abc"), "/d");
        assertEquals("CAIRN_ROOT_USER is set but the root password is not; set CAIRN_ROOT_PASSWORD too",
                e.getMessage());
        e = refused(Map.of("MINIO_SECRET_KEY", "password1"), "/d");
        assertEquals("MINIO_SECRET_KEY is set but the root user is not; set CAIRN_ROOT_USER too", e.getMessage());
        e = refused(Map.of("CAIRN_ROOT_USER", "a=b", "CAIRN_ROOT_PASSWORD", "password1"), "/d");
        assertEquals("CAIRN_ROOT_USER must not contain '=', ',' or spaces", e.getMessage());
        ServerOptions ok = parse(Map.of("CAIRN_ROOT_USER", "abc", "CAIRN_ROOT_PASSWORD", "12345678"), "/d");
        assertEquals("abc", ok.rootUser());
    }

    @ParameterizedTest
    @CsvSource({
        "CAIRN_SERVER_URL,https://s3.example.com,https://s3.example.com",
        "MINIO_SERVER_URL,https://s3.example.com/,https://s3.example.com",
        "S3_SERVER_URL,http://10.0.0.1:9000,http://10.0.0.1:9000",
    })
    void serverUrl(String variable, String value, String expected) {
        assertEquals(Optional.of(expected), parse(Map.of(variable, value), "/d").serverUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3.example.com", "ftp://x", "https://x/path", "https://x?q=1", "http://", "http://a b"})
    void badServerUrl(String value) {
        ServerOptionsException e = refused(Map.of("CAIRN_SERVER_URL", value), "/d");
        assertTrue(e.getMessage().startsWith("CAIRN_SERVER_URL '" + value + "' must be an http(s) URL"),
                e.getMessage());
    }

    @Test
    void serverUrlPrecedence() {
        Map<String, String> env = Map.of("CAIRN_SERVER_URL", "https://c.example", "MINIO_SERVER_URL",
                "https://m.example", "S3_SERVER_URL", "https://s.example");
        assertEquals(Optional.of("https://c.example"), parse(env, "/d").serverUrl());
        assertEquals(Optional.of("https://m.example"), parse(Map.of("MINIO_SERVER_URL", "https://m.example",
                "S3_SERVER_URL", "https://s.example"), "/d").serverUrl());
    }

    @Test
    void domains() {
        assertEquals(List.of("s3.example.com"), parse(Map.of("CAIRN_DOMAIN", "S3.Example.com."), "/d").domains());
        assertEquals(List.of("a.example", "b.example"),
                parse(Map.of("MINIO_DOMAIN", "a.example, b.example,a.example"), "/d").domains());
        assertEquals(List.of("c.example"), parse(Map.of("S3_DOMAIN", "c.example"), "/d").domains());
        for (String bad : List.of("https://x.example", "x.example:9000", "x..example", "-x.example", "a,,b")) {
            ServerOptionsException e = refused(Map.of("CAIRN_DOMAIN", bad), "/d");
            assertTrue(e.getMessage().startsWith("CAIRN_DOMAIN: '"), e.getMessage());
        }
    }

    @Test
    void storageClasses() {
        ServerOptions o = parse(Map.of("CAIRN_STORAGE_CLASS_STANDARD", "EC:3", "MINIO_STORAGE_CLASS_RRS", "EC:1"),
                "/d{1...8}");
        assertEquals(Optional.of(new StorageClass(3)), o.storageClassStandard());
        assertEquals(Optional.of(new StorageClass(1)), o.storageClassRrs());
        assertEquals(Optional.of(new StorageClass(2)),
                parse(Map.of("S3_STORAGE_CLASS_STANDARD", "EC:2"), "/d{1...4}").storageClassStandard());
        assertEquals(Optional.of(new StorageClass(4)), parse(Map.of("CAIRN_STORAGE_CLASS_STANDARD", "EC:4",
                "MINIO_STORAGE_CLASS_STANDARD", "EC:1"), "/d{1...8}").storageClassStandard());
    }

    @Test
    void storageClassesAreCheckedAgainstEveryPool() {
        ServerOptionsException e = refused(Map.of("CAIRN_STORAGE_CLASS_STANDARD", "EC:3"), "/a{1...8}", "/b{1...4}");
        assertEquals("CAIRN_STORAGE_CLASS_STANDARD: Storage class EC:3 needs more parity than an erasure set of 4 "
                + "drives allows; use EC:0 to EC:2", e.getMessage());
        e = refused(Map.of("MINIO_STORAGE_CLASS_RRS", "EC1"), "/d{1...4}");
        assertTrue(e.getMessage().startsWith("MINIO_STORAGE_CLASS_RRS: Storage class 'EC1' must look like EC:2"),
                e.getMessage());
        e = refused(Map.of("CAIRN_STORAGE_CLASS_STANDARD", "EC:1", "CAIRN_STORAGE_CLASS_RRS", "EC:2"), "/d{1...8}");
        assertEquals("The reduced redundancy storage class EC:2 (CAIRN_STORAGE_CLASS_RRS) must not have more parity "
                + "than the standard one EC:1 (CAIRN_STORAGE_CLASS_STANDARD)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "CAIRN_PROMETHEUS_AUTH_TYPE,public,public",
        "MINIO_PROMETHEUS_AUTH_TYPE,Public,public",
        "S3_PROMETHEUS_AUTH_TYPE,jwt,jwt",
        "MINIO_PROMETHEUS_AUTH_TYPE,' JWT ',jwt",
    })
    void prometheusAuthType(String variable, String value, String expected) {
        ServerOptions o = parse(Map.of(variable, value), "/d");
        assertEquals(Optional.of(expected), o.prometheusAuthType());
        assertEquals(expected, o.toProperties().get(ServerOptions.PROMETHEUS_AUTH_TYPE));
    }

    @Test
    void prometheusAuthTypePrecedenceAndCheck() {
        assertEquals(Optional.of("jwt"), parse(Map.of("CAIRN_PROMETHEUS_AUTH_TYPE", "jwt",
                "MINIO_PROMETHEUS_AUTH_TYPE", "public"), "/d").prometheusAuthType());
        assertEquals(Optional.of("public"), parse(Map.of("CAIRN_PROMETHEUS_AUTH_TYPE", "",
                "S3_PROMETHEUS_AUTH_TYPE", "public"), "/d").prometheusAuthType());
        ServerOptionsException e = refused(Map.of("MINIO_PROMETHEUS_AUTH_TYPE", "none"), "/d");
        assertEquals("MINIO_PROMETHEUS_AUTH_TYPE 'none' must be jwt (a bearer token is needed) or public (no token)",
                e.getMessage());
    }

    @Test
    void corsOriginsComeFromTheMinioVariableTooAndAreChecked() {
        assertEquals(Optional.empty(), parse(Map.of(), "/d").corsAllowOrigin());
        assertEquals(Optional.of("https://a.test,http://localhost:*"), parse(Map.of("MINIO_API_CORS_ALLOW_ORIGIN",
                " https://a.test ,, http://localhost:* "), "/d").corsAllowOrigin());
        assertEquals("MINIO_API_CORS_ALLOW_ORIGIN: 'https://a.test https://b.test' is not an origin; separate"
                + " origins with commas, e.g. https://app.example.com,https://*.example.org",
                refused(Map.of("MINIO_API_CORS_ALLOW_ORIGIN", "https://a.test https://b.test"), "/d").getMessage());
        assertEquals("S3_API_CORS_ALLOW_ORIGIN names no origin; leave it unset to allow every origin",
                refused(Map.of("S3_API_CORS_ALLOW_ORIGIN", " , "), "/d").getMessage());
    }

    @Test
    void propertiesRoundTrip() {
        Map<String, String> env = new HashMap<>();
        env.put("CAIRN_ROOT_USER", "admin");
        env.put("CAIRN_ROOT_PASSWORD", "secret123");
        env.put("CAIRN_SERVER_URL", "https://s3.example.com");
        env.put("CAIRN_DOMAIN", "s3.example.com,s3.example.org");
        env.put("CAIRN_STORAGE_CLASS_STANDARD", "EC:2");
        env.put("CAIRN_STORAGE_CLASS_RRS", "EC:1");
        env.put("CAIRN_PROMETHEUS_AUTH_TYPE", "public");
        env.put("CAIRN_API_CORS_ALLOW_ORIGIN", "https://app.example.com, https://*.example.org");
        ServerOptions o = parse(env, "--address", "127.0.0.1:9100", "/a{1...4}", "/b{1...4}");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("cairn.server.address", "127.0.0.1:9100");
        expected.put("cairn.server.consoleAddress", ":9001");
        expected.put("cairn.server.volumes", "/a{1...4}\n/b{1...4}");
        expected.put("cairn.server.rootUser", "admin");
        expected.put("cairn.server.rootPassword", "secret123");
        expected.put("cairn.server.defaultCredentials", "false");
        expected.put("cairn.server.serverUrl", "https://s3.example.com");
        expected.put("cairn.server.domain", "s3.example.com,s3.example.org");
        expected.put("cairn.server.storageClassStandard", "EC:2");
        expected.put("cairn.server.storageClassRrs", "EC:1");
        expected.put("cairn.server.prometheusAuthType", "public");
        expected.put("cairn.server.corsAllowOrigin", "https://app.example.com,https://*.example.org");
        assertEquals(expected, o.toProperties());
        ServerOptions back = ServerOptions.fromProperties(expected::get);
        assertEquals(expected, back.toProperties());
        assertEquals(o.toString(), back.toString());
        assertEquals(2, back.topology().pools().size());
    }

    @Test
    void propertiesWithDefaultsLeaveOptionalKeysOut() {
        Map<String, String> p = parse("/d").toProperties();
        assertEquals("true", p.get(ServerOptions.DEFAULT_CREDENTIALS));
        assertEquals("minioadmin", p.get(ServerOptions.ROOT_USER));
        assertNull(p.get(ServerOptions.SERVER_URL));
        assertNull(p.get(ServerOptions.DOMAIN));
        assertNull(p.get(ServerOptions.STORAGE_CLASS_STANDARD));
        assertNull(p.get(ServerOptions.STORAGE_CLASS_RRS));
        assertNull(p.get(ServerOptions.PROMETHEUS_AUTH_TYPE));
        ServerOptions back = ServerOptions.fromProperties(p::get);
        assertTrue(back.defaultCredentials());
        assertEquals(p, back.toProperties());
    }

    @Test
    void fromPropertiesValidatesAgain() {
        Map<String, String> p = new HashMap<>(parse("/d").toProperties());
        p.remove(ServerOptions.VOLUMES);
        ServerOptionsException e = assertThrows(ServerOptionsException.class,
                () -> ServerOptions.fromProperties(p::get));
        assertEquals("The property cairn.server.volumes is not set", e.getMessage());
        p.put(ServerOptions.VOLUMES, "/d{1...4}");
        p.put(ServerOptions.STORAGE_CLASS_STANDARD, "EC:3");
        e = assertThrows(ServerOptionsException.class, () -> ServerOptions.fromProperties(p::get));
        assertTrue(e.getMessage().startsWith("cairn.server.storageClassStandard: "), e.getMessage());
        p.remove(ServerOptions.STORAGE_CLASS_STANDARD);
        p.put(ServerOptions.DEFAULT_CREDENTIALS, "false");
        p.put(ServerOptions.ROOT_PASSWORD, "short");
        e = assertThrows(ServerOptionsException.class, () -> ServerOptions.fromProperties(p::get));
        assertEquals("cairn.server.rootPassword must be at least 8 characters long", e.getMessage());
    }

    @Test
    void withVolumesReplacesAndRechecks() {
        ServerOptions o = parse(Map.of("CAIRN_ROOT_USER", "admin", "CAIRN_ROOT_PASSWORD", "secret123"), "d{1...4}");
        ServerOptions moved = o.withVolumes(List.of("/abs/d{1...4}"));
        assertEquals(List.of("/abs/d{1...4}"), moved.volumes());
        assertEquals("admin", moved.rootUser());
        assertEquals("/abs/d1", moved.topology().endpoints().get(0).toString());
        assertThrows(LayoutException.class, () -> o.withVolumes(List.of("/d1", "/d1")));
    }

    @Test
    void toStringHidesThePassword() {
        ServerOptions o = parse(Map.of("CAIRN_ROOT_USER", "admin", "CAIRN_ROOT_PASSWORD", "topsecret1"), "/d");
        assertFalse(o.toString().contains("topsecret1"), o.toString());
        assertTrue(o.toString().contains("admin"), o.toString());
    }
}
