/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body passed through to the engine, counting its bytes and keeping the protocol failure
 * ({@link BodyException}) seen while reading it, so that the handler can answer that failure instead of the
 * engine's generic error for a body that ended badly. Subclasses look at each run of bytes as it passes.
 */
abstract class BodyStream extends FilterInputStream {

    private BodyException failure;
    private long count;

    /**
     * Creates the stream.
     *
     * @param in the body
     */
    BodyStream(InputStream in) {
        super(in);
    }

    /**
     * Looks at bytes that were just read; {@link #count()} already includes them.
     *
     * @param buffer the buffer
     * @param offset where they start
     * @param length how many there are, at least 1
     * @throws BodyException to fail the body, for example when it grew too large
     */
    abstract void passed(byte[] buffer, int offset, int length) throws BodyException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                passed(buffer, offset, n);
            }
            return n;
        } catch (BodyException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a request body passed through cannot skip");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /**
     * Returns a protocol failure seen while reading, so it can be reported instead of the engine's generic error.
     *
     * @return the failure or {@code null}
     */
    BodyException failure() {
        return failure;
    }

    /**
     * Returns how many bytes passed so far.
     *
     * @return the count
     */
    long count() {
        return count;
    }
}
