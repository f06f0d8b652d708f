/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.cairn.api.object.ListPage;
import io.cairn.api.object.ListRequest;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.KeyOrder;
import io.cairn.api.storage.WalkEntry;

/**
 * S3 listing semantics over a merged, sorted entry cursor.
 *
 * <p>Entries greater than the marker are grouped by the delimiter into common prefixes; a common prefix not greater
 * than the marker is skipped (so a marker that is a common prefix continues after it), and once a common prefix is
 * emitted the cursor seeks past every key under it, so a page costs about {@code maxKeys} entries however many keys
 * the prefixes hold. Objects and common prefixes together count toward {@code maxKeys}.
 */
final class Lister {

    /**
     * Appended to a non-empty prefix, sorts after every key starting with it ({@link KeyOrder}), to seek past them
     * all: U+10FFFF, the last code point, 256 times, which is 1024 UTF-8 bytes, the longest key.
     */
    static final String AFTER_ALL = "\udbff\udfff".repeat(256);

    private Lister() {
    }

    /**
     * Tells whether a listing can use the drives' non-recursive walk: only for the delimiter {@code /}, which the
     * directory layout follows.
     *
     * @param request the request
     * @return whether to walk one directory level
     */
    static boolean delimitedWalk(ListRequest request) {
        return "/".equals(request.delimiter());
    }

    /**
     * Lists one page.
     *
     * @param cursor the merged entries, started after the request's marker
     * @param request the request
     * @param toInfo turns an object entry into its description
     * @return the page
     * @throws ObjectStoreException {@code READ_QUORUM}
     */
    static ListPage page(EntryCursor cursor, ListRequest request, Function<WalkEntry, ObjectInfo> toInfo)
            throws ObjectStoreException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = "";
        if (request.maxKeys() == 0) {
            return new ListPage(objects, prefixes, false, "");
        }
        while (true) {
            String[] next = next(cursor, request);
            if (next == null) {
                return new ListPage(objects, prefixes, false, "");
            }
            if (objects.size() + prefixes.size() >= request.maxKeys()) {
                return new ListPage(objects, prefixes, true, last);
            }
            if (next[1] != null) {
                prefixes.add(next[1]);
                last = next[1];
                cursor.seek(next[1] + AFTER_ALL);
            } else {
                objects.add(toInfo.apply(cursor.peek()));
                last = next[0];
                cursor.advance();
            }
        }
    }

    /**
     * Finds the next emittable entry without consuming it: {@code {name, null}} for an object (at the cursor's
     * head) or {@code {name, commonPrefix}} for a common prefix.
     */
    private static String[] next(EntryCursor cursor, ListRequest request) throws ObjectStoreException {
        String prefix = request.prefix();
        String delimiter = request.delimiter();
        while (true) {
            WalkEntry e = cursor.peek();
            if (e == null) {
                return null;
            }
            String name = e.name();
            if (!name.startsWith(prefix)) {
                cursor.advance();
                continue;
            }
            String common = null;
            if (e.isPrefix()) {
                common = name;
            } else if (!delimiter.isEmpty()) {
                int at = name.indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    common = name.substring(0, at + delimiter.length());
                }
            }
            if (common == null) {
                if (e.info() == null) {
                    cursor.advance();
                    continue;
                }
                return new String[] {name, null};
            }
            if (KeyOrder.compare(common, request.marker()) <= 0) {
                cursor.seek(common + AFTER_ALL);
                continue;
            }
            return new String[] {name, common};
        }
    }
}
