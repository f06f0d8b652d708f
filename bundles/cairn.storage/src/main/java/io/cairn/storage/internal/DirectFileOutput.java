/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a new file past the page cache ({@code O_DIRECT}) and syncs it on close, as MinIO writes shard files.
 *
 * <p>A buffered write copies every byte into the page cache, and the sync that follows writes it to the device
 * anyway; a direct write hands the device the writer's buffer. Direct writes must start at an aligned offset and
 * have an aligned length, so the bytes gather in an aligned buffer that is written whenever it is full; the tail
 * that does not fill a whole block is written through a second, buffered channel on close, and one sync of the
 * file then covers both.
 */
final class DirectFileOutput extends OutputStream {

    private final Path file;
    private final FileChannel direct;
    private final AlignedBuffers buffers;
    private final String what;
    private ByteBuffer stage;
    private long written;
    private boolean closed;

    /**
     * Wraps a channel opened with {@code ExtendedOpenOption.DIRECT}.
     *
     * @param file the file (reopened without direct I/O for the tail)
     * @param direct the direct channel, positioned at 0
     * @param buffers lends the aligned buffer
     * @param what a description for errors
     */
    DirectFileOutput(Path file, FileChannel direct, AlignedBuffers buffers, String what) {
        this.file = file;
        this.direct = direct;
        this.buffers = buffers;
        this.what = what;
        this.stage = buffers.take();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed: " + what);
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = Math.min(end - pos, stage.remaining());
            stage.put(b, pos, n);
            pos += n;
            if (!stage.hasRemaining()) {
                flushStage(stage.position());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int pending = stage.position();
            int aligned = pending & -AlignedBuffers.ALIGNMENT;
            if (aligned > 0) {
                flushStage(aligned);
            }
            if (pending > aligned) {
                writeTail();
            } else {
                direct.force(true);
            }
        } catch (IOException e) {
            throw Fs.map(e, "sync " + what);
        } finally {
            direct.close();
            buffers.give(stage);
            stage = null;
        }
    }

    /** Writes the first {@code n} staged bytes (a multiple of the alignment) directly and keeps the rest. */
    private void flushStage(int n) throws IOException {
        int end = stage.position();
        stage.position(0).limit(n);
        try {
            while (stage.hasRemaining()) {
                written += direct.write(stage);
            }
        } catch (IOException e) {
            throw Fs.map(e, "write " + what);
        }
        stage.limit(end).position(n);
        stage.compact();
    }

    /** Writes the unaligned tail through the page cache and syncs the whole file. */
    private void writeTail() throws IOException {
        try (FileChannel tail = FileChannel.open(file, StandardOpenOption.WRITE)) {
            stage.flip();
            long at = written;
            while (stage.hasRemaining()) {
                at += tail.write(stage, at);
            }
            tail.force(true);
        }
    }
}
