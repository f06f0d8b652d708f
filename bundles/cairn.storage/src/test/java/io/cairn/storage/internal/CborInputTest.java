/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class CborInputTest {

    private static CborInput of(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return new CborInput(b, 0, b.length);
    }

    /** Examples of RFC 8949 appendix A, each skipped whole: the integer after it must read back. */
    @Test
    void everyKindOfItemIsSkippedWhole() throws IOException {
        String[] items = {
            "00", "17", "1818", "190100", "1a000f4240", "1b000000e8d4a51000", "20", "3863", // integers
            "f93c00", "fa47c35000", "fb3ff199999999999a", // half, single and double floats
            "f4", "f5", "f6", "f7", "f0", "f8ff", // false, true, null, undefined, simple values
            "c074323031332d30332d32315432303a30343a30305a", "c11a514b67b0", // tags
            "4401020304", "5f42010243030405ff", // byte strings, definite and in chunks
            "6449455446", "7f657374726561646d696e67ff", // text strings, definite and in chunks
            "83010203", "9f018202039f0405ffff", "a201020304", "bf6346756ef563416d7421ff", // arrays and maps
        };
        for (String item : items) {
            CborInput in = of(item + "182a");
            in.skip();
            assertEquals(42, in.longValue(), item);
        }
    }

    @Test
    void valuesReadBack() throws IOException {
        assertEquals(-100, of("3863").longValue());
        assertEquals(1_000_000_000_000L, of("1b000000e8d4a51000").longValue());
        assertEquals(0, of("f6").intValue());
        assertEquals("streaming", of("7f657374726561646d696e67ff").text());
        assertEquals("\u00fc", of("62c3bc").text());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, of("5f42010243030405ff").bytes());
        CborInput map = of("bf6346756ef563416d7421ff");
        long n = map.mapHeader();
        assertEquals(CborInput.INDEFINITE, n);
        assertTrue(map.hasNext(n, 0));
        assertEquals("Fun", map.text());
        map.skip();
        assertTrue(map.hasNext(n, 1));
        assertEquals("Amt", map.text());
        assertEquals(-2, map.longValue());
        assertEquals(false, map.hasNext(n, 2));
    }

    @Test
    void malformedOrTruncatedInputFails() {
        String[] bad = {
            "", "18", "19ff", "1bffffffffffffffff", "44010203", "5f4201ff", "7f4101ff", "62c3", "9f01",
            "83 0102".replace(" ", ""), "ff", "1c", "f8", "c1", "bf63466e",
        };
        for (String hex : bad) {
            assertThrows(IOException.class, () -> {
                CborInput in = of(hex);
                in.skip();
                in.longValue();
            }, hex);
        }
        assertThrows(IOException.class, () -> of("1b8000000000000000").longValue(), "above Long.MAX_VALUE");
        assertThrows(IOException.class, () -> of("1a80000000").intValue(), "above Integer.MAX_VALUE");
        assertThrows(IOException.class, () -> of("6161").longValue(), "text where an integer belongs");
        assertThrows(IOException.class, () -> of("9b7fffffffffffffff").arrayHeader(), "array longer than input");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("81");
        }
        assertThrows(IOException.class, () -> of(deep + "00").skip(), "nesting");
    }
}
