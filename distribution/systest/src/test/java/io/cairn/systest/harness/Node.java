/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/cairn server} process on a loopback port, with the faults the system tests need: stop
 * (SIGTERM), kill (SIGKILL, as {@code kill -9}), pause and resume (SIGSTOP, SIGCONT) and restart with the same
 * arguments.
 */
public final class Node implements AutoCloseable {

    /** How long a node may take to answer its liveness probe (the machine is shared and slow at times). */
    public static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Distribution distribution;
    private final Path workDir;
    private final List<String> serverArgs;
    private final Map<String, String> env;
    private final int port;
    // HTTP/1.1 only: the probe checks that the node serves, not its HTTP/2 support (an h2c upgrade would make
    // every later probe depend on the HTTP/2 path).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int starts;

    private Node(Distribution distribution, Path workDir, int port, List<String> serverArgs,
            Map<String, String> env) {
        this.distribution = distribution;
        this.workDir = workDir;
        this.port = port;
        this.serverArgs = serverArgs;
        this.env = env;
    }

    /**
     * Starts a node.
     *
     * @param distribution the distribution to run
     * @param workDir the working directory (relative endpoints resolve against it)
     * @param port the S3 port on 127.0.0.1
     * @param endpoints the endpoint arguments
     * @param env extra environment variables (credentials, storage class)
     * @return the started node (not necessarily live yet: see {@link #awaitLive()})
     * @throws IOException when the process cannot be started
     */
    public static Node start(Distribution distribution, Path workDir, int port, List<String> endpoints,
            Map<String, String> env) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("server", "--address", "127.0.0.1:" + port));
        args.addAll(endpoints);
        Node node = new Node(distribution, workDir, port, List.copyOf(args), Map.copyOf(env));
        node.launch();
        return node;
    }

    /**
     * Starts one node on a free port with the four drive folders {@code ./data{1...4}} of {@code workDir}, and
     * waits until it is ready; a node that does not get ready is stopped.
     *
     * @param distribution the distribution to run
     * @param workDir the working directory
     * @param env extra environment variables (credentials)
     * @return the ready node
     * @throws Exception when the node exits or is not ready in time
     */
    public static Node startOnFourDrives(Distribution distribution, Path workDir, Map<String, String> env)
            throws Exception {
        Node node = start(distribution, workDir, FreePorts.next(), List.of("./data{1...4}"), env);
        try {
            return node.awaitReady();
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void launch() throws IOException {
        starts++;
        log = workDir.resolve("node-" + port + "-" + starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(distribution.command(serverArgs)).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("MINIO_"));
        builder.environment().putAll(env);
        // The framework's cache goes next to the log rather than into the system's temporary directory: a node
        // killed with SIGKILL cannot remove it, and a test kills many.
        String storage = "-Dorg.osgi.framework.storage=" + workDir.resolve("felix-" + port + "-" + starts);
        builder.environment().merge("CAIRN_JAVA_OPTS", storage, (given, ours) -> given + " " + ours);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        process = builder.start();
    }

    /** @return whether the process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the installation this node runs from */
    public Distribution distribution() {
        return distribution;
    }

    /** @return the S3 port */
    public int port() {
        return port;
    }

    /** @return the node's base URL */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return everything the current process printed so far */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Waits until {@code /minio/health/live} answers 200.
     *
     * @return this node
     * @throws Exception when the node exits or does not become live within {@link #START_LIMIT}
     */
    public Node awaitLive() throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node on port " + port + " exited with " + process.exitValue() + ":\n"
                        + log());
            }
            if (status("/minio/health/live") == 200) {
                return this;
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("node on port " + port + " not live within " + START_LIMIT + ":\n" + log());
    }

    /**
     * Waits until {@code /minio/health/ready} answers 200: the object store serves on this node.
     *
     * @return this node
     * @throws Exception when the node exits or is not ready within {@link #START_LIMIT}
     */
    public Node awaitReady() throws Exception {
        awaitLive();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node on port " + port + " exited:\n" + log());
            }
            if (status("/minio/health/ready") == 200) {
                return this;
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("node on port " + port + " not ready within " + START_LIMIT + ":\n" + log());
    }

    /**
     * Waits until the S3 front end answers: a request to {@code /} gets an S3 answer (403 for this unsigned
     * request) rather than the 503 a node gives while its S3 bundle is not registered yet.
     *
     * @return this node
     * @throws Exception when the node exits or its S3 front end does not answer within {@link #START_LIMIT}
     */
    public Node awaitS3() throws Exception {
        awaitLive();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node on port " + port + " exited:\n" + log());
            }
            int status = status("/");
            if (status != 503 && status != -1) {
                return this;
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("S3 on port " + port + " not answering within " + START_LIMIT + ":\n" + log());
    }

    /**
     * Sends a GET and returns the status, or -1 when the node does not answer.
     *
     * @param path the request path
     * @return the HTTP status or -1
     */
    public int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Runs {@code bin/cairn admin} against this node with the node's credentials.
     *
     * @param command the Gogo command and its arguments
     * @return the result
     * @throws Exception when the command cannot be run
     */
    public Distribution.Result admin(String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("admin", "--address", "127.0.0.1:" + port));
        args.addAll(List.of(command));
        return distribution.run(args, env, workDir, Duration.ofSeconds(60));
    }

    /**
     * Runs {@code bin/cairn admin} with other credentials.
     *
     * @param credentials the environment to use instead of the node's
     * @param command the Gogo command and its arguments
     * @return the result
     * @throws Exception when the command cannot be run
     */
    public Distribution.Result adminAs(Map<String, String> credentials, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("admin", "--address", "127.0.0.1:" + port));
        args.addAll(List.of(command));
        return distribution.run(args, new HashMap<>(credentials), workDir, Duration.ofSeconds(60));
    }

    /** Kills the process the way {@code kill -9} does and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Freezes the process the way {@code kill -STOP} does: it keeps its sockets and files open but answers nothing
     * until {@link #resume()}.
     *
     * @throws Exception when the signal cannot be sent
     */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /**
     * Lets a paused process run on, as {@code kill -CONT} does.
     *
     * @throws Exception when the signal cannot be sent
     */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", name, Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("kill " + name + " " + process.pid() + " failed");
        }
    }

    /**
     * Waits until the node's log holds a text, for at most a minute.
     *
     * @param text the text
     * @return this node
     * @throws Exception when the log does not hold it in time (the assertion shows the log)
     */
    public Node awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("\"" + text + "\" not in the log of node on port " + port + ":\n" + log());
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Stops the process with SIGTERM and waits for it.
     *
     * @return the exit status
     * @throws InterruptedException when interrupted
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("node on port " + port + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    /**
     * Starts the node again with the same arguments after a stop or kill.
     *
     * @return this node
     * @throws IOException when the process cannot be started
     */
    public Node restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("node on port " + port + " is still running");
        }
        launch();
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
