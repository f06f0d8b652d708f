/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code cairn-loadgen}: an S3 load generator in the spirit of MinIO's {@code warp}. Prints one {@code RESULT}
 * line per measured operation (ops/s, MiB/s, latency percentiles) and exits 1 when any operation failed or a
 * verified GET returned wrong bytes.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the load generator.
     *
     * @param args the command line (see {@code --help})
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the load generator without exiting the JVM.
     *
     * @param args the command line
     * @param env the environment (credentials)
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status: 0 success, 1 failed operations, 2 bad usage
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            out.println(Options.USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("cairn-loadgen: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        try {
            return new Workload(options, out, err).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("cairn-loadgen: " + e);
            return 1;
        }
    }
}
