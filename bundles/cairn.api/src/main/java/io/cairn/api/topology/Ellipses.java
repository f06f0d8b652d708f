/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands ellipses ranges in an endpoint argument.
 *
 * <p>A range is written with three dots between braces: {@code {1...4}} (numbers), {@code {a...d}} (single letters
 * of the same case) or {@code {01...16}} (numbers zero-padded to the width of the wider bound, kept because a
 * leading zero in the first bound asks for it). An argument may hold several ranges anywhere (host, port, path);
 * the result is their cartesian product in reading order, the leftmost range varying slowest, so
 * {@code h{1...2}/d{1...2}} gives {@code h1/d1, h1/d2, h2/d1, h2/d2}. (MinIO lists the same set in another order;
 * the order only decides the drive numbering within a node, never the set placement, which {@link Topology}
 * spreads across nodes on its own.)
 *
 * <p>Any other use of braces is refused rather than taken literally: a two-dot range ({@code {1..4}}, what a shell
 * leaves behind when the argument was quoted) is the common mistake and is named as such; unbalanced braces,
 * empty, descending or mixed letter/number ranges are errors. The expansion of one argument is limited to
 * {@value #MAX_EXPANSION} strings.
 */
public final class Ellipses {

    /** Largest number of strings one argument may expand to; far above any real deployment, it stops typos. */
    public static final int MAX_EXPANSION = 65_536;

    private static final String DOTS = "...";

    private Ellipses() {
    }

    /**
     * Tells whether an argument contains at least one brace expression (valid or not).
     *
     * @param argument an endpoint argument
     * @return true when the argument contains {@code {} or {@code }}
     */
    public static boolean hasEllipses(String argument) {
        return argument.indexOf('{') >= 0 || argument.indexOf('}') >= 0;
    }

    /**
     * Expands every range in an argument.
     *
     * @param argument an endpoint argument, e.g. {@code http://node{1...4}:9000/mnt/disk{01...08}}
     * @return the expanded strings in order; the argument itself when it has no range
     * @throws LayoutException when a brace expression is malformed or the expansion is too large
     */
    public static List<String> expand(String argument) {
        List<String> results = new ArrayList<>();
        results.add("");
        int i = 0;
        while (i < argument.length()) {
            int open = argument.indexOf('{', i);
            int strayClose = argument.indexOf('}', i);
            if (strayClose >= 0 && (open < 0 || strayClose < open)) {
                throw new LayoutException("'" + argument + "' has a '}' without a matching '{'");
            }
            if (open < 0) {
                results = append(results, List.of(argument.substring(i)), argument);
                break;
            }
            int close = argument.indexOf('}', open);
            int nested = argument.indexOf('{', open + 1);
            if (close < 0) {
                throw new LayoutException("'" + argument + "' has a '{' without a matching '}'");
            }
            if (nested >= 0 && nested < close) {
                throw new LayoutException("'" + argument + "' nests braces; write ranges one after the other, "
                        + "like {1...4}{a...d}");
            }
            results = append(results, List.of(argument.substring(i, open)), argument);
            results = append(results, range(argument.substring(open + 1, close), argument), argument);
            i = close + 1;
        }
        return List.copyOf(results);
    }

    private static List<String> append(List<String> prefixes, List<String> suffixes, String argument) {
        if ((long) prefixes.size() * suffixes.size() > MAX_EXPANSION) {
            throw new LayoutException("'" + argument + "' expands to more than " + MAX_EXPANSION + " endpoints");
        }
        List<String> out = new ArrayList<>(prefixes.size() * suffixes.size());
        for (String prefix : prefixes) {
            for (String suffix : suffixes) {
                out.add(prefix + suffix);
            }
        }
        return out;
    }

    private static List<String> range(String body, String argument) {
        String brace = "{" + body + "}";
        int dots = body.indexOf(DOTS);
        if (dots < 0) {
            int two = body.indexOf("..");
            if (two >= 0) {
                throw new LayoutException("'" + argument + "': " + brace + " uses two dots; Cairn's ranges use three: {"
                        + body.substring(0, two) + DOTS + body.substring(two + 2) + "}");
            }
            throw new LayoutException("'" + argument + "': " + brace + " is not a range; ranges look like {1...4}, "
                    + "{a...d} or {01...16}");
        }
        String start = body.substring(0, dots);
        String end = body.substring(dots + DOTS.length());
        if (start.isEmpty() || end.isEmpty()) {
            throw new LayoutException("'" + argument + "': " + brace + " is missing a bound; ranges look like {1...4}");
        }
        if (isNumber(start) && isNumber(end)) {
            return numbers(start, end, brace, argument);
        }
        if (isLetter(start) && isLetter(end)) {
            return letters(start.charAt(0), end.charAt(0), brace, argument);
        }
        if ((isNumber(start) || isLetter(start)) && (isNumber(end) || isLetter(end))) {
            throw new LayoutException("'" + argument + "': " + brace + " mixes a letter and a number; both bounds must "
                    + "be numbers or both letters");
        }
        throw new LayoutException("'" + argument + "': " + brace + " is not a range; bounds must be numbers "
                + "(like {1...16} or {01...16}) or single letters (like {a...d})");
    }

    private static List<String> numbers(String start, String end, String brace, String argument) {
        if (start.length() > 9 || end.length() > 9) {
            throw new LayoutException("'" + argument + "': " + brace + " has bounds that are too large");
        }
        int from = Integer.parseInt(start);
        int to = Integer.parseInt(end);
        checkOrder(from, to, brace, argument);
        if (to - from + 1 > MAX_EXPANSION) {
            throw new LayoutException("'" + argument + "' expands to more than " + MAX_EXPANSION + " endpoints");
        }
        int width = start.length() > 1 && start.charAt(0) == '0' ? Math.max(start.length(), end.length()) : 0;
        List<String> out = new ArrayList<>(to - from + 1);
        for (int n = from; n <= to; n++) {
            String digits = Integer.toString(n);
            out.add(digits.length() < width ? "0".repeat(width - digits.length()) + digits : digits);
        }
        return out;
    }

    private static List<String> letters(char from, char to, String brace, String argument) {
        if (Character.isUpperCase(from) != Character.isUpperCase(to)) {
            throw new LayoutException("'" + argument + "': " + brace + " mixes lower and upper case letters");
        }
        checkOrder(from, to, brace, argument);
        List<String> out = new ArrayList<>();
        for (char c = from; c <= to; c++) {
            out.add(String.valueOf(c));
        }
        return out;
    }

    private static void checkOrder(int from, int to, String brace, String argument) {
        if (from > to) {
            throw new LayoutException("'" + argument + "': " + brace + " is descending; write the smaller bound first");
        }
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(String s) {
        char c = s.isEmpty() ? '0' : s.charAt(0);
        return s.length() == 1 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z');
    }
}
