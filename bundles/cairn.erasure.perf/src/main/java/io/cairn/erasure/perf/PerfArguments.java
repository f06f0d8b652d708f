/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.perf;

import java.util.ArrayList;
import java.util.List;

/** The arguments of {@code perf codec [k+m ...] [--json]}, shared by the Gogo command and the offline tool. */
record PerfArguments(List<int[]> configs, boolean json) {

    static final String USAGE = "usage: perf codec [k+m ...] [--json]   (default configurations: 4+2 8+4 12+4)";

    /**
     * Parses the arguments.
     *
     * @param args {@code codec}, then configurations and flags in any order
     * @return the parsed arguments
     * @throws IllegalArgumentException with a message for the user
     */
    static PerfArguments parse(String... args) {
        if (args == null || args.length == 0 || !"codec".equals(args[0])) {
            throw new IllegalArgumentException(USAGE);
        }
        List<int[]> configs = new ArrayList<>();
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            if ("--json".equals(args[i])) {
                json = true;
            } else if (args[i].startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            } else {
                configs.add(CodecPerf.parseConfig(args[i]));
            }
        }
        return new PerfArguments(configs.isEmpty() ? CodecPerf.DEFAULT_CONFIGS : configs, json);
    }
}
