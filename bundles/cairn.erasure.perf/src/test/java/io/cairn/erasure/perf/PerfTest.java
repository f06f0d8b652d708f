/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.erasure.rs.PortableReedSolomon;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfTest {

    @Test
    void measuresAndFormatsJsonLines() {
        CodecPerf perf = new CodecPerf(0, 20);
        List<CodecPerf.Result> results = perf.measureAll(List.of(new PortableReedSolomon()),
                List.of(new int[] {4, 2}, new int[] {3, 0}));
        assertEquals(2, results.size());
        assertTrue(results.get(0).encodeMBps() > 0 && results.get(0).reconstructMBps() > 0);
        String json = CodecPerf.format(results, true);
        String[] lines = json.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("\\{\"codec\":\"rs-cauchy-gf8-v1/portable\",\"data\":4,\"parity\":2,"
                + "\"encodeMBps\":[0-9.]+,\"reconstructMBps\":[0-9.]+}"), lines[0]);
        String table = CodecPerf.format(results, false);
        assertTrue(table.startsWith("codec"), table);
        assertTrue(table.contains("4+2"), table);
    }

    @Test
    void parsesArguments() {
        PerfArguments a = PerfArguments.parse("codec", "6+3", "--json", "16+4");
        assertTrue(a.json());
        assertEquals(2, a.configs().size());
        assertEquals(16, a.configs().get(1)[0]);
        assertEquals(3, PerfArguments.parse("codec").configs().size());
        assertThrows(IllegalArgumentException.class, () -> PerfArguments.parse("drive"));
        assertThrows(IllegalArgumentException.class, () -> PerfArguments.parse("codec", "0+2"));
        assertThrows(IllegalArgumentException.class, () -> PerfArguments.parse("codec", "200+57"));
        assertThrows(IllegalArgumentException.class, () -> PerfArguments.parse("codec", "x"));
        assertThrows(IllegalArgumentException.class, () -> PerfArguments.parse("codec", "--fast"));
    }

    @Test
    void offlineEntryPointFindsProvidersWithServiceLoader() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(2, PerfMain.run(new String[] {"nonsense"}, out));
        assertEquals(0, PerfMain.run(new String[] {"codec", "2+1", "--json"}, out));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\"codec\":\"rs-cauchy-gf8-v1/portable\",\"data\":2,\"parity\":1"), text);
    }
}
