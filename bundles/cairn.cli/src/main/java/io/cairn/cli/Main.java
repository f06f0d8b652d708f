/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the {@code cairn} command. {@code bin/cairn} runs it on a class path holding this jar, the API jar
 * and the runtime jar, so that {@code server} can start the Felix runtime in the same JVM once the arguments are
 * known to be valid.
 */
public final class Main {

    /** Exit status for bad usage or an invalid configuration. */
    public static final int USAGE = 2;

    /** Returned by a command that handed the JVM over to the framework: the process keeps running. */
    static final int KEEP_RUNNING = -1;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        int status = new Main(System.out, System.err, System.getenv()).run(args);
        if (status != KEEP_RUNNING) {
            System.exit(status);
        }
    }

    int run(String[] args) {
        if (args.length == 0) {
            usage(err);
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "server":
                return new ServerCommand(out, err, env).run(rest);
            case "admin":
                return new AdminCommand(out, err, env).run(rest);
            case "perf":
                return new PerfCommand(out, err).run(rest);
            case "version":
            case "--version":
                out.println("cairn " + Version.current());
                return 0;
            case "help":
            case "--help":
            case "-h":
                usage(out);
                return 0;
            default:
                err.println("cairn: unknown command '" + args[0] + "'");
                usage(err);
                return USAGE;
        }
    }

    private static void usage(PrintStream stream) {
        stream.println("Usage: cairn <command> [arguments]");
        stream.println();
        stream.println("Commands:");
        stream.println("  server [--address :9000] [--console-address :9001] ENDPOINT...");
        stream.println("                      start a node serving the given drives (see 'cairn server --help')");
        stream.println("  admin [--address HOST:PORT] [--timeout SECONDS] COMMAND [ARGS...]");
        stream.println("                      run a Gogo shell command (e.g. cairn:info) on a running node");
        stream.println("  perf codec [K+M ...] [--json]");
        stream.println("                      measure the erasure codecs on this machine, offline");
        stream.println("  bench [OPTIONS]     S3 load generator against any S3 endpoint ('cairn bench --help')");
        stream.println("  version             print the version");
    }
}
