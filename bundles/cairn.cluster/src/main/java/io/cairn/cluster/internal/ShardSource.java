/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens the byte range of one shard file (on a drive or inline).
 */
@FunctionalInterface
interface ShardSource {

    /**
     * Opens a range of the shard file.
     *
     * @param offset the first byte
     * @param length the number of bytes
     * @return a stream of exactly that range
     * @throws IOException when the shard cannot be read
     */
    InputStream open(long offset, long length) throws IOException;
}
