/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cairn.systest.harness.SeededContent;

/**
 * The AWS CLI, s3cmd and rclone as processes, configured only through files and variables in the test's scratch
 * directory (never the user's home configuration). File contents are compared byte for byte.
 */
@ExtendWith(SharedS3Server.class)
class CliClientsTest {

    private static final int MIB = 1 << 20;

    private static S3Server server;

    @BeforeAll
    static void server(S3Server shared) {
        server = shared;
    }

    /** What a finished client process printed. */
    private record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_")
                || k.startsWith("S3CMD") || k.startsWith("CAIRN_") || k.startsWith("MINIO_"));
        builder.environment().put("HOME", dir.toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed (.ci/run installs awscli, s3cmd and rclone "
                    + "from Debian packages)", e);
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within 180 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Run ok(Path dir, Map<String, String> env, String... command) throws Exception {
        Run result = run(dir, env, command);
        assertEquals(0, result.status(), () -> String.join(" ", command) + ": " + result);
        return result;
    }

    /** Writes a small tree of seeded files: tiny, empty, nested and one large enough for multipart uploads. */
    private static Path sourceTree(Path dir, long largeBytes) throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        write(source.resolve("small.txt"), new SeededContent(51, 1234));
        write(source.resolve("empty"), new SeededContent(52, 0));
        write(source.resolve("nested/deeper/file with spaces.bin"), new SeededContent(53, 70_001));
        write(source.resolve("nested/large.bin"), new SeededContent(54, largeBytes));
        return source;
    }

    private static void write(Path file, SeededContent content) throws IOException {
        Files.createDirectories(file.getParent());
        try (InputStream in = content.stream()) {
            Files.copy(in, file);
        }
    }

    private static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.put(root.relativize(f).toString(), f));
        }
        return files;
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        Map<String, Path> want = files(expected);
        Map<String, Path> got = files(actual);
        assertEquals(want.keySet(), got.keySet(), "file names under " + actual);
        for (Map.Entry<String, Path> file : want.entrySet()) {
            assertEquals(-1L, Files.mismatch(file.getValue(), got.get(file.getKey())), file.getKey() + " differs");
        }
    }

    @Test
    void awsCli() throws Exception {
        Path dir = server.distribution().scratch("awscli");
        Files.writeString(dir.resolve("config"), "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
        Files.writeString(dir.resolve("credentials"), "[default]\naws_access_key_id = " + S3Server.ACCESS_KEY
                + "\naws_secret_access_key = " + S3Server.SECRET_KEY + "\n");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", dir.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString(), "AWS_PAGER", "");
        String endpoint = server.endpoint().toString();
        String bucket = S3Server.bucketName("awscli");
        String s3 = "s3://" + bucket;
        Path source = sourceTree(dir, 9L * MIB + 5);
        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "mb", s3);
        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "cp", source.resolve("nested/large.bin").toString(),
                s3 + "/single/large.bin");
        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "cp", s3 + "/single/large.bin",
                dir.resolve("large.copy").toString());
        assertEquals(-1L, Files.mismatch(source.resolve("nested/large.bin"), dir.resolve("large.copy")));
        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "sync", source.toString(), s3 + "/tree/");
        Run listing = ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "ls", "--recursive", s3 + "/tree/");
        assertTrue(listing.out().contains("tree/nested/deeper/file with spaces.bin"), listing::toString);
        Path back = dir.resolve("back");
        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "sync", s3 + "/tree/", back.toString());
        assertSameTree(source, back);
        Run again = ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "sync", source.toString(), s3 + "/tree/");
        assertFalse(again.out().contains("upload:"), () -> "a second sync uploads nothing: " + again);

        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3api", "put-object", "--bucket", bucket, "--key",
                "api/small.txt", "--body", source.resolve("small.txt").toString(), "--metadata", "origin=awscli");
        Run got = ok(dir, env, "aws", "--endpoint-url", endpoint, "s3api", "get-object", "--bucket", bucket, "--key",
                "api/small.txt", dir.resolve("small.copy").toString());
        assertTrue(got.out().contains("\"origin\": \"awscli\""), got::toString);
        assertEquals(-1L, Files.mismatch(source.resolve("small.txt"), dir.resolve("small.copy")));
        Run v2 = ok(dir, env, "aws", "--endpoint-url", endpoint, "s3api", "list-objects-v2", "--bucket", bucket,
                "--prefix", "api/");
        assertTrue(v2.out().contains("\"Key\": \"api/small.txt\""), v2::toString);

        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "rm", "--recursive", s3);
        Run empty = ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "ls", "--recursive", s3);
        assertEquals("", empty.out().trim(), empty::toString);
        ok(dir, env, "aws", "--endpoint-url", endpoint, "s3", "rb", s3);
    }

    @Test
    void s3cmd() throws Exception {
        Path dir = server.distribution().scratch("s3cmd");
        Path config = dir.resolve("s3cfg");
        Files.writeString(config, String.join("\n", "[default]", "access_key = " + S3Server.ACCESS_KEY,
                "secret_key = " + S3Server.SECRET_KEY, "host_base = " + server.host(),
                "host_bucket = " + server.host(), "use_https = False", "signature_v2 = False",
                "bucket_location = us-east-1", "check_ssl_certificate = False", ""));
        Map<String, String> env = Map.of();
        String bucket = "s3://" + S3Server.bucketName("s3cmd");
        Path source = sourceTree(dir, 6L * MIB + 3);
        String c = config.toString();
        ok(dir, env, "s3cmd", "-c", c, "mb", bucket);
        ok(dir, env, "s3cmd", "-c", c, "--multipart-chunk-size-mb=5", "put",
                source.resolve("nested/large.bin").toString(), bucket + "/large.bin");
        ok(dir, env, "s3cmd", "-c", c, "put", source.resolve("small.txt").toString(), bucket + "/dir/small.txt");
        ok(dir, env, "s3cmd", "-c", c, "--signature-v2", "put", source.resolve("nested/deeper/file with spaces.bin")
                .toString(), bucket + "/v2/spaces.bin");
        Run listing = ok(dir, env, "s3cmd", "-c", c, "ls", "--recursive", bucket);
        for (String key : List.of("/large.bin", "/dir/small.txt", "/v2/spaces.bin")) {
            assertTrue(listing.out().contains(bucket + key), listing::toString);
        }
        ok(dir, env, "s3cmd", "-c", c, "get", bucket + "/large.bin", dir.resolve("large.copy").toString());
        ok(dir, env, "s3cmd", "-c", c, "get", bucket + "/dir/small.txt", dir.resolve("small.copy").toString());
        ok(dir, env, "s3cmd", "-c", c, "--signature-v2", "get", bucket + "/v2/spaces.bin",
                dir.resolve("spaces.copy").toString());
        assertEquals(-1L, Files.mismatch(source.resolve("nested/large.bin"), dir.resolve("large.copy")));
        assertEquals(-1L, Files.mismatch(source.resolve("small.txt"), dir.resolve("small.copy")));
        assertEquals(-1L, Files.mismatch(source.resolve("nested/deeper/file with spaces.bin"),
                dir.resolve("spaces.copy")));
        ok(dir, env, "s3cmd", "-c", c, "del", bucket + "/large.bin", bucket + "/dir/small.txt");
        ok(dir, env, "s3cmd", "-c", c, "--signature-v2", "del", bucket + "/v2/spaces.bin");
        assertEquals("", ok(dir, env, "s3cmd", "-c", c, "ls", "--recursive", bucket).out().trim());
        ok(dir, env, "s3cmd", "-c", c, "rb", bucket);
    }

    @Test
    void rclone() throws Exception {
        Path dir = server.distribution().scratch("rclone");
        Path config = Files.writeString(dir.resolve("rclone.conf"), "");
        Map<String, String> env = new HashMap<>();
        env.put("RCLONE_CONFIG_CAIRN_TYPE", "s3");
        env.put("RCLONE_CONFIG_CAIRN_PROVIDER", "Minio");
        env.put("RCLONE_CONFIG_CAIRN_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("RCLONE_CONFIG_CAIRN_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("RCLONE_CONFIG_CAIRN_ENDPOINT", server.endpoint().toString());
        env.put("RCLONE_CONFIG_CAIRN_REGION", "us-east-1");
        String bucket = "cairn:" + S3Server.bucketName("rclone");
        Path source = sourceTree(dir, 7L * MIB + 11);
        List<String> base = new ArrayList<>(List.of("rclone", "--config", config.toString()));
        ok(dir, env, command(base, "mkdir", bucket));
        ok(dir, env, command(base, "copy", source.toString(), bucket + "/tree"));
        Run listing = ok(dir, env, command(base, "ls", bucket + "/tree"));
        assertTrue(listing.out().contains("nested/deeper/file with spaces.bin"), listing::toString);
        assertTrue(listing.out().contains("small.txt"), listing::toString);
        ok(dir, env, command(base, "check", source.toString(), bucket + "/tree"));
        Path back = dir.resolve("back");
        ok(dir, env, command(base, "copy", bucket + "/tree", back.toString()));
        assertSameTree(source, back);
        ok(dir, env, command(base, "delete", bucket + "/tree"));
        assertEquals("", ok(dir, env, command(base, "ls", bucket)).out().trim());
        ok(dir, env, command(base, "rmdir", bucket));
    }

    private static String[] command(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
