/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.FreePorts;
import io.cairn.systest.harness.Node;
import io.cairn.systest.harness.RawHttp;
import io.cairn.systest.harness.ReadOnlyMount;
import io.cairn.systest.s3.S3Server;

/** The packaged {@code bin/cairn server}: valid layouts start and answer, invalid ones are refused clearly. */
class ServerCommandTest {

    private static final Map<String, String> CREDENTIALS =
            Map.of("CAIRN_ROOT_USER", "systest-admin", "CAIRN_ROOT_PASSWORD", "systest-password");

    private static Distribution distribution;

    @BeforeAll
    static void locate() {
        distribution = Distribution.fromBuild();
    }

    @Test
    void singleNodeOnFourDriveFoldersAnswersLiveAndDescribesItself() throws Exception {
        Path dir = distribution.scratch("four-drives");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            assertTrue(node.log().contains("S3-API: http://127.0.0.1:" + node.port()), node.log());
            Distribution.Result info = node.admin("cairn:info");
            assertEquals(0, info.status(), info.err());
            String release = distribution.run(List.of("version"), Map.of(), dir, Duration.ofSeconds(60)).out().trim();
            assertTrue(info.out().startsWith(release.replace("cairn ", "Cairn ") + "\n"), info.out());
            assertTrue(info.out().contains("Endpoint:"), info.out());
            assertTrue(info.out().contains(dir.resolve("data1").toString()), info.out());
            assertTrue(info.out().contains(dir.resolve("data4").toString()), info.out());
            assertTrue(info.out().contains("Status:     4 Online, 0 Offline"), info.out());
            assertTrue(info.out().contains("rs-cauchy-gf8-v1"), info.out());
            assertEquals(200, node.status("/minio/health/ready"));
            assertEquals(200, node.status("/minio/health/cluster"));
            assertEquals(200, node.status("/minio/health/cluster/read"));
            assertEquals(412, node.status("/minio/health/cluster?maintenance=true"), "one node holds every drive");
            int status = node.stop();
            // The JVM reports a SIGTERM as 143 after running its shutdown hooks, which stop the framework.
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM: " + status);
            assertTrue(node.log().contains("Stopped oejs.Server"), "Jetty stopped in order:\n" + node.log());
        }
    }

    @Test
    void volumesAndCredentialsComeFromTheEnvironmentWithMinioAliases() throws Exception {
        Path dir = distribution.scratch("env");
        int port = FreePorts.next();
        Map<String, String> env = Map.of("MINIO_VOLUMES", dir.resolve("disk{1...2}").toString(),
                "MINIO_ROOT_USER", "alias-admin", "MINIO_ROOT_PASSWORD", "alias-password",
                "CAIRN_OPTS", "--address 127.0.0.1:" + port);
        ProcessBuilder builder = new ProcessBuilder(distribution.command(List.of("server")));
        builder.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("MINIO_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + Node.START_LIMIT.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (statusOf(port) == 200) {
                    break;
                }
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertEquals(200, statusOf(port), Files.readString(dir.resolve("log")));
            Distribution.Result info = distribution.run(List.of("admin", "--address", "127.0.0.1:" + port,
                    "cairn:info"), env, dir, Duration.ofSeconds(60));
            assertEquals(0, info.status(), info.err());
            assertTrue(info.out().contains(dir.resolve("disk2").toString()), info.out());
            Distribution.Result denied = distribution.run(List.of("admin", "--address", "127.0.0.1:" + port,
                    "cairn:info"), Map.of("CAIRN_ROOT_USER", "alias-admin", "CAIRN_ROOT_PASSWORD", "wrong-password"),
                    dir, Duration.ofSeconds(60));
            assertEquals(3, denied.status(), denied.out() + denied.err());
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    static Stream<Arguments> invalidLayouts() {
        return Stream.of(
                Arguments.of(List.of("./a{1...4}", "http://127.0.0.1:9000/b{1...4}"), "mix"),
                Arguments.of(List.of("./d{1..4}"), "three"),
                Arguments.of(List.of("./d{1...17}"), "16"),
                Arguments.of(List.of("http://127.0.0.1:99999/d{1...4}"), "65535"),
                Arguments.of(List.of("./d1", "./d1"), "twice"),
                Arguments.of(List.of("./d{1...4}", "./d{3...6}"), "twice"));
    }

    @ParameterizedTest
    @MethodSource("invalidLayouts")
    void invalidLayoutsAreRefusedWithAClearMessage(List<String> endpoints, String hint) throws Exception {
        Path dir = distribution.scratch("invalid");
        List<String> args = new ArrayList<>(List.of("server", "--address", "127.0.0.1:" + FreePorts.next()));
        args.addAll(endpoints);
        Distribution.Result result = distribution.run(args, CREDENTIALS, dir, Duration.ofSeconds(60));
        assertNotEquals(0, result.status(), result.out());
        assertTrue(result.err().toLowerCase().contains(hint), "stderr should mention '" + hint + "': "
                + result.err());
    }

    @Test
    void adminExitsTwoForBadUsageAndOneForAFailedCommand() throws Exception {
        Path dir = distribution.scratch("admin-status");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            for (String[] usage : List.of(new String[] {"cairn:heal", "bogus"},
                    new String[] {"cairn:heal", "status", "extra"}, new String[] {"cairn:heal", "stop", "--json"},
                    new String[] {"cairn:heal", "start", "--foo"}, new String[] {"cairn:info \"unclosed"},
                    new String[] {"cairn:info {"},
                    new String[] {"cairn:prometheus", "generate", "bogus"}, new String[] {"cairn:perf", "codec", "abc"},
                    new String[] {"cairn:no-such-command"})) {
                Distribution.Result result = node.admin(usage);
                assertEquals(2, result.status(), List.of(usage) + ": " + result.out() + result.err());
            }
            Distribution.Result missing = node.admin("cairn:heal", "start", "no-such-bucket-xyz");
            assertEquals(1, missing.status(), missing.out() + missing.err());
            assertTrue(missing.err().contains("bucket 'no-such-bucket-xyz' does not exist"), missing.err());
        }
    }

    @Test
    void whatACommandLogsStaysInTheNodesLog() throws Exception {
        Path dir = distribution.scratch("admin-log");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            Distribution.Result heal = node.admin("cairn:heal", "start");
            assertEquals(0, heal.status(), heal.out() + heal.err());
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("heal-[0-9a-f]{8}").matcher(heal.out());
            assertTrue(id.find(), heal.out());
            assertFalse((heal.out() + heal.err()).contains(" INFO "), "the client gets the result, not log lines: "
                    + heal.out() + heal.err());
            String started = "Heal " + id.group() + " of all buckets started";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!node.log().contains(started) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            assertTrue(node.log().contains(started), "logged on the command's thread, kept in the node's log:\n"
                    + node.log());
        }
    }

    @Test
    void portZeroBecomesThePortTheNodeListensOnInItsMetricsAndAdminOutput() throws Exception {
        Path dir = distribution.scratch("port-zero");
        ProcessBuilder builder = new ProcessBuilder(distribution.command(
                List.of("server", "--address", "127.0.0.1:0", "./d{1...2}")));
        builder.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("MINIO_"));
        builder.environment().putAll(CREDENTIALS);
        builder.environment().put("CAIRN_PROMETHEUS_AUTH_TYPE", "public");
        Process process = builder.start();
        try {
            Pattern banner = Pattern.compile("S3-API: http://127\\.0\\.0\\.1:(\\d+)");
            long deadline = System.nanoTime() + Node.START_LIMIT.toNanos();
            Matcher m = banner.matcher(Files.readString(dir.resolve("log")));
            while (!m.find() && process.isAlive() && System.nanoTime() < deadline) {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                m = banner.matcher(Files.readString(dir.resolve("log")));
            }
            String log = Files.readString(dir.resolve("log"));
            assertTrue(m.reset().find(), log);
            int port = Integer.parseInt(m.group(1));
            assertNotEquals(0, port, log);
            String address = "127.0.0.1:" + port;
            Distribution.Result info = distribution.run(List.of("admin", "--address", address, "cairn:info"),
                    CREDENTIALS, dir, Duration.ofSeconds(60));
            assertEquals(0, info.status(), info.out() + info.err());
            assertTrue(info.out().contains("Endpoint:   " + address + "\n"), info.out());
            Distribution.Result generated = distribution.run(List.of("admin", "--address", address,
                    "cairn:prometheus", "generate"), CREDENTIALS, dir, Duration.ofSeconds(60));
            assertEquals(0, generated.status(), generated.out() + generated.err());
            assertTrue(generated.out().contains("- targets: ['" + address + "']"), generated.out());
            var client = java.net.http.HttpClient.newHttpClient();
            var scrape = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + address + "/minio/v2/metrics/cluster")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertTrue(scrape.body().contains("minio_cluster_drive_total{server=\"" + address + "\"} 2.0\n"),
                    scrape.body());
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void aNodeThatIsNoneOfTheEndpointNodesIsRefusedBeforeTheDrivesAreTouched() throws Exception {
        Path dir = distribution.scratch("not-a-node");
        String address = "127.0.0.1:" + FreePorts.next();
        List<String> args = List.of("server", "--address", address,
                "http://127.0.0.1:" + FreePorts.next() + dir.resolve("a{1...2}"),
                "http://127.0.0.1:" + FreePorts.next() + dir.resolve("b{1...2}"));
        Distribution.Result result = distribution.run(args, CREDENTIALS, dir, Duration.ofSeconds(60));
        String output = result.out() + result.err();
        assertEquals(2, result.status(), output);
        List<String> lines = result.err().lines().filter(l -> l.startsWith("cairn server: ")).toList();
        assertEquals(1, lines.size(), output);
        assertTrue(lines.get(0).contains("is this node (listen address " + address + ")"), output);
        assertTrue(lines.get(0).contains("CAIRN_SERVER_URL"), output);
        assertFalse(Files.exists(dir.resolve("a1")), "the drives are left alone");
    }

    @Test
    void anAddressInUseIsRefusedInOneLineBeforeTheDrivesAreTouched() throws Exception {
        Path dir = distribution.scratch("in-use");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Distribution.Result result = distribution.run(List.of("server", "--address", address, "./d{1...4}"),
                    CREDENTIALS, dir, Duration.ofSeconds(60));
            String output = result.out() + result.err();
            assertEquals(3, result.status(), output);
            assertTrue(result.err().contains("cannot listen on " + address + ": address already in use"), output);
            assertFalse(output.contains("\tat "), "no stack trace: " + output);
            assertFalse(Files.exists(dir.resolve("d1")), "the drives are left alone");
        }
    }

    @Test
    void aDriveNamedTwiceIsRefusedInOneLineBeforeAnythingIsFormatted() throws Exception {
        Path dir = distribution.scratch("same-drive");
        for (String d : List.of("d1", "d2", "d3")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("d1"));
        for (List<String> drives : List.of(List.of("./d1", "d2", "d3", "link"), List.of("./d1", "d2", "d3", "d1/"))) {
            List<String> args = new ArrayList<>(List.of("server", "--address", "127.0.0.1:" + FreePorts.next()));
            args.addAll(drives);
            Distribution.Result result = distribution.run(args, CREDENTIALS, dir, Duration.ofSeconds(60));
            String output = result.out() + result.err();
            assertEquals(2, result.status(), drives + ": " + output);
            List<String> lines = result.err().lines().filter(l -> l.startsWith("cairn server: ")).toList();
            assertEquals(1, lines.size(), output);
            assertFalse(output.contains("\tat "), "no stack trace: " + output);
            assertTrue(lines.get(0).contains("every drive may appear only once"), output);
            assertTrue(lines.get(0).contains("d1") && lines.get(0).contains(drives.get(3).replace("/", "")), output);
            for (String d : List.of("d1", "d2", "d3")) {
                try (Stream<Path> files = Files.list(dir.resolve(d))) {
                    assertEquals(0, files.count(), d + " is left alone: " + output);
                }
            }
        }
    }

    @Test
    void nothingAKilledNodeWroteToTheTemporaryAreaStaysOnceTheNextNodesStartAndStoppedNodesLeaveNothing()
            throws Exception {
        Path dir = distribution.scratch("temp-area");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process first = awaitLive(launchWithTempArea(distribution, dir, tmp, "first"));
        List<Path> firstFiles;
        try {
            firstFiles = entries(tmp, "");
            assertEquals(1, firstFiles.size(), "all a node writes there is in one directory: " + firstFiles);
            Path own = firstFiles.get(0);
            assertTrue(own.getFileName().toString().startsWith("cairn-felix-"), own.toString());
            assertEquals(Long.toString(first.pid()), Files.readString(own.resolve("cairn.pid")).trim());
            assertTrue(Files.isDirectory(own.resolve("framework/fileinstall")),
                    "File Install's scratch directory is in the node's cache");
            assertEquals(2, entries(own, "resource").size(), "the launcher's copies of its jars are in it too");
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertEquals(firstFiles, entries(tmp, ""), "a killed node cannot clean up");
        // Two nodes start at the same moment: both remove what the killed node left, neither the other's files.
        Launched second = launchWithTempArea(distribution, dir, tmp, "second");
        Launched third = launchWithTempArea(distribution, dir, tmp, "third");
        try {
            awaitLive(second);
            awaitLive(third);
            List<Path> files = entries(tmp, "");
            assertEquals(2, files.size(), files.toString());
            List<String> owners = new ArrayList<>();
            for (Path f : files) {
                owners.add(Files.readString(f.resolve("cairn.pid")).trim());
            }
            assertEquals(Stream.of(second, third).map(l -> Long.toString(l.process().pid())).sorted().toList(),
                    owners.stream().sorted().toList());
        } finally {
            stop(second.process());
            stop(third.process());
        }
        assertEquals(List.of(), entries(tmp, ""), "stopped nodes remove their directories");
    }

    @Test
    void aNodeRunsFromAReadOnlyInstallationAndCleansUpAfterAKilledOne() throws Exception {
        Path dir = distribution.scratch("read-only-home");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Distribution readOnly = distribution.fullCopy(dir.resolve("cairn"));
        try (ReadOnlyMount mount = ReadOnlyMount.of(readOnly.home())) {
            assertThrows(java.io.IOException.class, () -> Files.writeString(readOnly.home().resolve("probe"), "x"));
            Process killed = awaitLive(launchWithTempArea(readOnly, dir, tmp, "killed"));
            killed.destroyForcibly().waitFor();
            Process next = awaitLive(launchWithTempArea(readOnly, dir, tmp, "next"));
            try {
                List<Path> files = entries(tmp, "");
                assertEquals(1, files.size(), files.toString());
                assertEquals(Long.toString(next.pid()), Files.readString(files.get(0).resolve("cairn.pid")).trim());
            } finally {
                stop(next);
            }
            assertEquals(List.of(), entries(tmp, ""));
        }
    }

    @Test
    void confFilesApplyAtStartAndWhenEditedAndHealingKeepsItsHistory() throws Exception {
        try (S3Server server = S3Server.start("conf-files", Map.of(),
                Map.of("io.cairn.heal.cfg", "scannerEnabled = false\n"))) {
            Node node = server.node().awaitReady();
            awaitAdminOutput(node, "Scanner:   off", "cairn:heal", "status");
            Distribution.Result started = node.admin("cairn:heal", "start");
            assertEquals(0, started.status(), started.out() + started.err());
            Matcher id = Pattern.compile("Heal (heal-[0-9a-f]+) ").matcher(started.out());
            assertTrue(id.find(), started.out());
            Path conf = server.distribution().home().resolve("conf/io.cairn.heal.cfg");
            Files.writeString(conf, "scannerEnabled = true\n");
            awaitAdminOutput(node, "Scanner:   on", "cairn:heal", "status");
            assertFalse(node.log().contains("Failed to install"), node.log());
            // Healing restarted with the new settings and forgot what it had done: "none since the node started".
            Distribution.Result status = node.admin("cairn:heal", "status");
            assertTrue(status.out().contains(id.group(1)), status.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"allowRemote = yes", "maxCommandBytes = 0", "maxCommandBytes = 64k"})
    void anAdminSettingThatMakesNoSenseFailsCairnAdminNamingIt(String setting) throws Exception {
        // allowRemote = yes would convert to false, which a loopback caller does not even notice; 64k was logged as a
        // stack trace, and cairn admin failed with HTTP 500 without naming it.
        try (S3Server server = S3Server.start("bad-admin-conf", Map.of(),
                Map.of("io.cairn.admin.cfg", setting + "\n"))) {
            Node node = server.node().awaitReady();
            Distribution.Result info = node.admin("cairn:info");
            assertEquals(1, info.status(), info.out() + info.err());
            String refusal = "conf/io.cairn.admin.cfg: " + setting + " is refused";
            assertTrue(info.err().contains(refusal), info.err());
            assertOneErrorLine(node, refusal, "; cairn admin fails until the file is corrected");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"healWorkers = two", "healWorkers = 0", "healWorkers = -3", "scannerEnabled = yes"})
    void healingStoppedByABadSettingPointsAtItsFile(String setting) throws Exception {
        try (S3Server server = S3Server.start("bad-heal-conf", Map.of(),
                Map.of("io.cairn.heal.cfg", setting + "\n"))) {
            Node node = server.node().awaitReady();
            Distribution.Result status = node.admin("cairn:heal", "status");
            assertEquals(1, status.status(), status.out() + status.err());
            assertTrue(status.err().contains("conf/io.cairn.heal.cfg"), status.err());
            assertFalse(node.log().contains("Healing started"), node.log());
            // SCR logged the refusal with a stack trace, and a value that does not convert without the setting.
            assertOneErrorLine(node, "conf/io.cairn.heal.cfg: " + setting + " is refused: ",
                    "; healing is not started until the file is corrected");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"healWorkers = 0", "scannerEnabled = yes", "mrfQueueSize = lots"})
    void aRefusedHealingEditKeepsHealingOnItsSettings(String setting) throws Exception {
        // An edit to such a value stopped healing, behind a stack trace.
        try (S3Server server = S3Server.start("bad-heal-edit", Map.of(),
                Map.of("io.cairn.heal.cfg", "scannerEnabled = false\n"))) {
            Node node = server.node().awaitReady();
            awaitAdminOutput(node, "Scanner:   off", "cairn:heal", "status");
            Files.writeString(server.distribution().home().resolve("conf/io.cairn.heal.cfg"), setting + "\n");
            assertOneErrorLine(node, "conf/io.cairn.heal.cfg: " + setting + " is refused: ",
                    "; healing keeps its previous settings until the file is corrected");
            Distribution.Result status = node.admin("cairn:heal", "status");
            assertEquals(0, status.status(), status.out() + status.err());
            assertTrue(status.out().contains("Scanner:   off"), status.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxTokenBytes = 0", "tokenValidityDays = -1", "prometheusAuthType = publik",
        "maxTokenBytes = 8k"})
    void aMetricsSettingThatMakesNoSenseStopsTheEndpointsNamingIt(String setting) throws Exception {
        // maxTokenBytes = 0 refused every scrape and tokenValidityDays = -1 printed expired tokens, unannounced.
        try (S3Server server = S3Server.start("bad-metrics-conf", Map.of(),
                Map.of("io.cairn.metrics.cfg", setting + "\n"))) {
            Node node = server.node().awaitReady();
            Distribution.Result generate = node.admin("cairn:prometheus", "generate");
            assertEquals(1, generate.status(), generate.out() + generate.err());
            assertTrue(generate.err().contains("conf/io.cairn.metrics.cfg: " + setting + " is refused"),
                    generate.err());
            // SCR logged the refusal with a stack trace, twice.
            assertOneErrorLine(node, "conf/io.cairn.metrics.cfg: " + setting + " is refused: ",
                    "; the metrics endpoints are not started until the file is corrected");
        }
    }

    @Test
    void aRefusedMetricsEditKeepsTheEndpointsOnTheirSettings() throws Exception {
        // The endpoints stopped, and with them every scrape, until the file was corrected.
        try (S3Server server = S3Server.start("bad-metrics-edit", Map.of(),
                Map.of("io.cairn.metrics.cfg", "maxTokenBytes = 8192\n"))) {
            Node node = server.node().awaitReady();
            Distribution.Result generate = node.admin("cairn:prometheus", "generate", "node");
            Matcher token = Pattern.compile("bearer_token: (\\S+)").matcher(generate.out());
            assertTrue(token.find(), generate.out() + generate.err());
            assertEquals(200, scrape(node, token.group(1)));
            Files.writeString(server.distribution().home().resolve("conf/io.cairn.metrics.cfg"),
                    "maxTokenBytes = 0\n");
            node.awaitLog("conf/io.cairn.metrics.cfg: maxTokenBytes = 0 is refused");
            assertOneErrorLine(node, "conf/io.cairn.metrics.cfg: maxTokenBytes = 0 is refused: must be at least 1",
                    "; the metrics endpoints keep their previous settings until the file is corrected");
            assertEquals(200, scrape(node, token.group(1)));
            assertEquals(0, node.admin("cairn:prometheus", "generate").status());
        }
    }

    private static int scrape(Node node, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.url() + "/minio/v2/metrics/node"))
                .header("Authorization", "Bearer " + token).build();
        return java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The log holds one {@code ERROR} line with the refusal, ending as given, and no stack trace. */
    private static void assertOneErrorLine(Node node, String refusal, String ending) throws Exception {
        node.awaitLog(refusal);
        String log = node.log();
        List<String> errors = log.lines().filter(l -> l.contains("ERROR")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.get(0).contains(refusal) && errors.get(0).endsWith(ending), errors.get(0));
        assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxClockSkewMs = -5", "digestThreads = 0", "maxXmlBodyBytes = 0", "digestThreads = two"})
    void anS3SettingThatMakesNoSenseIsRefusedNamingItAndTheS3ApiKeepsItsSettings(String setting) throws Exception {
        // maxClockSkewMs = -5 answered every request RequestTimeTooSkewed, maxXmlBodyBytes = 0 refused every
        // DeleteObjects as too big, and digestThreads = 0 ran one thread. An edit to such a value then stopped the
        // S3 API (503 to every request) and was logged as a stack trace.
        try (S3Server server = S3Server.start("bad-s3-conf", Map.of(),
                Map.of("io.cairn.s3.cfg", "digestThreads = 2\n"))) {
            Node node = server.node().awaitReady();
            assertEquals(403, node.status("/"));
            Files.writeString(server.distribution().home().resolve("conf/io.cairn.s3.cfg"), setting + "\n");
            assertOneErrorLine(node, "conf/io.cairn.s3.cfg: " + setting + " is refused: ",
                    "; the S3 API keeps its previous settings until the file is corrected");
            assertEquals(403, node.status("/"));
            assertEquals(200, node.status("/minio/health/ready"));
        }
    }

    @Test
    void anS3SettingRefusedAtStartKeepsTheS3ApiFromStartingUntilCorrected() throws Exception {
        Path dir = distribution.scratch("bad-s3-start");
        Distribution installation = distribution.copyTo(dir.resolve("home"),
                Map.of("io.cairn.s3.cfg", "maxClockSkewMs = 15m\n"));
        try (Node node = Node.start(installation, dir, FreePorts.next(), List.of("./d{1...4}"), CREDENTIALS)) {
            node.awaitLive();
            assertOneErrorLine(node, "conf/io.cairn.s3.cfg: maxClockSkewMs = 15m is refused: must be a whole number",
                    "; the S3 API is not started until the file is corrected");
            assertEquals(503, node.status("/"));
            assertEquals(503, node.status("/minio/health/ready"));
            Files.writeString(installation.home().resolve("conf/io.cairn.s3.cfg"), "maxClockSkewMs = 900000\n");
            node.awaitReady();
            assertEquals(403, node.status("/"));
        }
    }

    @ParameterizedTest
    @CsvSource({"io.cairn.rpc.http.cfg, heartbeatIntervalMs = 0", "io.cairn.rpc.http.cfg, callTimeoutMs = -1",
        "io.cairn.lock.dsync.cfg, expiryMs = 0", "io.cairn.lock.dsync.cfg, refreshIntervalMs = 30000",
        "io.cairn.lock.dsync.cfg, expiryMs = 30s"})
    void aTransportOrLockSettingThatMakesNoSenseIsRefusedNamingIt(String file, String setting) throws Exception {
        // A heartbeat of 0 probed peers without a pause and a negative call timeout failed every peer call; a
        // refresh interval as long as the expiry let held locks expire between two refreshes, unannounced. A single
        // node, which has no peers, already names the setting.
        try (S3Server server = S3Server.start("bad-peer-conf", Map.of(), Map.of(file, setting + "\n"))) {
            server.node().awaitReady().awaitLog("conf/" + file + ": " + setting + " is refused");
            // SCR logged a refused transport setting, and a lock setting that does not convert, with a stack trace.
            assertOneErrorLine(server.node(), "conf/" + file + ": " + setting + " is refused: ",
                    file.startsWith("io.cairn.rpc") ? "; the peer transport is not started until the file is corrected"
                            : "; distributed locks are stopped on this node until the file is corrected");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeatIntervalMs = 0", "callTimeoutMs = 10s"})
    void aRefusedTransportEditKeepsTheTransportOnItsSettings(String setting) throws Exception {
        // An edit to such a value stopped the peer transport, behind a stack trace.
        try (S3Server server = S3Server.start("bad-peer-edit", Map.of(),
                Map.of("io.cairn.rpc.http.cfg", "callTimeoutMs = 10000\n"))) {
            Node node = server.node().awaitReady();
            awaitAdminOutput(node, "Transports: http", "cairn:info");
            Files.writeString(server.distribution().home().resolve("conf/io.cairn.rpc.http.cfg"), setting + "\n");
            assertOneErrorLine(node, "conf/io.cairn.rpc.http.cfg: " + setting + " is refused: ",
                    "; the peer transport keeps its previous settings until the file is corrected");
            assertTrue(node.admin("cairn:info").out().contains("Transports: http"), node.log());
        }
    }

    @Test
    void nodeSettingsFromConfApplyAtStartSurviveARestartAndLeaveCairnServersKeysToIt() throws Exception {
        // cairn server wrote the node configuration whole at every start, so the file's settings never held.
        String file = "lockTimeoutMs = 5000\ndriveReconnectIntervalMs = 2000\naddress = 127.0.0.1:1\n"
                + "storageClassStandard = EC:2\n";
        try (S3Server server = S3Server.start("node-conf", Map.of("CAIRN_STORAGE_CLASS_STANDARD", "EC:1"),
                Map.of("io.cairn.node.cfg", file))) {
            Node node = server.node().awaitReady();
            String address = "127.0.0.1:" + node.port();
            Map<String, String> settings = clusterSettings(node);
            assertEquals("5000", settings.get("lockTimeoutMs"), settings.toString());
            assertEquals("2000", settings.get("driveReconnectIntervalMs"), settings.toString());
            assertEquals(address, settings.get("address"), "--address wins over the file");
            assertEquals("EC:1", settings.get("storageClassStandard"), "the variable wins over the file");
            node.awaitLog("conf/io.cairn.node.cfg: address is not used: cairn server sets it from --address");

            // An edit applies at the next start. The heal file, written after it, shows when File Install has
            // scanned conf/ since the edit.
            Path conf = server.distribution().home().resolve("conf");
            Files.writeString(conf.resolve("io.cairn.node.cfg"),
                    "lockTimeoutMs = 7000\ndriveReconnectIntervalMs = 2000\n");
            Files.writeString(conf.resolve("io.cairn.heal.cfg"), "scannerEnabled = false\n");
            awaitAdminOutput(node, "Scanner:   off", "cairn:heal", "status");
            assertEquals("5000", clusterSettings(node).get("lockTimeoutMs"), "the running node keeps its settings");
            // The edit went unmentioned: the operator took it for applied.
            node.awaitLog("lockTimeoutMs = 7000 (was 5000)");
            List<String> warnings = node.log().lines()
                    .filter(l -> l.contains("conf/io.cairn.node.cfg changed while the node runs")).toList();
            assertEquals(1, warnings.size(), node.log());
            assertTrue(warnings.get(0).contains(" WARN ") && warnings.get(0).contains("they apply at the next start"),
                    warnings.get(0));
            assertEquals(address, clusterSettings(node).get("address"));

            int status = node.stop();
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM: " + status);
            node.restart().awaitReady();
            settings = clusterSettings(node);
            assertEquals("7000", settings.get("lockTimeoutMs"), settings.toString());
            assertEquals("2000", settings.get("driveReconnectIntervalMs"), settings.toString());
            assertEquals(address, settings.get("address"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lockTimeoutMs = 0", "driveReconnectIntervalMs = -1", "maxThreads = 1",
        "ioThreads = many"})
    void aNodeSettingThatMakesNoSenseKeepsTheNodeFromStartingNamingIt(String setting) throws Exception {
        // maxThreads = 1 left a node running without a listener, and lockTimeoutMs = 0 failed every request.
        Path dir = distribution.scratch("bad-node-conf");
        Distribution installation = distribution.copyTo(dir.resolve("home"), Map.of("io.cairn.node.cfg",
                "# tuned\n" + setting + "\n"));
        Distribution.Result result = installation.run(List.of("server", "--address",
                "127.0.0.1:" + FreePorts.next(), "./d{1...4}"), CREDENTIALS, dir, Duration.ofSeconds(60));
        String output = result.out() + result.err();
        assertEquals(2, result.status(), output);
        List<String> errors = output.lines().filter(l -> l.contains("ERROR")).toList();
        assertEquals(1, errors.size(), output);
        assertTrue(errors.get(0).contains("conf/io.cairn.node.cfg: " + setting + " is refused: "), output);
        assertTrue(errors.get(0).endsWith("; the node does not start until the file is corrected"), output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
        assertFalse(Files.exists(dir.resolve("d1")), "the drives are left alone");
    }

    @Test
    void aNodeSettingsFileInDeployIsLeftOutWithAWarning() throws Exception {
        // File Install's watcher of deploy/ wrote the file as the whole node configuration, endpoints included.
        Path dir = distribution.scratch("node-conf-in-deploy");
        Distribution installation = distribution.installCopy(dir.resolve("home"));
        Files.writeString(installation.home().resolve("deploy/io.cairn.node.cfg"), "lockTimeoutMs = 5000\n");
        try (Node node = Node.start(installation, dir, FreePorts.next(), List.of("./d{1...4}"), CREDENTIALS)) {
            node.awaitReady().awaitLog("deploy/io.cairn.node.cfg is not read: the node's settings belong in"
                    + " conf/io.cairn.node.cfg");
            Map<String, String> settings = clusterSettings(node);
            assertEquals("30000", settings.get("lockTimeoutMs"), "the default: " + settings);
            assertEquals(dir.resolve("d{1...4}").toString(), settings.get("volumes"));
            assertEquals(403, node.status("/"), "the S3 front end serves");
        }
    }

    /** The configuration the object store runs with, as SCR reports it: {@code name<Type> = value} lines. */
    private static Map<String, String> clusterSettings(Node node) throws Exception {
        Distribution.Result info = node.admin("scr:info", "io.cairn.cluster.internal.ClusterComponent");
        assertEquals(0, info.status(), info.out() + info.err());
        String active = info.out().substring(info.out().indexOf("Config Props:"));
        Map<String, String> settings = new java.util.HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+([A-Za-z.]+)<\\w+> = (.*)$").matcher(active);
        while (m.find()) {
            settings.put(m.group(1), m.group(2));
        }
        return settings;
    }

    private static void awaitAdminOutput(Node node, String expected, String... command) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Distribution.Result result = node.admin(command);
        while (!result.out().contains(expected) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            result = node.admin(command);
        }
        assertTrue(result.out().contains(expected), expected + " in:\n" + result.out() + result.err() + node.log());
    }

    /** A {@code cairn server} process on its own port, its output in {@code NAME.log}. */
    private record Launched(Process process, int port, Path log) {
    }

    /** Starts {@code cairn server} on four fresh drives with {@code tmp} as its temporary area. */
    private static Launched launchWithTempArea(Distribution installation, Path dir, Path tmp, String name)
            throws Exception {
        int port = FreePorts.next();
        List<String> args = List.of("server", "--address", "127.0.0.1:" + port, "./" + name + "{1...4}");
        ProcessBuilder builder = new ProcessBuilder(installation.command(args)).directory(dir.toFile());
        Path log = dir.resolve(name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("MINIO_"));
        builder.environment().putAll(CREDENTIALS);
        builder.environment().put("CAIRN_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        return new Launched(builder.start(), port, log);
    }

    /** Waits until the node answers live; returns its process. */
    private static Process awaitLive(Launched node) throws Exception {
        Process process = node.process();
        long deadline = System.nanoTime() + Node.START_LIMIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive() && statusOf(node.port()) != 200) {
            process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (statusOf(node.port()) != 200) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("node not live:\n" + Files.readString(node.log()));
        }
        return process;
    }

    /** Stops a node as a service manager does (SIGTERM) and waits until it exited. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static List<Path> entries(Path dir, String prefix) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private static int statusOf(int port) {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/minio/health/live")).build();
            return client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * {@code /minio/health/ready} answers 200 only while S3 requests are served: a load balancer that trusts it never
     * sends a client to a node whose S3 front end is not running (while it starts, or while its bundle is replaced).
     */
    @Test
    void readyFollowsTheS3FrontEnd() throws Exception {
        Path dir = distribution.scratch("ready-probe");
        try (Node node = Node.startOnFourDrives(distribution, dir, CREDENTIALS)) {
            assertEquals(403, node.status("/"), "an anonymous S3 request is answered by S3");
            String s3 = bundleId(node, "cairn.s3");

            assertEquals(0, node.admin("felix:stop", s3).status());
            RawHttp.Response stopped = RawHttp.send(node.port(), "GET", "/minio/health/ready",
                    Map.of("host", "127.0.0.1:" + node.port()), new byte[0]);
            assertEquals(503, stopped.status(), stopped.toString());
            assertEquals("S3 API not started", stopped.header("x-cairn-health"));
            assertEquals(503, node.status("/"), "S3 requests are answered 503 meanwhile");
            assertEquals(200, node.status("/minio/health/live"));

            assertEquals(0, node.admin("felix:start", s3).status());
            assertEquals(200, node.status("/minio/health/ready"));
            assertEquals(403, node.status("/"));
        }
    }

    /** The id of a bundle, from the node's bundle list. */
    private static String bundleId(Node node, String symbolicName) throws Exception {
        Distribution.Result list = node.admin("lb", "-s");
        assertEquals(0, list.status(), list.err());
        String id = list.out().lines().filter(l -> l.contains("|" + symbolicName + " ("))
                .map(l -> l.substring(0, l.indexOf('|')).trim()).findFirst().orElse(null);
        assertNotNull(id, list.out());
        return id;
    }
}
