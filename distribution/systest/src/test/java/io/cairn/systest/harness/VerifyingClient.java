/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Writes seeded objects and remembers every write the server acknowledged (key, content seed, size, SHA-256), so
 * that a test can read each of them back byte for byte later, through any node. Contents are generated from the
 * seed ({@link SeededContent}), so nothing is kept in memory but the record. Thread-safe.
 */
public final class VerifyingClient {

    /**
     * An acknowledged write.
     *
     * @param key the key
     * @param seed the content's seed
     * @param size the content's length
     * @param sha256 the content's hex SHA-256
     */
    public record Ack(String key, long seed, long size, String sha256) {
        /** @return the content that was written */
        public SeededContent content() {
            return new SeededContent(seed, size);
        }
    }

    private final String bucket;
    private final Map<String, Ack> acked = new ConcurrentHashMap<>();

    /**
     * Creates the client for one bucket.
     *
     * @param bucket the bucket the objects go to
     */
    public VerifyingClient(String bucket) {
        this.bucket = bucket;
    }

    /** @return the bucket */
    public String bucket() {
        return bucket;
    }

    /**
     * Writes an object and records it once the server acknowledged it.
     *
     * @param via the client of the node to write through
     * @param key the key
     * @param seed the content's seed
     * @param size the content's length
     * @return the record
     * @throws RuntimeException whatever the S3 client threw; nothing is recorded then
     */
    public Ack put(S3Client via, String key, long seed, long size) {
        SeededContent content = new SeededContent(seed, size);
        via.putObject(b -> b.bucket(bucket).key(key).contentLength(size),
                RequestBody.fromContentProvider(content::stream, size, "application/octet-stream"));
        Ack ack = new Ack(key, seed, size, content.digest("SHA-256"));
        acked.put(key, ack);
        return ack;
    }

    /** @return every acknowledged write, by key (the last one of a key that was written twice) */
    public Map<String, Ack> acknowledged() {
        return Map.copyOf(acked);
    }

    /**
     * Reads an acknowledged object back and compares it byte for byte with what was written.
     *
     * @param via the client of the node to read through
     * @param ack the write
     * @throws AssertionError when the object differs in length or any byte
     * @throws IOException when the response cannot be read
     */
    public void verify(S3Client via, Ack ack) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = via.getObject(b -> b.bucket(bucket).key(ack.key()));
                InputStream expected = ack.content().stream()) {
            long length = in.response().contentLength();
            if (length != ack.size()) {
                throw new AssertionError(ack.key() + ": length " + length + " instead of " + ack.size());
            }
            compare(ack, in, expected);
        }
    }

    /**
     * Reads every acknowledged object back through one node.
     *
     * @param via the client of the node to read through
     * @throws AssertionError naming the first object that differs
     * @throws IOException when a response cannot be read
     */
    public void verifyAll(S3Client via) throws IOException {
        for (Ack ack : List.copyOf(acked.values())) {
            verify(via, ack);
        }
    }

    private static void compare(Ack ack, InputStream actual, InputStream expected) throws IOException {
        byte[] a = new byte[64 * 1024];
        byte[] e = new byte[a.length];
        long offset = 0;
        while (true) {
            int n = actual.readNBytes(a, 0, a.length);
            int m = expected.readNBytes(e, 0, n == 0 ? e.length : n);
            if (n != m) {
                throw new AssertionError(ack.key() + ": " + (n < m ? "ends early" : "too long") + " at byte "
                        + (offset + Math.min(n, m)) + " (seed " + ack.seed() + ")");
            }
            if (n == 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                if (a[i] != e[i]) {
                    throw new AssertionError(ack.key() + ": byte " + (offset + i) + " differs (seed " + ack.seed()
                            + ", size " + ack.size() + ")");
                }
            }
            offset += n;
        }
    }
}
