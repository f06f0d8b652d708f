/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.RawHttp;
import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Many bodies at once through a node with a 256 MiB heap: the node bounds the buffers they hold and answers the
 * bodies beyond its budget 503 {@code SlowDown}, instead of running out of heap (32 PUTs of 16-64 MiB, or a few
 * dozen GET readers that stopped reading, used to end in {@code OutOfMemoryError}s in every thread of the node).
 * The objects are seeded and every byte read back is compared.
 */
class LowHeapConcurrencyTest {

    private static final long MIB = 1L << 20;
    private static final Map<String, String> LOW_HEAP = Map.of("CAIRN_JAVA_OPTS", "-Xmx256m");

    @Test
    void thirtyTwoConcurrentLargePutsDoNotExhaustTheHeap() throws Exception {
        try (S3Server server = S3Server.start("low-heap-puts", LOW_HEAP); S3Client s3 = server.aws()) {
            String bucket = S3Server.bucketName("puts");
            s3.createBucket(b -> b.bucket(bucket));
            Random sizes = new Random(7);
            List<SeededContent> contents = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                contents.add(new SeededContent(100 + i, 16 * MIB + (long) sizes.nextInt((int) (48 * MIB))));
            }
            ExecutorService clients = Executors.newFixedThreadPool(contents.size());
            List<Future<Boolean>> puts = new ArrayList<>();
            try {
                for (int i = 0; i < contents.size(); i++) {
                    SeededContent content = contents.get(i);
                    String key = "k" + i;
                    puts.add(clients.submit(() -> put(s3, bucket, key, content)));
                }
                int stored = 0;
                for (int i = 0; i < puts.size(); i++) {
                    if (puts.get(i).get()) {
                        stored++;
                        assertEquals(contents.get(i).digest("SHA-256"), digest(s3, bucket, "k" + i), "k" + i);
                    } else {
                        // The client may see its connection closed mid-body instead: it stopped waiting for
                        // 100 Continue and sent the body, which the node did not read. The node's log tells.
                        String answer = "PUT /" + bucket + "/k" + i + " answered SlowDown";
                        assertTrue(server.node().log().contains(answer), answer);
                    }
                }
                assertTrue(stored > 0, "some PUTs were stored");
            } finally {
                clients.shutdownNow();
            }
            assertHealthy(server);
        }
    }

    @Test
    void readersThatStopReadingDoNotExhaustTheHeap() throws Exception {
        try (S3Server server = S3Server.start("low-heap-readers", LOW_HEAP); S3Client s3 = server.aws()) {
            String bucket = S3Server.bucketName("readers");
            s3.createBucket(b -> b.bucket(bucket));
            SeededContent content = new SeededContent(42, 64 * MIB + 5);
            s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromContentProvider(content::stream,
                    content.length(), "application/octet-stream"));
            URL url = server.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket(bucket).key("big"))).url();
            int readers = 100;
            ExecutorService clients = Executors.newFixedThreadPool(readers);
            List<Future<Socket>> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < readers; i++) {
                    stalled.add(clients.submit(() -> stalledReader(server.port(), url)));
                }
                for (Future<Socket> reader : stalled) {
                    reader.get();
                }
                assertHealthy(server);
            } finally {
                for (Future<Socket> reader : stalled) {
                    if (reader.isDone() && !reader.isCancelled()) {
                        reader.get().close();
                    }
                }
                clients.shutdownNow();
            }
            // Closed connections give their buffers back: a reader and a writer get them again.
            assertEquals(content.digest("SHA-256"), digest(s3, bucket, "big"));
            assertTrue(put(s3, bucket, "more", new SeededContent(43, 8 * MIB)), "a PUT after the readers left");
            assertHealthy(server);
        }
    }

    /**
     * Sends a GET and reads the status line of the answer, then reads no more. A node at its budget answers
     * 503 SlowDown after its wait; any other answer than that or a 200 fails.
     */
    private static Socket stalledReader(int port, URL url) throws Exception {
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

    /**
     * Returns whether the PUT was stored; a node at its budget may only answer 503 SlowDown, which the client sees
     * as such or, when it was sending the body meanwhile, as a connection closed under it.
     */
    private static boolean put(S3Client s3, String bucket, String key, SeededContent content) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromContentProvider(content::stream,
                    content.length(), "application/octet-stream"));
            return true;
        } catch (S3Exception e) {
            assertEquals(503, e.statusCode(), key + ": " + e.getMessage());
            assertEquals("SlowDown", e.awsErrorDetails().errorCode(), key + ": " + e.getMessage());
            return false;
        } catch (SdkClientException e) {
            return false;
        }
    }

    private static String digest(S3Client s3, String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            return SeededContent.digest("SHA-256", in);
        }
    }

    private static void assertHealthy(S3Server server) throws Exception {
        assertEquals(200, server.node().status("/minio/health/live"), "node still live");
        assertFalse(server.node().log().contains("OutOfMemoryError"), server.node().log());
    }
}
