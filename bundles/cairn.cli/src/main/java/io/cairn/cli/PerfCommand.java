/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * {@code cairn perf codec [K+M ...] [--json]}: measures every erasure codec found on the class path, offline (no
 * node needed). The measuring code lives in the {@code cairn.erasure.perf} bundle, which also serves the
 * {@code cairn:perf} Gogo command, so both print the same table. The arguments, {@code codec} included, pass
 * through unchanged.
 */
final class PerfCommand {

    /** The offline entry point in the perf bundle: {@code static int run(String[], PrintStream)}. */
    static final String CODEC_PERF = "io.cairn.erasure.perf.PerfMain";

    private final PrintStream out;
    private final PrintStream err;

    PerfCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length == 0 || !args[0].equals("codec")) {
            err.println("Usage: cairn perf codec [K+M ...] [--json]");
            return Main.USAGE;
        }
        try {
            Object status = Class.forName(CODEC_PERF).getMethod("run", String[].class, PrintStream.class)
                    .invoke(null, args, out);
            return (Integer) status;
        } catch (InvocationTargetException e) {
            err.println("cairn perf codec: " + e.getCause());
            return 1;
        } catch (ReflectiveOperationException e) {
            err.println("cairn perf codec: the codec bundles are not on the class path (" + e + ")");
            return 1;
        }
    }
}
