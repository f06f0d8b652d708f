/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Runs one measurement: prepares objects when the mode reads, lets the workers loop until the deadline, merges
 * their statistics, prints the report and removes what it wrote.
 */
final class Workload {

    /** Operations measured. */
    enum Op {
        PUT, GET, HEAD, LIST, MULTIPART
    }

    /** How many error messages are printed; the rest are only counted. */
    private static final int MAX_PRINTED_ERRORS = 5;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final Payload payload;
    private final String prefix;
    private final AtomicInteger printedErrors = new AtomicInteger();
    /** The measured wall-clock time of the last measurement, tail of in-flight operations included. */
    private double seconds;

    Workload(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.payload = new Payload(options.seed());
        this.prefix = String.format(Locale.ROOT, "loadgen-%x/", System.nanoTime() & 0xffffffffL);
    }

    /** A client of the worker's endpoint (worker 0 also sets up and cleans up). */
    private S3Client client(int worker) {
        return new S3Client(options.endpoint(worker), options.accessKey(), options.secretKey(), options.region(),
                options.bucket(), options.payloadSigning());
    }

    private String preparedKey(int i) {
        return String.format(Locale.ROOT, "%sobj-%08d", prefix, i);
    }

    /**
     * Runs the workload.
     *
     * @return the exit status: 0 when every operation succeeded (and verified)
     * @throws Exception when the setup fails
     */
    int run() throws Exception {
        try (S3Client setup = client(0)) {
            setup.createBucket();
        }
        out.printf(Locale.ROOT, "cairn-loadgen: mode=%s size=%d concurrency=%d duration=%ds payload=%s endpoint=%s%s%n",
                options.mode().name().toLowerCase(Locale.ROOT), options.objectBytes(), options.concurrency(),
                options.duration().toSeconds(), options.payloadSigning().optionValue(),
                options.endpoints().stream().map(URI::toString).collect(Collectors.joining(",")),
                options.verify() ? " verify" : "");
        int prepared = 0;
        if (options.mode() == Options.Mode.GET || options.mode() == Options.Mode.MIXED
                || options.mode() == Options.Mode.LIST) {
            prepared = options.preparedObjects();
            prepare(prepared);
        }
        Map<Op, Stats> total = measure(prepared);
        long errors = 0;
        for (Map.Entry<Op, Stats> entry : total.entrySet()) {
            if (entry.getValue().operations() + entry.getValue().errors() > 0) {
                out.println(entry.getValue().line(entry.getKey().name().toLowerCase(Locale.ROOT), seconds));
                errors += entry.getValue().errors();
            }
        }
        out.flush();
        if (!options.keep()) {
            cleanup();
        }
        return errors == 0 ? 0 : 1;
    }

    private void prepare(int count) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        runWorkers(worker -> {
            try (S3Client client = client(worker)) {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                        client.put(preparedKey(i), payload, i, options.objectBytes());
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        report(e);
                    }
                }
            }
        });
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " objects could not be prepared");
        }
        out.printf(Locale.ROOT, "prepared %d objects of %d bytes%n", count, options.objectBytes());
    }

    private Map<Op, Stats> measure(int prepared) throws InterruptedException {
        List<Map<Op, Stats>> perWorker = new ArrayList<>();
        for (int w = 0; w < options.concurrency(); w++) {
            Map<Op, Stats> stats = new EnumMap<>(Op.class);
            for (Op op : Op.values()) {
                stats.put(op, new Stats());
            }
            perWorker.add(stats);
        }
        // A marker for scripts that sample something (traffic counters, say) over the measured phase only.
        out.printf(Locale.ROOT, "measuring: %d worker(s) for %d s%n", options.concurrency(),
                options.duration().toSeconds());
        out.flush();
        around("start");
        long start = System.nanoTime();
        long deadline = start + options.duration().toNanos();
        runWorkers(worker -> work(worker, perWorker.get(worker), deadline, prepared));
        seconds = (System.nanoTime() - start) / 1e9;
        around("end");
        Map<Op, Stats> total = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            Stats merged = new Stats();
            perWorker.forEach(stats -> merged.merge(stats.get(op)));
            total.put(op, merged);
        }
        return total;
    }

    private void work(int worker, Map<Op, Stats> stats, long deadline, int prepared) {
        SplittableRandom random = new SplittableRandom(options.seed() * 31 + worker);
        long written = 0;
        try (S3Client client = client(worker)) {
            while (System.nanoTime() < deadline) {
                Op op = choose(random);
                long object = prepared > 0 ? random.nextInt(prepared) : ((long) worker << 32) + written++;
                String key = prepared > 0 ? preparedKey((int) object)
                        : String.format(Locale.ROOT, "%sw%03d-%08d", prefix, worker, written);
                long begin = System.nanoTime();
                try {
                    long bytes = execute(client, op, key, object);
                    stats.get(op).record(System.nanoTime() - begin, bytes);
                } catch (IOException | RuntimeException e) {
                    stats.get(op).error();
                    report(e);
                }
            }
        }
    }

    private Op choose(SplittableRandom random) {
        return switch (options.mode()) {
            case PUT -> Op.PUT;
            case GET -> Op.GET;
            case LIST -> Op.LIST;
            case MULTIPART -> Op.MULTIPART;
            case MIXED -> {
                int dice = random.nextInt(100);
                yield dice < 50 ? Op.GET : dice < 80 ? Op.PUT : Op.HEAD;
            }
        };
    }

    private long execute(S3Client client, Op op, String key, long object) throws IOException {
        long size = options.objectBytes();
        switch (op) {
            case PUT -> client.put(key, payload, object, size);
            case MULTIPART -> client.multipart(key, payload, object, size, options.partBytes());
            case HEAD -> {
                client.head(key);
                return 0;
            }
            case LIST -> {
                List<String> keys = new ArrayList<>();
                String token = null;
                do {
                    token = client.listPage(prefix, token, keys);
                } while (token != null);
                if (options.verify() && keys.size() != options.preparedObjects()) {
                    throw new IOException("listing returned " + keys.size() + " keys instead of "
                            + options.preparedObjects());
                }
                return 0;
            }
            case GET -> {
                if (options.verify()) {
                    Payload.Verifier verifier = payload.new Verifier(object);
                    client.get(key, verifier);
                    String problem = verifier.problem(size);
                    if (problem != null) {
                        throw new IOException("GET " + key + ": " + problem);
                    }
                } else {
                    client.get(key, (buffer, offset, length) -> { });
                }
            }
            default -> throw new IllegalStateException("unknown operation " + op);
        }
        return size;
    }

    /** Runs the {@code --around} command with an argument and waits for it; its output goes to ours. */
    private void around(String phase) throws InterruptedException {
        if (options.around() == null) {
            return;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", options.around() + " " + phase).inheritIO().start();
            if (p.waitFor() != 0) {
                err.println("--around command failed with status " + p.exitValue() + " at " + phase);
            }
        } catch (IOException e) {
            err.println("--around command could not run: " + e.getMessage());
        }
    }

    private void cleanup() {
        try (S3Client client = client(0)) {
            List<String> keys = new ArrayList<>();
            String token = null;
            do {
                token = client.listPage(prefix, token, keys);
            } while (token != null);
            for (int from = 0; from < keys.size(); from += 1000) {
                client.deleteObjects(keys.subList(from, Math.min(keys.size(), from + 1000)));
            }
        } catch (IOException e) {
            err.println("cleanup of " + prefix + " failed: " + e.getMessage());
        }
    }

    private void report(Exception e) {
        if (printedErrors.getAndIncrement() < MAX_PRINTED_ERRORS) {
            err.println("error: " + e);
        }
    }

    /** The body of one worker thread. */
    private interface WorkerBody {
        void run(int worker);
    }

    private void runWorkers(WorkerBody body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < options.concurrency(); w++) {
            int worker = w;
            Thread thread = new Thread(() -> body.run(worker), "loadgen-" + w);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
