/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.KeyOrder;
import io.cairn.api.storage.WalkEntry;

/**
 * Merges the walks of one set's drives: an entry is listed when at least {@link Quorum#list(int)} drives hold it,
 * with the metadata most of them agree on. When several drives need their next page at the same time, the pages
 * are fetched in parallel (the drives walk at the same time instead of one after another).
 */
final class SetCursor implements EntryCursor {

    private final List<DriveCursor> cursors = new ArrayList<>();
    private final int quorum;
    private final boolean tolerant;
    private final String volume;
    private final Engine engine;
    private WalkEntry head;
    /** The positions of the drives whose entry for {@link #head} reports something to finish. */
    private final List<Integer> headFinishPending = new ArrayList<>();

    SetCursor(Engine engine, List<Drive> drives, String volume, String prefix, String after, boolean recursive,
            int pageSize) {
        this(engine, drives, volume, prefix, after, recursive, pageSize, Quorum.list(drives.size()), false);
    }

    /**
     * Creates the cursor of a scan: the union of the names the set's drives hold, recursively, as long as one drive
     * answers (a missing volume counts as empty). With {@code orphans}, the drives also report orphans
     * ({@link Drive#walkWithOrphans}); a name that is an orphan on every drive holding it comes out as an orphan
     * ({@link WalkEntry#isOrphan()}), a name some drive holds metadata for as that object, whose
     * {@link #finishPending()} includes the drives where it is an orphan.
     *
     * @param engine runs the drives' page fetches in parallel
     * @param drives the set's drives
     * @param volume the volume
     * @param prefix the prefix
     * @param after start after this name
     * @param pageSize entries per drive page
     * @param orphans whether orphans are walked too
     * @return the cursor
     */
    static SetCursor scan(Engine engine, List<Drive> drives, String volume, String prefix, String after,
            int pageSize, boolean orphans) {
        return new SetCursor(engine, drives, volume, prefix, after, true, pageSize, 1, true, orphans);
    }

    /**
     * Creates a cursor with an explicit listing quorum.
     *
     * @param engine runs the drives' page fetches in parallel
     * @param drives the set's drives
     * @param volume the volume
     * @param prefix the prefix
     * @param after start after this name
     * @param recursive whether to walk recursively
     * @param pageSize entries per drive page
     * @param quorum how many drives must hold an entry for it to be returned
     * @param tolerant whether failing drives are ignored as long as one drive answers (a missing volume then
     *     counts as empty)
     */
    SetCursor(Engine engine, List<Drive> drives, String volume, String prefix, String after, boolean recursive,
            int pageSize, int quorum, boolean tolerant) {
        this(engine, drives, volume, prefix, after, recursive, pageSize, quorum, tolerant, false);
    }

    private SetCursor(Engine engine, List<Drive> drives, String volume, String prefix, String after,
            boolean recursive, int pageSize, int quorum, boolean tolerant, boolean orphans) {
        this.engine = engine;
        for (Drive d : drives) {
            cursors.add(new DriveCursor(d, volume, prefix, after, recursive, pageSize, orphans));
        }
        this.quorum = quorum;
        this.tolerant = tolerant;
        this.volume = volume;
    }

    @Override
    public WalkEntry peek() throws ObjectStoreException {
        while (head == null) {
            fetchPages();
            String min = null;
            for (DriveCursor c : cursors) {
                WalkEntry e = c.peek();
                if (e != null && (min == null || KeyOrder.compare(e.name(), min) < 0)) {
                    min = e.name();
                }
            }
            checkQuorum();
            if (min == null) {
                return null;
            }
            List<WalkEntry> same = new ArrayList<>();
            headFinishPending.clear();
            for (int pos = 0; pos < cursors.size(); pos++) {
                WalkEntry e = cursors.get(pos).peek();
                if (e != null && e.name().equals(min)) {
                    same.add(e);
                    if (e.finishPending()) {
                        headFinishPending.add(pos);
                    }
                }
            }
            if (same.size() >= quorum) {
                head = new WalkEntry(min, agreed(same), !headFinishPending.isEmpty());
            } else {
                for (DriveCursor c : cursors) {
                    WalkEntry e = c.peek();
                    if (e != null && e.name().equals(min)) {
                        c.advance();
                    }
                }
            }
        }
        return head;
    }

    /**
     * Returns the drives whose walk reported something to finish for the entry {@link #peek} returned last.
     *
     * @return their positions in the set, ascending
     */
    List<Integer> finishPending() {
        return List.copyOf(headFinishPending);
    }

    @Override
    public void advance() {
        String name = head.name();
        for (DriveCursor c : cursors) {
            WalkEntry e = c.peek();
            if (e != null && e.name().equals(name)) {
                c.advance();
            }
        }
        head = null;
    }

    @Override
    public void seek(String after) {
        if (head != null && KeyOrder.compare(head.name(), after) <= 0) {
            head = null;
        }
        for (DriveCursor c : cursors) {
            c.seek(after);
        }
    }

    /** Fetches the next page of every drive that needs one, in parallel when more than one does. */
    private void fetchPages() {
        int needed = 0;
        for (DriveCursor c : cursors) {
            needed += c.needsPage() ? 1 : 0;
        }
        if (needed < 2) {
            return;
        }
        List<Callable<Object>> tasks = new ArrayList<>(cursors.size());
        for (DriveCursor c : cursors) {
            tasks.add(c.needsPage() ? () -> {
                c.fetch();
                return null;
            } : null);
        }
        engine.parallel(tasks);
    }

    private void checkQuorum() throws ObjectStoreException {
        int failed = 0;
        int noVolume = 0;
        for (DriveCursor c : cursors) {
            if (c.error() != null) {
                failed++;
                noVolume += c.error().reason() == DriveException.Reason.VOLUME_NOT_FOUND ? 1 : 0;
            }
        }
        if (tolerant) {
            if (failed - noVolume >= cursors.size()) {
                throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot scan " + volume + ": no drive of the"
                        + " set answers");
            }
            return;
        }
        if (noVolume >= quorum) {
            throw new ObjectStoreException(ErrorKind.NO_SUCH_BUCKET, "no such bucket: " + volume);
        }
        if (cursors.size() - failed < quorum) {
            throw new ObjectStoreException(ErrorKind.READ_QUORUM, "cannot list " + volume + ": " + failed + " of "
                    + cursors.size() + " drives failed");
        }
    }

    private static FileInfo agreed(List<WalkEntry> same) {
        FileInfo best = null;
        int bestCount = 0;
        for (WalkEntry e : same) {
            if (e.info() == null) {
                continue;
            }
            int count = 0;
            for (WalkEntry o : same) {
                count += o.info() != null && o.info().sameVersion(e.info()) ? 1 : 0;
            }
            if (count > bestCount || (count == bestCount && e.info().modTime().isAfter(best.modTime()))) {
                best = e.info();
                bestCount = count;
            }
        }
        return best;
    }
}
