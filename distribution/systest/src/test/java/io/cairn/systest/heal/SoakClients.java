/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The clients of a fault soak: threads that PUT (inline, one to eight MiB, multipart), overwrite, GET (whole and
 * ranged), DELETE and LIST a small set of keys they share, each request through a node picked at random among the
 * ones not under a fault. Every PUT and DELETE goes into a {@link SoakHistory}; every GET and LIST answer is checked
 * against it, and every content byte for byte against its seed (carried in the object's user metadata). Keeps
 * violations (wrong data, a lost or resurrected key) apart from failed requests, and counts the failures by kind.
 */
final class SoakClients implements AutoCloseable {

    /** User metadata holding the content seed of an object. */
    static final String SEED_META = "soak-seed";
    private static final int KEYS = 32;
    private static final String PREFIX = "soak/";
    private static final long MIB = 1L << 20;
    private static final long PART = 5 * MIB;

    private final String bucket;
    private final SoakHistory history;
    private final IntFunction<S3Client> clients;
    private final Supplier<List<Integer>> healthyNodes;
    private final Outages outages;
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /** Tells whether a node was killed or frozen while a request through it ran. */
    @FunctionalInterface
    interface Outages {
        /**
         * @param node the node index
         * @param from when the request started (nanoTime)
         * @param to when it failed
         * @return whether the node was down or frozen for part of that time
         */
        boolean cut(int node, long from, long to);
    }

    SoakClients(String bucket, SoakHistory history, IntFunction<S3Client> clients,
            Supplier<List<Integer>> healthyNodes, Outages outages) {
        this.bucket = bucket;
        this.history = history;
        this.clients = clients;
        this.healthyNodes = healthyNodes;
        this.outages = outages;
    }

    /**
     * Starts the client threads.
     *
     * @param count how many
     * @param seed the seed of their choices and contents
     */
    void start(int count, long seed) {
        for (int w = 0; w < count; w++) {
            SplittableRandom random = new SplittableRandom(seed * 7_919 + w);
            Thread t = new Thread(() -> run(random), "soak-client-" + w);
            threads.add(t);
            t.start();
        }
    }

    static String key(int i) {
        return String.format("%sk%02d", PREFIX, i);
    }

    private void run(SplittableRandom random) {
        while (!stopped) {
            List<Integer> nodes = healthyNodes.get();
            int node = nodes.get(random.nextInt(nodes.size()));
            String key = key(random.nextInt(KEYS));
            int dice = random.nextInt(100);
            String what = dice < 25 ? "PUT-small" : dice < 38 ? "PUT-large" : dice < 43 ? "PUT-multipart"
                    : dice < 65 ? "GET" : dice < 75 ? "GET-range" : dice < 87 ? "DELETE" : "LIST";
            long start = System.nanoTime();
            try {
                switch (what) {
                    case "PUT-small" -> put(node, key, random.nextLong() | 1, random.nextLong(128 * 1024 + 1));
                    case "PUT-large" -> put(node, key, random.nextLong() | 1, random.nextLong(MIB, 8 * MIB + 1));
                    case "PUT-multipart" -> multipart(node, key, random.nextLong() | 1,
                            PART + random.nextLong(1, 3 * MIB));
                    case "GET" -> get(node, key, random, false);
                    case "GET-range" -> get(node, key, random, true);
                    case "DELETE" -> delete(node, key);
                    default -> list(node);
                }
                count(what + " ok");
            } catch (S3Exception e) {
                String code = e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode();
                count(what + " " + e.statusCode() + " " + code);
                if (e.statusCode() != 503) {
                    unexpected.add(Instant.now() + " " + what + " " + key + " via node " + (node + 1) + ": "
                            + e.statusCode() + " " + code + " " + e.getMessage());
                }
            } catch (SdkClientException e) {
                count(what + " no answer");
            } catch (IOException | RuntimeException e) {
                // A response cut off mid-body by its own node's kill is no answer either.
                if (outages.cut(node, start, System.nanoTime())) {
                    count(what + " cut by its node's fault");
                } else {
                    count(what + " " + e.getClass().getSimpleName());
                    unexpected.add(Instant.now() + " " + what + " " + key + " via node " + (node + 1) + ": "
                            + e);
                }
            }
        }
    }

    private void put(int node, String key, long seed, long size) {
        SeededContent content = new SeededContent(seed, size);
        recorded(key, seed, () -> clients.apply(node).putObject(b -> b.bucket(bucket).key(key).contentLength(size)
                .metadata(Map.of(SEED_META, Long.toString(seed))),
                RequestBody.fromContentProvider(content::stream, size, "application/octet-stream")));
    }

    private void multipart(int node, String key, long seed, long size) {
        SeededContent content = new SeededContent(seed, size);
        S3Client s3 = clients.apply(node);
        recorded(key, seed, () -> {
            String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                    .metadata(Map.of(SEED_META, Long.toString(seed)))).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (long from = 0; from < size; from += PART) {
                long start = from;
                long length = Math.min(PART, size - from);
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(number)
                        .contentLength(length), RequestBody.fromContentProvider(() -> content.stream(start, length),
                                length, "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
        });
    }

    private void delete(int node, String key) {
        recorded(key, SoakHistory.ABSENT, () -> clients.apply(node).deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /**
     * Runs a write and records its outcome in the history: acknowledged when it returned, no answer when the client
     * got none (it may still take effect), failed when it was answered with an error.
     */
    private void recorded(String key, long seed, Runnable write) {
        SoakHistory.Op op = history.begin(key, seed);
        SoakHistory.Outcome outcome = SoakHistory.Outcome.FAILED;
        try {
            write.run();
            outcome = SoakHistory.Outcome.ACKNOWLEDGED;
        } catch (SdkClientException e) {
            outcome = SoakHistory.Outcome.NO_ANSWER;
            throw e;
        } finally {
            history.end(op, outcome);
        }
    }

    private void get(int node, String key, SplittableRandom random, boolean ranged) throws IOException {
        long start = System.nanoTime();
        long first = 0;
        long last = -1;
        long seed;
        String range = null;
        if (ranged) {
            first = random.nextLong(8 * MIB);
            last = first + random.nextLong(2 * MIB);
            range = "bytes=" + first + "-" + last;
        }
        String requested = range;
        try (ResponseInputStream<GetObjectResponse> in = clients.apply(node).getObject(b -> b.bucket(bucket).key(key)
                .range(requested))) {
            seed = seedOf(key, in.response());
            long size = objectSize(in.response(), ranged);
            long from = ranged ? Math.min(first, size) : 0;
            long expectedLength = ranged ? Math.min(last, size - 1) - from + 1 : size;
            compare(key + " via node " + (node + 1) + (ranged ? " " + requested : ""), new SeededContent(seed, size),
                    from, expectedLength, in);
        } catch (NoSuchKeyException e) {
            seed = SoakHistory.ABSENT;
        } catch (S3Exception e) {
            if (ranged && e.statusCode() == 416) {
                count("GET-range 416");
                return;
            }
            throw e;
        }
        long end = System.nanoTime();
        if (!history.possible(key, seed, start, end)) {
            violations.add(Instant.now() + " GET " + key + " via node " + (node + 1) + " " + history.millis(start)
                    + " - " + history.millis(end) + " returned " + (seed == SoakHistory.ABSENT ? "404" : "version "
                    + seed) + ", which it may not hold then:" + history.describe(key));
        }
    }

    private long seedOf(String key, GetObjectResponse response) {
        String value = response.metadata().get(SEED_META);
        if (value == null) {
            throw new IllegalStateException(key + ": no " + SEED_META + " metadata in " + response.metadata());
        }
        return Long.parseLong(value);
    }

    private static long objectSize(GetObjectResponse response, boolean ranged) {
        if (!ranged) {
            return response.contentLength();
        }
        String contentRange = response.contentRange();
        return Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1));
    }

    private void compare(String what, SeededContent content, long from, long length, InputStream actual)
            throws IOException {
        byte[] got = new byte[64 * 1024];
        long offset = 0;
        try (InputStream expected = content.stream(from, length)) {
            while (true) {
                int n = actual.readNBytes(got, 0, got.length);
                byte[] want = expected.readNBytes(n == 0 ? 1 : n);
                if (n == 0 && want.length == 0) {
                    return;
                }
                if (want.length != n) {
                    violations.add("WRONG DATA " + what + ": " + (n < want.length ? "ends early" : "too long")
                            + " at byte " + (from + offset + Math.min(n, want.length)) + " of seed " + content.seed()
                            + ", size " + content.length());
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (got[i] != want[i]) {
                        violations.add("WRONG DATA " + what + ": byte " + (from + offset + i) + " differs (seed "
                                + content.seed() + ", size " + content.length() + ")");
                        return;
                    }
                }
                offset += n;
            }
        }
    }

    private void list(int node) {
        long start = System.nanoTime();
        Set<String> listed = ConcurrentHashMap.newKeySet();
        for (S3Object o : clients.apply(node).listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX))
                .contents()) {
            listed.add(o.key());
        }
        long end = System.nanoTime();
        for (String key : history.keys()) {
            String when = " " + history.millis(start) + " - " + history.millis(end) + " ";
            if (!listed.contains(key) && history.mustList(key, start, end)) {
                violations.add(Instant.now() + " LIST via node " + (node + 1) + when + "misses " + key
                        + ", acknowledged before it:" + history.describe(key));
            }
            if (listed.contains(key) && history.mustNotList(key, start, end)) {
                violations.add(Instant.now() + " LIST via node " + (node + 1) + when + "shows " + key
                        + ", deleted before it:" + history.describe(key));
            }
        }
    }

    private void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    /** @return wrong data, lost or resurrected keys, in the order seen */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** @return errors other than 503 and no answer: 500s, 4xx the requests did not call for */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** @return requests by operation and answer */
    Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /**
     * Stops the threads after their current request.
     *
     * @throws InterruptedException when interrupted while waiting for them
     */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join();
        }
    }
}
