/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Continuous S3 load from several client threads, each talking to one node: PUTs of new objects (recorded by a
 * {@link VerifyingClient} once acknowledged) and GETs of acknowledged ones, verified byte for byte. Counts what
 * succeeded and keeps every failure, so a test can require progress after a fault and tell which requests failed.
 */
public final class LoadDriver implements AutoCloseable {

    /** Object sizes: inline, one block, several blocks with a partial last one. */
    private static final long[] SIZES = {3_000, 200 * 1024, (1 << 20) + 12_345};
    /** Out of 100 operations, this many are PUTs; the rest GET an acknowledged object. */
    private static final int PUT_PERCENT = 60;

    private final VerifyingClient objects;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /**
     * Starts one client thread per given client.
     *
     * @param objects records the acknowledged writes
     * @param seed the seed of the keys, sizes and contents
     * @param clients one per thread; the node each one talks to
     * @return the running load
     */
    public static LoadDriver start(VerifyingClient objects, long seed, List<S3Client> clients) {
        LoadDriver load = new LoadDriver(objects);
        for (int w = 0; w < clients.size(); w++) {
            int worker = w;
            S3Client client = clients.get(w);
            Thread t = new Thread(() -> load.work(worker, client, new SplittableRandom(seed * 1_000 + worker)),
                    "load-" + w);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    private LoadDriver(VerifyingClient objects) {
        this.objects = objects;
    }

    private void work(int worker, S3Client client, SplittableRandom random) {
        long written = 0;
        while (!stopped) {
            List<VerifyingClient.Ack> acked = List.copyOf(objects.acknowledged().values());
            boolean put = acked.isEmpty() || random.nextInt(100) < PUT_PERCENT;
            String what = put ? "PUT" : "GET";
            try {
                if (put) {
                    String key = String.format("load/w%02d/%06d", worker, written++);
                    objects.put(client, key, random.nextLong(), SIZES[random.nextInt(SIZES.length)]);
                    puts.incrementAndGet();
                } else {
                    VerifyingClient.Ack ack = acked.get(random.nextInt(acked.size()));
                    what += " " + ack.key();
                    objects.verify(client, ack);
                    gets.incrementAndGet();
                }
            } catch (AssertionError e) {
                failures.add("worker " + worker + " " + what + ": WRONG DATA " + e.getMessage());
            } catch (Exception e) {
                failures.add("worker " + worker + " " + what + ": " + e);
            }
        }
    }

    /** @return acknowledged PUTs so far */
    public long puts() {
        return puts.get();
    }

    /** @return verified GETs so far */
    public long gets() {
        return gets.get();
    }

    /** @return every failed request so far, in the order they failed */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Waits until at least this many more PUTs and GETs than now succeeded.
     *
     * @param what the phase, for the failure message
     * @param more the number of additional successes of each kind
     */
    public void awaitProgress(String what, long more) {
        long putTarget = puts() + more;
        long getTarget = gets() + more;
        Cluster.await(more + " more PUTs and GETs " + what + " (failures: " + failures.size() + ")",
                () -> puts() >= putTarget && gets() >= getTarget);
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
