/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.Cluster;
import io.cairn.systest.harness.RawHttp;
import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Readers that stop reading after the headers of a multipart object's GET, all through one node of a four-node
 * cluster with a 256 MiB heap. Every GET reads remote shards from the other nodes; the buffers of those transfers
 * must stay within the node's memory: extra GETs wait or are answered 503 {@code SlowDown}, the node never runs out
 * of direct or heap memory, never takes its healthy peers for offline, keeps serving other clients, and gets every
 * buffer back once the readers went away (a second round behaves as the first). Used to end in
 * {@code OutOfMemoryError: Cannot reserve ... bytes of direct buffer memory} and every peer marked offline.
 */
class ClusterStalledReadersTest {

    private static final long MIB = 1L << 20;
    private static final int PARTS = 40;
    private static final long PART_BYTES = 5 * MIB;
    private static final int READERS = 40;
    private static final String LOW_HEAP = "-Xmx256m";

    @Test
    void stalledReadersOfAMultipartObjectDoNotExhaustANodeOrTakeItsPeersOffline() throws Exception {
        Cluster.Builder builder = Cluster.builder("stalled-readers");
        for (int i = 0; i < 4; i++) {
            Map<String, String> env = new HashMap<>(Cluster.credentials());
            env.put("CAIRN_JAVA_OPTS", LOW_HEAP);
            builder.env(i, env);
        }
        try (Cluster cluster = builder.start().awaitReady()) {
            S3Client s3 = cluster.client(0);
            String bucket = "stalled-readers";
            s3.createBucket(b -> b.bucket(bucket));
            SeededContent content = new SeededContent(4242, PARTS * PART_BYTES);
            putMultipart(s3, bucket, "big", content);
            SeededContent small = new SeededContent(4243, 64 << 10);
            s3.putObject(b -> b.bucket(bucket).key("small"), RequestBody.fromBytes(small.bytes()));
            URL url = presign(cluster, bucket, "big");
            cluster.awaitAllOnline(0);
            // Peers starting at different times are offline for a moment; only what the node logs from here counts.
            int logStart = cluster.node(0).log().length();
            for (int round = 1; round <= 2; round++) {
                List<Socket> readers = stallReaders(cluster.node(0).port(), url);
                try {
                    assertServing(cluster, s3, bucket, small, logStart, "round " + round);
                } finally {
                    for (Socket reader : readers) {
                        reader.close();
                    }
                }
            }
            // The readers went away: their buffers are given back, so whole bodies move again.
            Cluster.await("a GET of the whole object after the readers left", () -> {
                try (InputStream in = s3.getObject(b -> b.bucket(bucket).key("big"))) {
                    return content.digest("SHA-256").equals(SeededContent.digest("SHA-256", in));
                }
            });
            SeededContent after = new SeededContent(4244, 8 * MIB + 3);
            s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromBytes(after.bytes()));
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key("after"))) {
                assertEquals(after.digest("SHA-256"), SeededContent.digest("SHA-256", in));
            }
            assertHealthyLog(cluster, logStart, "after the readers");
        }
    }

    /**
     * While the readers stall, requests that need the peers but no body buffers are served (the node did not take
     * its peers for offline), and the node has all its memory.
     */
    private static void assertServing(Cluster cluster, S3Client s3, String bucket, SeededContent small, int logStart,
            String round) throws Exception {
        assertEquals(PARTS * PART_BYTES, s3.headObject(b -> b.bucket(bucket).key("big")).contentLength(), round);
        assertTrue(s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().anyMatch(o -> o.key().equals("big")),
                round);
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key("small"))) {
            assertEquals(small.digest("SHA-256"), SeededContent.digest("SHA-256", in), round);
        }
        String info = cluster.info(0);
        assertTrue(info.contains("4 Online, 0 Offline"), round + ": " + info);
        assertHealthyLog(cluster, logStart, round);
    }

    private static void assertHealthyLog(Cluster cluster, int logStart, String when) throws IOException {
        String log = cluster.node(0).log().substring(logStart);
        assertFalse(log.contains("OutOfMemoryError"), when + ": " + log);
        assertFalse(log.contains("is offline"), when + ": " + log);
    }

    private static void putMultipart(S3Client s3, String bucket, String key, SeededContent content) {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int p = 0; p < PARTS; p++) {
            int number = p + 1;
            byte[] bytes = content.bytes(p * PART_BYTES, (int) PART_BYTES);
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(number),
                    RequestBody.fromBytes(bytes)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
    }

    private static URL presign(Cluster cluster, String bucket, String key) {
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(URI.create(cluster.node(0).url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Cluster.ACCESS_KEY,
                        Cluster.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            return presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(30))
                    .getObjectRequest(g -> g.bucket(bucket).key(key))).url();
        }
    }

    /** Starts the readers at once and returns their connections once each got its status line. */
    private static List<Socket> stallReaders(int port, URL url) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(READERS);
        List<Future<Socket>> started = new ArrayList<>();
        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < READERS; i++) {
                started.add(clients.submit(() -> stalledReader(port, url)));
            }
            for (Future<Socket> reader : started) {
                readers.add(reader.get());
            }
            return readers;
        } catch (Exception | AssertionError e) {
            for (Socket reader : readers) {
                reader.close();
            }
            throw e;
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Sends a GET, reads the status line of the answer, then reads no more. A node at its budget answers 503
     * SlowDown; any other answer than that or a 200 fails.
     */
    private static Socket stalledReader(int port, URL url) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(60_000);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", url.getHost() + ":" + url.getPort());
        socket.getOutputStream().write(RawHttp.head("GET", url.getFile(), headers));
        socket.getOutputStream().flush();
        byte[] status = new byte[12];
        int n = socket.getInputStream().readNBytes(status, 0, status.length);
        String line = new String(status, 0, n, StandardCharsets.ISO_8859_1);
        assertTrue(line.equals("HTTP/1.1 200") || line.equals("HTTP/1.1 503"), line);
        return socket;
    }
}
