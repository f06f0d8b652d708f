/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.perf;

import io.cairn.api.erasure.ErasureCodec;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The Gogo command {@code cairn:perf codec [k+m ...] [--json]}: measures every registered {@link ErasureCodec}
 * (all providers, not only the highest-ranked) on this node, one thread, 1 MiB blocks.
 */
@Component(service = PerfCommand.class, property = {
    "osgi.command.scope=cairn",
    "osgi.command.function=perf"
})
public final class PerfCommand {

    /** Every registered codec; replaced by SCR whenever a provider comes or goes. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ErasureCodec> codecs;

    /**
     * Runs {@code perf codec [k+m ...] [--json]}.
     *
     * @param args the arguments after {@code perf}
     * @return the report
     * @throws IllegalArgumentException with the usage when the arguments are wrong
     * @throws IllegalStateException when no codec is registered
     */
    public String perf(String... args) {
        // A usage error leaves as IllegalArgumentException, which the admin endpoint answers as bad usage.
        PerfArguments parsed = PerfArguments.parse(args);
        List<ErasureCodec> current = new ArrayList<>(codecs == null ? List.of() : codecs);
        if (current.isEmpty()) {
            throw new IllegalStateException("no erasure codec is registered");
        }
        // Highest service ranking last in the injected list; report it first.
        java.util.Collections.reverse(current);
        return CodecPerf.format(new CodecPerf().measureAll(current, parsed.configs()), parsed.json());
    }
}
