/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.List;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.KeyOrder;
import io.cairn.api.storage.WalkEntry;

/**
 * Pages through one drive's walk, holding at most one page in memory. A failing drive ends its cursor and records
 * the failure for the set's quorum decision.
 */
final class DriveCursor implements EntryCursor {

    private final Drive drive;
    private final String volume;
    private final String prefix;
    private final boolean recursive;
    private final int pageSize;
    /** Whether the walk also returns orphans ({@link Drive#walkWithOrphans}). */
    private final boolean orphans;
    private List<WalkEntry> page = List.of();
    private int pos;
    private String last;
    private boolean done;
    private DriveException error;

    DriveCursor(Drive drive, String volume, String prefix, String after, boolean recursive, int pageSize,
            boolean orphans) {
        this.orphans = orphans;
        this.drive = drive;
        this.volume = volume;
        this.prefix = prefix;
        this.last = after;
        this.recursive = recursive;
        this.pageSize = pageSize;
    }

    @Override
    public WalkEntry peek() {
        while (pos >= page.size()) {
            if (done) {
                return null;
            }
            fetch();
        }
        return page.get(pos);
    }

    /**
     * Tells whether the next {@link #peek()} would ask the drive for a page.
     *
     * @return whether the current page is used up and the walk is not done
     */
    boolean needsPage() {
        return pos >= page.size() && !done;
    }

    /**
     * Asks the drive for the next page; a failure ends the cursor and is kept for {@link #error()}. May run on
     * another thread than the cursor's user, who must wait for it to finish before using the cursor again.
     */
    void fetch() {
        try {
            page = orphans ? drive.walkWithOrphans(volume, prefix, last, recursive, pageSize)
                    : drive.walk(volume, prefix, last, recursive, pageSize);
        } catch (DriveException e) {
            error = e;
            page = List.of();
            done = true;
            return;
        }
        pos = 0;
        done = page.size() < pageSize;
    }

    @Override
    public void advance() {
        last = page.get(pos).name();
        pos++;
    }

    @Override
    public void seek(String after) {
        while (pos < page.size() && KeyOrder.compare(page.get(pos).name(), after) <= 0) {
            pos++;
        }
        if (KeyOrder.compare(after, last) > 0) {
            last = after;
        }
    }

    /**
     * Returns the failure that ended this cursor, if any.
     *
     * @return the failure or {@code null}
     */
    DriveException error() {
        return error;
    }
}
