/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.ByteBuffer;

import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread: it takes the chunks that have arrived and asks Jetty to run it
 * again when more come, until a subclass has what it needs or the body fails. A client that sends slowly, or stops,
 * costs a connection, never a thread that serves requests; the connection's idle timeout ends a stalled body.
 */
abstract class ChunkReader implements Runnable {

    private final Content.Source body;

    /**
     * Creates a reader of a body; {@link #run()} starts it.
     *
     * @param body the request body
     */
    ChunkReader(Content.Source body) {
        this.body = body;
    }

    @Override
    public final void run() {
        while (true) {
            Content.Chunk chunk = body.read();
            if (chunk == null) {
                body.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failed();
                return;
            }
            boolean finished;
            try {
                finished = accept(chunk.getByteBuffer(), chunk.isLast());
            } finally {
                chunk.release();
            }
            if (finished) {
                return;
            }
        }
    }

    /**
     * Takes one chunk of the body (its bytes are valid only during the call).
     *
     * @param bytes the chunk's bytes
     * @param last whether the body ends with it
     * @return whether reading is over (the subclass has reported its outcome)
     */
    abstract boolean accept(ByteBuffer bytes, boolean last);

    /** Reports that the body could not be read (a reset connection, an idle timeout). */
    abstract void failed();
}
