/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.WalkEntry;

/**
 * A sorted stream of walk entries that can skip ahead.
 */
interface EntryCursor {

    /**
     * Returns the next entry without consuming it.
     *
     * @return the entry, or {@code null} at the end
     * @throws ObjectStoreException {@code READ_QUORUM} or {@code NO_SUCH_BUCKET}
     */
    WalkEntry peek() throws ObjectStoreException;

    /** Consumes the entry {@link #peek()} returned. */
    void advance();

    /**
     * Skips every entry whose name is not greater than {@code after}.
     *
     * @param after the name to skip to
     */
    void seek(String after);
}
