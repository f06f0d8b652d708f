/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * Evaluates the entity-tag lists of HTTP conditionals ({@code If-Match}, {@code If-None-Match} and S3's
 * {@code x-amz-copy-source-if-match} / {@code -none-match}) as RFC 9110 (sections 8.8.3 and 13.1) says: the value
 * is {@code *} or a comma-separated list of entity tags, and the condition holds when any listed tag matches.
 * A tag is quoted ({@code "a"}), weak ({@code W/"a"}) or, as S3 also accepts, bare ({@code a}); empty list
 * elements are skipped. ETags are compared octet by octet with the object's ETag (hex, no quotes).
 */
public final class EntityTags {

    /** The prefix of a weak entity tag. */
    private static final String WEAK = "W/";

    private EntityTags() {
    }

    /**
     * Tells whether an {@code If-Match} list matches an object, with the strong comparison: a weak tag never
     * matches. The caller decides what a missing object means; this compares with an existing one.
     *
     * @param list {@code *} or a list of entity tags
     * @param etag the object's ETag (no quotes)
     * @return whether {@code list} is {@code *} or holds a strong tag equal to {@code etag}
     */
    public static boolean matchesStrong(String list, String etag) {
        return matches(list, etag, false);
    }

    /**
     * Tells whether an {@code If-None-Match} list matches an object, with the weak comparison: {@code W/"a"}
     * matches the ETag {@code a} as {@code "a"} does.
     *
     * @param list {@code *} or a list of entity tags
     * @param etag the object's ETag (no quotes)
     * @return whether {@code list} is {@code *} or holds a tag, weak or strong, equal to {@code etag}
     */
    public static boolean matchesWeak(String list, String etag) {
        return matches(list, etag, true);
    }

    private static boolean matches(String list, String etag, boolean weakAllowed) {
        int pos = 0;
        while (pos < list.length()) {
            pos = skipSeparators(list, pos);
            if (pos == list.length()) {
                break;
            }
            boolean weak = list.startsWith(WEAK, pos);
            int start = weak ? pos + WEAK.length() : pos;
            int end = tagEnd(list, start);
            String tag = opaque(list.substring(start, end).trim());
            if ("*".equals(tag) || (weakAllowed || !weak) && tag.equals(etag)) {
                return true;
            }
            pos = end;
        }
        return false;
    }

    private static int skipSeparators(String list, int from) {
        int pos = from;
        while (pos < list.length() && (list.charAt(pos) == ',' || list.charAt(pos) == ' '
                || list.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    /** The end of the tag starting at {@code start}: after its closing quote, or at the next comma when bare. */
    private static int tagEnd(String list, int start) {
        if (start < list.length() && list.charAt(start) == '"') {
            int close = list.indexOf('"', start + 1);
            return close < 0 ? list.length() : close + 1;
        }
        int comma = list.indexOf(',', start);
        return comma < 0 ? list.length() : comma;
    }

    /** A tag without its quotes (a tag missing its closing quote keeps the rest of the value). */
    private static String opaque(String tag) {
        String t = tag.startsWith("\"") ? tag.substring(1) : tag;
        return t.endsWith("\"") ? t.substring(0, t.length() - 1) : t;
    }
}
