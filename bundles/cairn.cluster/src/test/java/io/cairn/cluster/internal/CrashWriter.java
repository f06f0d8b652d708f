/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import io.cairn.api.object.BucketOptions;
import io.cairn.api.object.CompletePart;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.object.PartInfo;
import io.cairn.api.object.PartOptions;
import io.cairn.api.object.PutOptions;

/**
 * The child process of {@link CrashTest}: writes objects in a loop over existing drive directories and reports
 * each write's start and acknowledgement on standard output, until it is killed.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    /**
     * Runs the writer.
     *
     * @param args drive root, deployment id, seed
     * @throws Exception on failure (the parent then sees no further acknowledgements)
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long seed = Long.parseLong(args[2]);
        Random rnd = new Random(seed);
        try (TestCluster c = new TestCluster(root, 1, 4, TestCluster.small(), UnaryOperator.identity(), args[1])) {
            try {
                c.layer.makeBucket("crash", BucketOptions.DEFAULT);
            } catch (ObjectStoreException e) {
                if (e.kind() != ErrorKind.BUCKET_ALREADY_OWNED_BY_YOU) {
                    throw e;
                }
            }
            for (int i = 0;; i++) {
                String key = "k" + rnd.nextInt(4);
                String value = seed + "-" + i;
                System.out.println("START " + key + " " + value);
                System.out.flush();
                if (rnd.nextInt(5) == 0) {
                    multipart(c, key, value);
                } else {
                    byte[] body = SimulationTest.body(value, rnd.nextBoolean() ? rnd.nextInt(3000)
                            : rnd.nextInt(400_000));
                    c.layer.putObject("crash", key, new ByteArrayInputStream(body), body.length, PutOptions.DEFAULT);
                }
                System.out.println("ACK " + key + " " + value);
                System.out.flush();
            }
        }
    }

    private static void multipart(TestCluster c, String key, String value) throws ObjectStoreException {
        byte[] body = SimulationTest.body(value, (5 << 20) + 1000);
        String id = c.layer.newMultipartUpload("crash", key, PutOptions.DEFAULT);
        int split = 5 << 20;
        PartInfo p1 = c.layer.putObjectPart("crash", key, id, 1, new ByteArrayInputStream(body, 0, split), split,
                PartOptions.DEFAULT);
        PartInfo p2 = c.layer.putObjectPart("crash", key, id, 2, new ByteArrayInputStream(body, split,
                body.length - split), body.length - split, PartOptions.DEFAULT);
        c.layer.completeMultipartUpload("crash", key, id, List.of(new CompletePart(1, p1.etag()),
                new CompletePart(2, p2.etag())), PutOptions.DEFAULT);
    }
}
