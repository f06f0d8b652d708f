/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

/**
 * One drive slot of the deployment as healing sees it.
 *
 * @param endpoint the drive's endpoint as given on the command line
 * @param pool the pool index, from 0
 * @param set the set index in the pool, from 0
 * @param position the position in the set, from 0
 * @param local whether the drive belongs to this node
 * @param state the drive's state now
 */
public record SetDrive(String endpoint, int pool, int set, int position, boolean local, State state) {

    /** A drive slot's state. */
    public enum State {
        /** The drive answers with its format. */
        ONLINE,
        /** The drive does not answer, or holds a format that does not fit. */
        OFFLINE,
        /** A local drive whose directory is missing or empty (a replaced disk): it can be formatted and healed. */
        UNFORMATTED
    }
}
