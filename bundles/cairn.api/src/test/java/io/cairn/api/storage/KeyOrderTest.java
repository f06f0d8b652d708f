/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KeyOrderTest {

    private static final String[] PIECES = {"a", "/", "-", "~", "\u0001", "\u00e9", "\u4e2d", "\ud7ff", "\ue000",
        "\uff01", "\uffff", "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff"};

    @Test
    void sortsAsUtf8Bytes() {
        List<String> keys = new ArrayList<>(List.of("a\uff01", "a\ud83d\ude00", "a\ue000", "a~", "a", "a/b"));
        keys.sort(KeyOrder.COMPARATOR);
        assertEquals(List.of("a", "a/b", "a~", "a\ue000", "a\uff01", "a\ud83d\ude00"), keys);
    }

    @Test
    void agreesWithUtf8ByteComparisonOnSeededRandomKeys() {
        Random rnd = new Random(20261206);
        for (int round = 0; round < 20_000; round++) {
            String a = randomKey(rnd);
            String b = randomKey(rnd);
            int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                    b.getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, Integer.signum(KeyOrder.compare(a, b)), a + " vs " + b);
            if (belowSurrogates(a) && belowSurrogates(b)) {
                assertEquals(expected, Integer.signum(a.compareTo(b)), a + " vs " + b);
            }
        }
    }

    /** Strings without characters from U+D800 up, where String order is this order too (the walk relies on it). */
    private static boolean belowSurrogates(String s) {
        return s.chars().allMatch(c -> c < Character.MIN_SURROGATE);
    }

    private static String randomKey(Random rnd) {
        StringBuilder key = new StringBuilder();
        int length = rnd.nextInt(6);
        for (int i = 0; i < length; i++) {
            key.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return key.toString();
    }
}
