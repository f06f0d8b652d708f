/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.api.lock.Lease;
import io.cairn.api.object.ObjectInfo;
import io.cairn.api.object.ObjectReader;

/**
 * An open object: its stream and, until closed, the object's read lock so that no writer replaces the data under
 * a reader.
 */
final class ErasureObjectReader implements ObjectReader {

    private final ObjectInfo info;
    private final long offset;
    private final long length;
    private final boolean partial;
    private final ObjectStream stream;
    private final Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    ErasureObjectReader(ObjectInfo info, long offset, long length, boolean partial, ObjectStream stream,
            Lease lease) {
        this.info = info;
        this.offset = offset;
        this.length = length;
        this.partial = partial;
        this.stream = stream;
        this.lease = lease;
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
            if (lease != null) {
                lease.close();
            }
        }
    }
}
