/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.List;

import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.KeyOrder;
import io.cairn.api.storage.WalkEntry;

/**
 * Merges the cursors of several sets and pools; an entry present in more than one (an object moved between pools
 * during expansion) is listed once, with the newest metadata.
 */
final class MergedCursor implements EntryCursor {

    private final List<? extends EntryCursor> cursors;
    private WalkEntry head;

    MergedCursor(List<? extends EntryCursor> cursors) {
        this.cursors = cursors;
    }

    @Override
    public WalkEntry peek() throws ObjectStoreException {
        if (head != null) {
            return head;
        }
        WalkEntry min = null;
        for (EntryCursor c : cursors) {
            WalkEntry e = c.peek();
            if (e == null) {
                continue;
            }
            int cmp = min == null ? -1 : KeyOrder.compare(e.name(), min.name());
            if (cmp < 0 || (cmp == 0 && newer(e, min))) {
                min = e;
            }
        }
        head = min;
        return head;
    }

    @Override
    public void advance() {
        String name = head.name();
        for (EntryCursor c : cursors) {
            try {
                WalkEntry e = c.peek();
                if (e != null && e.name().equals(name)) {
                    c.advance();
                }
            } catch (ObjectStoreException e) {
                // peek() already succeeded for every cursor while computing the head; a cached head cannot fail.
                throw new IllegalStateException(e);
            }
        }
        head = null;
    }

    @Override
    public void seek(String after) {
        head = null;
        for (EntryCursor c : cursors) {
            c.seek(after);
        }
    }

    private static boolean newer(WalkEntry a, WalkEntry b) {
        return a.info() != null && (b.info() == null || a.info().modTime().isAfter(b.info().modTime()));
    }
}
