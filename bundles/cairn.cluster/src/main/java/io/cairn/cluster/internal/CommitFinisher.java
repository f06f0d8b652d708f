/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.storage.Drive;

/**
 * Ends commits on some drives of a set with {@link Drive#finishCommit}, in parallel, and logs every drive where the
 * finish failed: what it should have dropped stays on that drive until the background scanner finds it, or the key
 * is written or deleted again. The caller holds the object's write lock.
 */
final class CommitFinisher {

    private static final Logger LOG = LoggerFactory.getLogger(CommitFinisher.class);

    private CommitFinisher() {
    }

    /**
     * Finishes the commit of an object on the chosen drives.
     *
     * @param engine runs the drive calls
     * @param drives the set's drives
     * @param volume the volume
     * @param key the key
     * @param chosen per drive position, whether to finish there
     * @param when when or by whom the commit is finished, for the log ({@code after a write}, {@code after a
     *     heal}, {@code by the scanner})
     * @return how many chosen drives finished
     */
    static int finish(Engine engine, List<Drive> drives, String volume, String key, boolean[] chosen, String when) {
        List<Callable<Object>> tasks = new ArrayList<>(drives.size());
        boolean any = false;
        for (int pos = 0; pos < drives.size(); pos++) {
            Drive d = drives.get(pos);
            any |= chosen[pos];
            tasks.add(chosen[pos] ? () -> {
                d.finishCommit(volume, key);
                return null;
            } : null);
        }
        if (!any) {
            return 0;
        }
        List<Engine.Outcome<Object>> finished = engine.parallel(tasks);
        int ok = 0;
        for (int pos = 0; pos < drives.size(); pos++) {
            Engine.Outcome<Object> f = finished.get(pos);
            if (f != null && f.ok()) {
                ok++;
            } else if (f != null) {
                LOG.warn("Finishing the commit of {}/{} {} failed on drive {}; what it drops stays there until the"
                        + " scanner finds it or the key is written or deleted again: {}", volume, key, when,
                        drives.get(pos).endpoint(), f.error().getMessage());
            }
        }
        return ok;
    }
}
