/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;

/**
 * An open object: its info and its stream, which holds the open shard files (and the object's read lock while it
 * still has files to open).
 */
final class ErasureObjectReader implements ObjectReader {

    private final ObjectInfo info;
    private final long offset;
    private final long length;
    private final boolean partial;
    private final ObjectStream stream;
    private final AtomicBoolean closed = new AtomicBoolean();

    ErasureObjectReader(ObjectInfo info, long offset, long length, boolean partial, ObjectStream stream) {
        this.info = info;
        this.offset = offset;
        this.length = length;
        this.partial = partial;
        this.stream = stream;
    }

    @Override
    public ObjectInfo info() {
        return info;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean partial() {
        return partial;
    }

    @Override
    public InputStream stream() {
        return stream;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stream.close();
        }
    }
}
