/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A process that takes a distributed write lock the way a Cairn node does, so a test can kill a lock holder with
 * SIGKILL. It speaks the peer lock protocol of {@code docs/architecture.md} ("Authentication", "Quorum locks"),
 * written from that description: a signed {@code POST /cairn/rpc/v1/lock/<op>} to every node, the body being the
 * resource, a uid and an owner as length-prefixed UTF-8 strings, the answer one byte (1 granted).
 *
 * <p>{@code hold RESOURCE REFRESH_MS NODE...} takes the lock on a write quorum, prints {@code HELD}, and refreshes
 * it every {@code REFRESH_MS} until killed. {@code try RESOURCE NODE...} asks once, prints {@code HELD} or
 * {@code REFUSED}, releases what it got and exits. Credentials come from {@code CAIRN_ROOT_USER} and
 * {@code CAIRN_ROOT_PASSWORD}.
 */
public final class LockHolder {

    private static final String BASE = "/cairn/rpc/v1/lock/";
    private static final HexFormat HEX = HexFormat.of();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String user;
    private final byte[] key;
    private final List<String> nodes;
    private final byte[] request;

    private LockHolder(String user, String password, List<String> nodes, String resource) {
        this.user = user;
        this.key = hmac(password.getBytes(StandardCharsets.UTF_8), "cairn-rpc-v1\n" + user);
        this.nodes = nodes;
        this.request = encode(resource, UUID.randomUUID().toString(), "systest-lock-holder");
    }

    /**
     * Runs the holder.
     *
     * @param args {@code hold RESOURCE REFRESH_MS NODE...} or {@code try RESOURCE NODE...}
     * @throws Exception when a call cannot be made
     */
    public static void main(String[] args) throws Exception {
        boolean hold = args[0].equals("hold");
        int first = hold ? 3 : 2;
        LockHolder holder = new LockHolder(System.getenv("CAIRN_ROOT_USER"), System.getenv("CAIRN_ROOT_PASSWORD"),
                List.of(args).subList(first, args.length), args[1]);
        int quorum = holder.nodes.size() / 2 + 1;
        int granted = holder.callAll("lock");
        if (granted < quorum) {
            holder.callAll("unlock");
            System.out.println("REFUSED granted=" + granted);
            System.exit(hold ? 3 : 0);
        }
        System.out.println("HELD granted=" + granted);
        if (!hold) {
            holder.callAll("unlock");
            return;
        }
        long refreshMs = Long.parseLong(args[2]);
        while (true) {
            TimeUnit.MILLISECONDS.sleep(refreshMs);
            holder.callAll("refresh");
        }
    }

    /** Calls every node once; returns how many answered "granted". */
    private int callAll(String op) {
        int granted = 0;
        for (String node : nodes) {
            try {
                if (call(node, op)) {
                    granted++;
                }
            } catch (IOException | InterruptedException e) {
                System.out.println("node " + node + " " + op + ": " + e);
            }
        }
        return granted;
    }

    private boolean call(String node, String op) throws IOException, InterruptedException {
        String path = BASE + op;
        long date = System.currentTimeMillis();
        String bodyHash = HEX.formatHex(sha256(request));
        String toSign = "CAIRN-RPC-V1\nPOST\n" + path + "\n" + date + "\n" + HEX.formatHex(sha256(new byte[0])) + "\n"
                + bodyHash;
        HttpRequest call = HttpRequest.newBuilder(URI.create("http://" + node + path))
                .timeout(Duration.ofSeconds(5))
                .header("X-Cairn-Rpc-Version", "1")
                .header("X-Cairn-Rpc-Date", Long.toString(date))
                .header("X-Cairn-Rpc-Content-Sha256", bodyHash)
                .header("Authorization", "CAIRN-RPC-HMAC-SHA256 " + user + ":" + HEX.formatHex(hmac(key, toSign)))
                .header("Content-Type", "application/x-cairn-rpc")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        HttpResponse<byte[]> response = http.send(call, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("status " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length == 1 && response.body()[0] == 1;
    }

    private static byte[] encode(String... strings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String s : strings) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a holder process ({@code hold} mode) and waits until it holds the lock.
     *
     * @param resource the lock's resource ({@code bucket/key} for an object)
     * @param refreshMs how often it refreshes
     * @param nodes every node's {@code host:port}
     * @param env the credentials
     * @return the process, holding the lock
     * @throws Exception when it cannot start or does not get the lock
     */
    public static Process hold(String resource, long refreshMs, List<String> nodes, Map<String, String> env)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("hold", resource, Long.toString(refreshMs)));
        args.addAll(nodes);
        Process process = launch(args, env);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("HELD")) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the lock holder did not get " + resource + ": " + line);
        }
        return process;
    }

    /**
     * Asks once whether a write lock on a resource could be had now (and releases it if so).
     *
     * @param resource the resource
     * @param nodes every node's {@code host:port}
     * @param env the credentials
     * @return {@code true} when a quorum granted it
     * @throws Exception when the process fails
     */
    public static boolean tryOnce(String resource, List<String> nodes, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("try", resource));
        args.addAll(nodes);
        Process process = launch(args, env);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("lock probe failed: " + output);
        }
        return output.contains("HELD");
    }

    private static Process launch(List<String> args, Map<String, String> env) throws IOException {
        Path classes;
        try {
            classes = Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classes.toString(), LockHolder.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }
}
