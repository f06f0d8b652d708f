/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.eclipse.jetty.io.Content;

/**
 * Reads and discards what is left of a request body, up to a limit, without holding a thread: it reads what has
 * arrived and asks to be called again when more comes. A client that sends its body slowly, or stops, costs the
 * node a connection, never one of the threads that serve requests; the connection's idle timeout ends a stalled
 * body. Each instance drains one body once.
 */
final class BodyDrain extends ChunkReader {

    private final Consumer<Boolean> done;
    private long left;

    private BodyDrain(Content.Source body, long limitBytes, Consumer<Boolean> done) {
        super(body);
        this.left = limitBytes;
        this.done = done;
    }

    /**
     * Starts draining a body; returns at once.
     *
     * @param body the request body
     * @param limitBytes the most bytes to read and discard
     * @param done called once, on a thread that delivered the body's end or failure, with {@code true} when the
     *        body ended within the limit and {@code false} when more follows or reading failed (a reset
     *        connection, an idle timeout)
     */
    static void start(Content.Source body, long limitBytes, Consumer<Boolean> done) {
        new BodyDrain(body, limitBytes, done).run();
    }

    @Override
    boolean accept(ByteBuffer bytes, boolean last) {
        left -= bytes.remaining();
        if (left < 0 || last) {
            done.accept(left >= 0);
            return true;
        }
        return false;
    }

    @Override
    void failed() {
        done.accept(false);
    }
}
