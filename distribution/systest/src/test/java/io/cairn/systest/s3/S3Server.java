/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cairn.systest.harness.Distribution;
import io.cairn.systest.harness.FreePorts;
import io.cairn.systest.harness.Node;
import io.cairn.systest.harness.SigV4;
import io.minio.MinioClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One packaged Cairn node on four drive folders ({@code ./d{1...4}}, unless started on other endpoints) with root
 * credentials from the environment, and ready-made clients for it. Clients keep their default integrity protections
 * (the SDK's checksums).
 */
public final class S3Server implements AutoCloseable {

    /** The root user the node is started with. */
    public static final String ACCESS_KEY = "systest-root";
    /** The root password the node is started with. */
    public static final String SECRET_KEY = "systest-root-secret-0123456789";
    /** The region every client signs for. */
    public static final String REGION = "us-east-1";

    private final Distribution distribution;
    private final Path dir;
    private final Node node;

    private S3Server(Distribution distribution, Path dir, Node node) {
        this.distribution = distribution;
        this.dir = dir;
        this.node = node;
    }

    /**
     * Starts a node and waits until it is live.
     *
     * @param name a name for the scratch directory
     * @param extraEnv extra environment (for example {@code CAIRN_JAVA_OPTS})
     * @return the running server
     * @throws Exception when it does not start
     */
    public static S3Server start(String name, Map<String, String> extraEnv) throws Exception {
        return start(name, extraEnv, Map.of());
    }

    /**
     * Starts a node from its own copy of the installation with extra configuration files, and waits until it is
     * live.
     *
     * @param name a name for the scratch directory
     * @param extraEnv extra environment
     * @param confFiles files written into the copy's {@code conf/} (none: the shared installation is used)
     * @return the running server
     * @throws Exception when it does not start
     */
    public static S3Server start(String name, Map<String, String> extraEnv, Map<String, String> confFiles)
            throws Exception {
        return start(name, extraEnv, confFiles, dir -> { });
    }

    /** Prepares a node's directory before the node starts (for example, mounts file systems at drive folders). */
    @FunctionalInterface
    public interface Preparation {

        /**
         * Prepares the directory.
         *
         * @param dir the node's working directory; the drive folders are {@code d1} to {@code d4} in it
         * @throws Exception when it cannot be prepared
         */
        void prepare(Path dir) throws Exception;
    }

    /**
     * Starts a node like {@link #start(String, Map, Map)} after preparing its directory.
     *
     * @param name a name for the scratch directory
     * @param extraEnv extra environment
     * @param confFiles files written into the copy's {@code conf/} (none: the shared installation is used)
     * @param preparation runs on the working directory before the node starts
     * @return the running server
     * @throws Exception when it does not start
     */
    public static S3Server start(String name, Map<String, String> extraEnv, Map<String, String> confFiles,
            Preparation preparation) throws Exception {
        return start(name, extraEnv, confFiles, preparation, List.of("./d{1...4}"));
    }

    /**
     * Starts a node on other drive folders (for example two server pools), and waits until it is live.
     *
     * @param name a name for the scratch directory
     * @param endpoints the endpoint arguments, relative to the node's working directory
     * @return the running server; {@link #drives()} does not apply to it
     * @throws Exception when it does not start
     */
    public static S3Server start(String name, List<String> endpoints) throws Exception {
        return start(name, Map.of(), Map.of(), dir -> { }, endpoints);
    }

    /**
     * Starts a node on other drive folders with extra configuration files, and waits until it is live.
     *
     * @param name a name for the scratch directory
     * @param confFiles files written into the copy's {@code conf/}
     * @param endpoints the endpoint arguments, relative to the node's working directory
     * @return the running server; {@link #drives()} does not apply to it
     * @throws Exception when it does not start
     */
    public static S3Server start(String name, Map<String, String> confFiles, List<String> endpoints)
            throws Exception {
        return start(name, Map.of(), confFiles, dir -> { }, endpoints);
    }

    private static S3Server start(String name, Map<String, String> extraEnv, Map<String, String> confFiles,
            Preparation preparation, List<String> endpoints) throws Exception {
        Distribution distribution = Distribution.fromBuild();
        Path dir = distribution.scratch(name);
        if (!confFiles.isEmpty()) {
            distribution = distribution.copyTo(dir.resolve("home"), confFiles);
        }
        preparation.prepare(dir);
        Map<String, String> env = new HashMap<>(credentials());
        env.putAll(extraEnv);
        Node node = Node.start(distribution, dir, FreePorts.next(), endpoints, env);
        try {
            node.awaitS3();
        } catch (Exception | AssertionError e) {
            node.close();
            throw e;
        }
        return new S3Server(distribution, dir, node);
    }

    /** @return the root credentials as environment variables */
    public static Map<String, String> credentials() {
        return Map.of("CAIRN_ROOT_USER", ACCESS_KEY, "CAIRN_ROOT_PASSWORD", SECRET_KEY);
    }

    /** @return the distribution */
    public Distribution distribution() {
        return distribution;
    }

    /** @return the node */
    public Node node() {
        return node;
    }

    /** @return the node's working directory, parent of the drive folders */
    public Path dir() {
        return dir;
    }

    /** @return the four drive folders */
    public List<Path> drives() {
        return List.of(dir.resolve("d1"), dir.resolve("d2"), dir.resolve("d3"), dir.resolve("d4"));
    }

    /** @return the S3 endpoint */
    public URI endpoint() {
        return URI.create(node.url());
    }

    /** @return the port */
    public int port() {
        return node.port();
    }

    /** @return the {@code Host} header clients send */
    public String host() {
        return "127.0.0.1:" + node.port();
    }

    /**
     * A fresh, valid bucket name unique within this test run.
     *
     * @param stem a readable part
     * @return the name
     */
    public static String bucketName(String stem) {
        return "st-" + stem + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /**
     * A body of UTF-8 text sent as {@code application/octet-stream}.
     *
     * @param text the text
     * @return the request body
     */
    public static RequestBody text(String text) {
        return RequestBody.fromBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a signer with the root credentials */
    public SigV4 signer() {
        return new SigV4(ACCESS_KEY, SECRET_KEY, REGION);
    }

    /** @return an AWS SDK v2 client: path style, default checksums, no retries (a retry would hide a failure) */
    public S3Client aws() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofMinutes(5))
                        .build())
                .build();
    }

    /** @return an AWS SDK v2 presigner for this node */
    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** @return a MinIO Java SDK client */
    public MinioClient minio() {
        return MinioClient.builder().endpoint(node.url()).credentials(ACCESS_KEY, SECRET_KEY).region(REGION).build();
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
    }

    /**
     * Stops the node for good (the directory stays for inspection).
     *
     * @throws IOException never
     * @throws InterruptedException when interrupted
     */
    public void stop() throws IOException, InterruptedException {
        node.stop();
    }
}
