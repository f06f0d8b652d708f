/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of the load generator.
 *
 * @param endpoints the S3 endpoints ({@code http://host:port}); worker {@code i} talks to endpoint
 *     {@code i % endpoints.size()}, so requests spread evenly over the nodes of a cluster
 * @param accessKey the access key
 * @param secretKey the secret key
 * @param region the signing region
 * @param bucket the bucket (created when missing)
 * @param mode what to measure
 * @param objectBytes the object size
 * @param partBytes the part size of the multipart mode
 * @param concurrency the number of workers, each with its own connection
 * @param duration how long to measure
 * @param objects how many objects the get, mixed and list modes prepare (0: derived from the size)
 * @param verify whether GETs check every byte
 * @param seed the content seed
 * @param keep whether the objects stay after the run
 * @param payloadSigning how PUT and UploadPart bodies are sent
 * @param around a shell command run with the argument {@code start} just before the measured phase and {@code end}
 *     just after it (before the clean-up), or {@code null}: a benchmark script samples counters with it
 */
record Options(List<URI> endpoints, String accessKey, String secretKey, String region, String bucket, Mode mode,
        long objectBytes, long partBytes, int concurrency, Duration duration, int objects, boolean verify, long seed,
        boolean keep, PayloadSigning payloadSigning, String around) {

    /** The workloads. */
    enum Mode {
        /** PUT new objects. */
        PUT,
        /** GET prepared objects. */
        GET,
        /** 50% GET, 30% PUT (overwrite), 20% HEAD of prepared objects. */
        MIXED,
        /** Whole ListObjectsV2 listings (1000 keys a page) of the prepared objects; one operation per listing. */
        LIST,
        /** Whole multipart uploads (create, parts, complete). */
        MULTIPART
    }

    static final String USAGE = String.join("\n",
            "usage: cairn-loadgen [options]",
            "  --endpoint URL[,URL] S3 endpoint(s) (default http://127.0.0.1:9000); with several (comma-separated",
            "                       or the option repeated), worker i talks to endpoint i mod their number",
            "  --access-key KEY     default $CAIRN_ROOT_USER, $MINIO_ROOT_USER, $AWS_ACCESS_KEY_ID or minioadmin",
            "  --secret-key SECRET  default $CAIRN_ROOT_PASSWORD, $MINIO_ROOT_PASSWORD, $AWS_SECRET_ACCESS_KEY "
                    + "or minioadmin",
            "  --region NAME        signing region (default us-east-1)",
            "  --bucket NAME        bucket to use, created when missing (default cairn-loadgen)",
            "  --mode MODE          put | get | mixed (50% get, 30% put, 20% head) | list (whole listing of the",
            "                       prepared objects per operation) | multipart (default put)",
            "  --size SIZE          object size, e.g. 4KiB, 1MiB, 64MiB (default 1MiB)",
            "  --part-size SIZE     part size of the multipart mode (default 5MiB)",
            "  --concurrency N      parallel workers, one connection each (default 8)",
            "  --duration TIME      measuring time, e.g. 15s, 2m (default 15s)",
            "  --objects N          objects prepared for get, mixed and list (default: by size)",
            "  --verify             GETs check every byte they receive",
            "  --seed N             content seed (default 1)",
            "  --keep               leave the objects in the bucket afterwards",
            "  --payload HOW        how PUT bodies are signed: unsigned (UNSIGNED-PAYLOAD, default) | signed",
            "                       (SHA-256 of the body) | streaming-signed (aws-chunked, signed 128 KiB chunks,",
            "                       CRC32 trailer: the AWS SDK for Java v2 to http://) | streaming-unsigned",
            "                       (aws-chunked, CRC32 trailer: the same SDK to https://)",
            "  --around CMD         run 'CMD start' just before and 'CMD end' just after the measured phase");

    static Options parse(String[] args, Map<String, String> env) {
        List<URI> endpoints = new ArrayList<>();
        String accessKey = firstOf(env, "CAIRN_ROOT_USER", "MINIO_ROOT_USER", "AWS_ACCESS_KEY_ID");
        String secretKey = firstOf(env, "CAIRN_ROOT_PASSWORD", "MINIO_ROOT_PASSWORD", "AWS_SECRET_ACCESS_KEY");
        String region = "us-east-1";
        String bucket = "cairn-loadgen";
        Mode mode = Mode.PUT;
        long size = 1 << 20;
        long partSize = 5 << 20;
        int concurrency = 8;
        Duration duration = Duration.ofSeconds(15);
        int objects = 0;
        boolean verify = false;
        long seed = 1;
        boolean keep = false;
        String around = null;
        PayloadSigning payloadSigning = PayloadSigning.UNSIGNED;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--verify" -> verify = true;
                case "--keep" -> keep = true;
                case "--endpoint" -> {
                    for (String url : value(args, ++i, arg).split(",")) {
                        if (!url.isBlank()) {
                            endpoints.add(URI.create(url.trim()));
                        }
                    }
                }
                case "--access-key" -> accessKey = value(args, ++i, arg);
                case "--secret-key" -> secretKey = value(args, ++i, arg);
                case "--region" -> region = value(args, ++i, arg);
                case "--bucket" -> bucket = value(args, ++i, arg);
                case "--mode" -> mode = Mode.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                case "--size" -> size = bytes(value(args, ++i, arg));
                case "--part-size" -> partSize = bytes(value(args, ++i, arg));
                case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, arg));
                case "--duration" -> duration = duration(value(args, ++i, arg));
                case "--objects" -> objects = Integer.parseInt(value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--around" -> around = value(args, ++i, arg);
                case "--payload" -> payloadSigning = PayloadSigning.parse(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (endpoints.isEmpty()) {
            endpoints.add(URI.create("http://127.0.0.1:9000"));
        }
        for (URI endpoint : endpoints) {
            if (!"http".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("only http:// endpoints are supported: " + endpoint);
            }
        }
        if (concurrency < 1 || concurrency > 1024 || size < 0 || partSize < 1) {
            throw new IllegalArgumentException("concurrency must be 1..1024 and sizes positive");
        }
        return new Options(List.copyOf(endpoints), accessKey == null ? "minioadmin" : accessKey,
                secretKey == null ? "minioadmin" : secretKey, region, bucket, mode, size, partSize, concurrency,
                duration, objects, verify, seed, keep, payloadSigning, around);
    }

    /**
     * Returns the endpoint a worker talks to.
     *
     * @param worker the worker index
     * @return its endpoint
     */
    URI endpoint(int worker) {
        return endpoints.get(worker % endpoints.size());
    }

    /** @return how many objects to prepare for the get, mixed and list modes */
    int preparedObjects() {
        if (objects > 0) {
            return objects;
        }
        if (mode == Mode.LIST) {
            return 2000;
        }
        long byBudget = (256L << 20) / Math.max(1, objectBytes);
        return (int) Math.max(Math.min(concurrency, 8), Math.min(200, byBudget));
    }

    private static String firstOf(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * Parses a size such as {@code 4KiB}, {@code 1MiB}, {@code 64MB} or {@code 1000}.
     *
     * @param text the size
     * @return bytes
     */
    static long bytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"},
            {"MB", "1000000"}, {"GB", "1000000000"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"},
            {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        return Math.round(Double.parseDouble(t) * unit);
    }

    /**
     * Parses a duration such as {@code 15s}, {@code 2m} or {@code 500ms}.
     *
     * @param text the duration
     * @return the duration
     */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
