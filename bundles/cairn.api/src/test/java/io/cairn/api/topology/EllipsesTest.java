/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EllipsesTest {

    @Test
    void argumentWithoutRangeIsItself() {
        assertEquals(List.of("/mnt/disk1"), Ellipses.expand("/mnt/disk1"));
        assertFalse(Ellipses.hasEllipses("/mnt/disk1"));
        assertTrue(Ellipses.hasEllipses("/mnt/disk{1...2}"));
    }

    @Test
    void numericRange() {
        assertEquals(List.of("/d1", "/d2", "/d3", "/d4"), Ellipses.expand("/d{1...4}"));
    }

    @Test
    void numericRangeCrossingDigitCountIsNotPadded() {
        List<String> out = Ellipses.expand("/d{8...11}");
        assertEquals(List.of("/d8", "/d9", "/d10", "/d11"), out);
    }

    @Test
    void letterRange() {
        assertEquals(List.of("/a", "/b", "/c", "/d"), Ellipses.expand("/{a...d}"));
        assertEquals(List.of("X", "Y", "Z"), Ellipses.expand("{X...Z}"));
    }

    @Test
    void zeroPaddedRangeKeepsWidth() {
        List<String> out = Ellipses.expand("/mnt/disk{01...16}");
        assertEquals(16, out.size());
        assertEquals("/mnt/disk01", out.get(0));
        assertEquals("/mnt/disk09", out.get(8));
        assertEquals("/mnt/disk16", out.get(15));
        assertEquals(List.of("/d001", "/d002"), Ellipses.expand("/d{001...002}"));
        assertEquals(List.of("/d098", "/d099", "/d100"), Ellipses.expand("/d{098...100}"));
    }

    @Test
    void severalRangesLeftmostVariesSlowest() {
        assertEquals(List.of("h1/d1", "h1/d2", "h2/d1", "h2/d2", "h3/d1", "h3/d2"),
                Ellipses.expand("h{1...3}/d{1...2}"));
    }

    @Test
    void rangesInHostPortAndPath() {
        List<String> out = Ellipses.expand("http://node{1...2}:900{0...1}/mnt/{a...b}");
        assertEquals(8, out.size());
        assertEquals("http://node1:9000/mnt/a", out.get(0));
        assertEquals("http://node1:9000/mnt/b", out.get(1));
        assertEquals("http://node1:9001/mnt/a", out.get(2));
        assertEquals("http://node2:9001/mnt/b", out.get(7));
    }

    @Test
    void adjacentRanges() {
        assertEquals(List.of("1a", "1b", "2a", "2b"), Ellipses.expand("{1...2}{a...b}"));
    }

    @Test
    void singleElementRange() {
        assertEquals(List.of("/d5"), Ellipses.expand("/d{5...5}"));
    }

    @Test
    void twoDotsAreNamedAsTheMistake() {
        LayoutException e = assertThrows(LayoutException.class, () -> Ellipses.expand("/mnt/disk{1..4}"));
        assertEquals("'/mnt/disk{1..4}': {1..4} uses two dots; Cairn's ranges use three: {1...4}", e.getMessage());
    }

    @Test
    void twoDotLetterRangeIsNamedToo() {
        LayoutException e = assertThrows(LayoutException.class, () -> Ellipses.expand("/x/{a..d}"));
        assertTrue(e.getMessage().contains("{a...d}"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/d{1...4|without a matching '}'",
        "/d1...4}|without a matching '{'",
        "/d}{1...4}|without a matching '{'",
        "/d{{1...4}}|nests braces",
        "/d{abc}|is not a range",
        "/d{}|is not a range",
        "/d{...4}|missing a bound",
        "/d{1...}|missing a bound",
        "/d{4...1}|descending",
        "/d{d...a}|descending",
        "/d{1...d}|mixes a letter and a number",
        "/d{a...4}|mixes a letter and a number",
        "/d{a...D}|mixes lower and upper case",
        "/d{aa...bb}|is not a range",
        "/d{1.5...3}|is not a range",
        "/d{-1...3}|is not a range",
        "/d{1...9999999999}|too large",
        "/d{1...70000}|more than 65536",
        "/a{1...300}/b{1...300}|more than 65536",
    })
    void malformedBracesAreRefused(String argument, String expected) {
        LayoutException e = assertThrows(LayoutException.class, () -> Ellipses.expand(argument));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(argument), e.getMessage());
    }
}
