/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.perf;

import io.cairn.api.erasure.ErasureCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * {@code bin/cairn perf codec [k+m ...] [--json]} without a running node: finds the codec providers on a flat
 * class path with {@link ServiceLoader} (the codec bundles' {@code META-INF/services} entries) and measures
 * them. A provider that declines to start here, such as the SIMD codec on a JVM without
 * {@code --add-modules jdk.incubator.vector}, is reported and skipped.
 */
public final class PerfMain {

    private PerfMain() {
    }

    /**
     * Runs the command.
     *
     * @param args {@code codec [k+m ...] [--json]}
     * @param out where the report goes
     * @return the exit status: 0 on success, 2 on bad arguments, 1 when no codec is available
     */
    public static int run(String[] args, PrintStream out) {
        PerfArguments parsed;
        try {
            parsed = PerfArguments.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        List<ErasureCodec> codecs = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        Iterator<ErasureCodec> it = ServiceLoader.load(ErasureCodec.class, PerfMain.class.getClassLoader())
                .iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                codecs.add(it.next());
            } catch (ServiceConfigurationError e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                declined.add(cause.getMessage());
            }
        }
        if (!parsed.json()) {
            for (String reason : declined) {
                out.println("# codec provider skipped: " + reason);
            }
        }
        if (codecs.isEmpty()) {
            out.println("no erasure codec found on the class path");
            return 1;
        }
        out.print(CodecPerf.format(new CodecPerf().measureAll(codecs, parsed.configs()), parsed.json()));
        out.flush();
        return 0;
    }

    /**
     * Entry point for {@code java -cp ... io.cairn.erasure.perf.PerfMain codec [k+m ...] [--json]}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }
}
