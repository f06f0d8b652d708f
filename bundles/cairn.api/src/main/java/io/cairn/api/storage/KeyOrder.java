/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.util.Comparator;

/**
 * The order of object keys in walks and listings: UTF-8 binary order, which S3 documents for every listing and
 * which equals Unicode code point order.
 *
 * <p>{@link String#compareTo} orders UTF-16 code units instead, which differs for keys holding characters above
 * U+FFFF (stored as surrogates, U+D800 to U+DFFF) next to characters from U+E000 to U+FFFF: S3 lists
 * {@code a\uFF01} before {@code a😀}, {@code String.compareTo} the other way round. A client that resumes a
 * listing with {@code start-after} from a key of its own would skip keys if the server used another order.
 */
public final class KeyOrder {

    /** Compares keys in UTF-8 binary order. */
    public static final Comparator<String> COMPARATOR = KeyOrder::compare;

    private KeyOrder() {
    }

    /**
     * Compares two keys in UTF-8 binary (code point) order.
     *
     * @param a a key
     * @param b another key
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * Moves surrogates above U+E000..U+FFFF, so that comparing code units compares code points: a surrogate
     * starts a character above U+FFFF.
     */
    private static int rank(char c) {
        if (c < Character.MIN_SURROGATE) {
            return c;
        }
        return c <= Character.MAX_SURROGATE ? c + 0x2000 : c - 0x800;
    }
}
