/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A multi-node cluster on loopback, started from the packaged distribution: every node a real {@code bin/cairn
 * server} process on a free port, with an installation of its own ({@code conf/}, {@code deploy/}), all started with
 * the same endpoint arguments (unless a test gives one node others). Offers kill -9, restart, S3 clients per node
 * and waiting for health probes, log lines and {@code cairn:info} states, always by polling the condition.
 */
public final class Cluster implements AutoCloseable {

    /** Access key of every cluster the harness starts. */
    public static final String ACCESS_KEY = "systest-root";
    /** Secret key of every cluster the harness starts. */
    public static final String SECRET_KEY = "systest-root-secret-0123456789";
    /** How long a condition (readiness, a log line, every drive online) may take on this shared machine. */
    public static final Duration CONDITION_LIMIT = Duration.ofSeconds(120);
    /** How often a condition is checked again. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final Path dir;
    private final List<Node> nodes;
    private final List<Integer> ports;
    private final List<String> endpoints;
    private final List<S3Client> clients = new ArrayList<>();

    private Cluster(Path dir, List<Node> nodes, List<Integer> ports, List<String> endpoints) {
        this.dir = dir;
        this.nodes = nodes;
        this.ports = ports;
        this.endpoints = endpoints;
    }

    /**
     * Describes a cluster to start.
     *
     * @param name a name for the scratch directory
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Settings of a cluster; {@link #start()} launches it. */
    public static final class Builder {
        private final String name;
        private int nodeCount = 4;
        private int drivesPerNode = 1;
        private final Map<String, String> conf = new LinkedHashMap<>();
        private final Map<Integer, Map<String, String>> envOverrides = new HashMap<>();
        private final Map<Integer, UnaryOperator<List<String>>> argumentRewrites = new HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param count the number of nodes
         * @return this builder
         */
        public Builder nodes(int count) {
            this.nodeCount = count;
            return this;
        }

        /**
         * @param count drives per node
         * @return this builder
         */
        public Builder drivesPerNode(int count) {
            this.drivesPerNode = count;
            return this;
        }

        /**
         * Puts a file into every node's {@code conf/} before it starts.
         *
         * @param file the file name, e.g. {@code io.cairn.lock.dsync.cfg}
         * @param content its content
         * @return this builder
         */
        public Builder conf(String file, String content) {
            conf.put(file, content);
            return this;
        }

        /**
         * Gives one node other environment variables (credentials) than the rest.
         *
         * @param node the node index (0-based)
         * @param env the variables to set instead of the shared credentials
         * @return this builder
         */
        public Builder env(int node, Map<String, String> env) {
            envOverrides.put(node, Map.copyOf(env));
            return this;
        }

        /**
         * Starts one node with other endpoint arguments than the rest.
         *
         * @param node the node index (0-based)
         * @param arguments rewrites the shared arguments into this node's
         * @return this builder
         */
        public Builder arguments(int node, UnaryOperator<List<String>> arguments) {
            argumentRewrites.put(node, arguments);
            return this;
        }

        /**
         * Starts every node (in parallel processes; they find each other). Does not wait for readiness.
         *
         * @return the cluster
         * @throws IOException when a node cannot be installed or started
         */
        public Cluster start() throws IOException {
            Distribution distribution = Distribution.fromBuild();
            Path dir = distribution.scratch(name);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                ports.add(FreePorts.next());
            }
            List<String> endpoints = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                for (int d = 1; d <= drivesPerNode; d++) {
                    endpoints.add("http://127.0.0.1:" + ports.get(i)
                            + dir.resolve("node" + (i + 1)).resolve("drive" + d).toAbsolutePath());
                }
            }
            List<Node> nodes = new ArrayList<>();
            Cluster cluster = new Cluster(dir, nodes, ports, List.copyOf(endpoints));
            try {
                for (int i = 0; i < nodeCount; i++) {
                    Path nodeDir = dir.resolve("node" + (i + 1));
                    Files.createDirectories(nodeDir);
                    Distribution install = distribution.installCopy(nodeDir.resolve("install"));
                    for (Map.Entry<String, String> file : conf.entrySet()) {
                        Files.writeString(install.home().resolve("conf").resolve(file.getKey()), file.getValue(),
                                StandardCharsets.UTF_8);
                    }
                    List<String> args = argumentRewrites.containsKey(i)
                            ? argumentRewrites.get(i).apply(List.copyOf(endpoints)) : endpoints;
                    Map<String, String> env = envOverrides.getOrDefault(i, credentials());
                    nodes.add(Node.start(install, nodeDir, ports.get(i), args, env));
                }
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }

    /** @return the environment every node shares: the root credentials */
    public static Map<String, String> credentials() {
        return Map.of("CAIRN_ROOT_USER", ACCESS_KEY, "CAIRN_ROOT_PASSWORD", SECRET_KEY);
    }

    /** @return the scratch directory of the cluster */
    public Path dir() {
        return dir;
    }

    /** @return the number of nodes */
    public int size() {
        return nodes.size();
    }

    /**
     * @param i the node index (0-based)
     * @return the node
     */
    public Node node(int i) {
        return nodes.get(i);
    }

    /** @return the endpoint arguments every node was started with */
    public List<String> endpoints() {
        return endpoints;
    }

    /** @return every node's {@code host:port}, in order */
    public List<String> nodeAddresses() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    /**
     * Waits until every node answers {@code /minio/health/ready}.
     *
     * @return this cluster
     * @throws Exception when a node exits or is not ready in time
     */
    public Cluster awaitReady() throws Exception {
        for (Node node : nodes) {
            node.awaitReady().awaitS3();
        }
        return this;
    }

    /**
     * Waits until a node's {@code cairn:info} reports every drive of the cluster online.
     *
     * @param i the node index
     * @throws Exception when it does not within {@link #CONDITION_LIMIT}
     */
    public void awaitAllOnline(int i) throws Exception {
        Pattern allOnline = Pattern.compile("Status:\\s+" + endpoints.size() + " Online, 0 Offline");
        await("node " + (i + 1) + " reports every drive online", () -> allOnline.matcher(info(i)).find());
    }

    /**
     * Runs {@code cairn:info} on a node.
     *
     * @param i the node index
     * @return what it printed, empty when the command failed
     */
    public String info(int i) {
        try {
            Distribution.Result result = nodes.get(i).admin("cairn:info");
            return result.status() == 0 ? result.out() : "";
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * Waits until a node's log (of its current process) contains a text.
     *
     * @param i the node index
     * @param text the text
     * @throws Exception when it does not appear within {@link #CONDITION_LIMIT}
     */
    public void awaitLog(int i, String text) throws Exception {
        try {
            await("node " + (i + 1) + " logs '" + text + "'", () -> nodes.get(i).log().contains(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + nodes.get(i).log(), e);
        }
    }

    /**
     * Kills a node the way {@code kill -9} does.
     *
     * @param i the node index
     * @throws InterruptedException when interrupted
     */
    public void kill(int i) throws InterruptedException {
        nodes.get(i).kill();
    }

    /**
     * Starts a node that was killed again, with the same arguments; does not wait for it.
     *
     * @param i the node index
     * @throws IOException when it cannot be started
     */
    public void restart(int i) throws IOException {
        nodes.get(i).restart();
    }

    /**
     * An S3 client talking to one node (path style, no retries: a failure is the server's answer), shared by the
     * tests of this cluster and closed with it.
     *
     * @param i the node index
     * @return the client
     */
    public synchronized S3Client client(int i) {
        while (clients.size() < nodes.size()) {
            clients.add(null);
        }
        if (clients.get(i) == null) {
            clients.set(i, newClient(i, Duration.ofMinutes(2)));
        }
        return clients.get(i);
    }

    /**
     * A new S3 client for one node with its own overall deadline per call; the caller closes it.
     *
     * @param i the node index
     * @param callLimit how long one call may take before the client gives up
     * @return the client
     */
    public S3Client newClient(int i, Duration callLimit) {
        return S3Client.builder()
                .endpointOverride(URI.create(nodes.get(i).url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(callLimit)
                        .build())
                .build();
    }

    /**
     * Polls a condition until it holds.
     *
     * @param what the condition, for the failure message
     * @param condition the check; an exception counts as "not yet"
     * @throws AssertionError when it does not hold within {@link #CONDITION_LIMIT}
     */
    public static void await(String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + CONDITION_LIMIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new AssertionError("Not within " + CONDITION_LIMIT + ": " + what
                + (last == null ? "" : " (last failure: " + last + ")"));
    }

    @Override
    public void close() {
        for (S3Client client : clients) {
            if (client != null) {
                client.close();
            }
        }
        for (Node node : nodes) {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
