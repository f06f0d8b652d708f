/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An object's body whose first bytes were read before the answer began. The engine decodes a block on its first
 * read, and the first block is where a read that cannot gather enough good shards fails: read there, the failure
 * can still be answered with an S3 error instead of a 200 that breaks off. The rest streams from the engine's
 * stream, {@link #transferTo} included, so large bodies are still handed to the response without another copy.
 * Not thread-safe.
 */
final class PrefetchedBody extends InputStream {

    private final byte[] head;
    private final InputStream rest;
    private int position;

    private PrefetchedBody(byte[] head, InputStream rest) {
        this.head = head;
        this.rest = rest;
    }

    /**
     * Reads the first bytes of a body.
     *
     * @param body the body, closed by the returned stream's {@link #close()}
     * @param headBytes how many bytes to read now (fewer when the body ends first)
     * @return the whole body: the bytes read, then the rest of {@code body}
     * @throws IOException when reading the first bytes fails
     */
    static PrefetchedBody of(InputStream body, int headBytes) throws IOException {
        return new PrefetchedBody(body.readNBytes(headBytes), body);
    }

    @Override
    public int read() throws IOException {
        if (position < head.length) {
            return head[position++] & 0xff;
        }
        return rest.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position < head.length) {
            int n = Math.min(len, head.length - position);
            System.arraycopy(head, position, b, off, n);
            position += n;
            return n;
        }
        return rest.read(b, off, len);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        long sent = 0;
        if (position < head.length) {
            sent = head.length - position;
            out.write(head, position, (int) sent);
            position = head.length;
        }
        return sent + rest.transferTo(out);
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
