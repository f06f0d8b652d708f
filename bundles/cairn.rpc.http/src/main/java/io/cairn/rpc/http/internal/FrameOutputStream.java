/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Writes a streamed transfer (a shard file going up or down) as frames, so that the receiver can tell a complete
 * transfer from a cut one and a failure on the sender's side from a network failure.
 *
 * <p>The frames are {@code [int length > 0][bytes]}..., then either the trailer {@code [int 0][long total bytes]
 * [int CRC32C of all bytes]} or an error {@code [int -1][reason][message]} (strings as in {@link WireCodec}). At
 * most {@link #FRAME_BYTES} are buffered; every frame is written through to the underlying stream, which blocks
 * while the peer does not read (HTTP/2 flow control), so memory per transfer stays bounded. Not thread-safe.
 */
final class FrameOutputStream extends OutputStream {

    /** Bytes per data frame. */
    static final int FRAME_BYTES = 64 << 10;
    /** Largest frame a reader accepts. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    /** Room for the frame header in front of the data, so that a frame leaves in one write. */
    private static final int HEADER_BYTES = 4;

    private final OutputStream out;
    private final byte[] buffer = new byte[HEADER_BYTES + FRAME_BYTES];
    private final CRC32C crc = new CRC32C();
    private int buffered;
    private long total;
    private boolean ended;

    /**
     * Wraps a stream.
     *
     * @param sink the underlying stream, closed by {@link #close()}
     */
    FrameOutputStream(OutputStream sink) {
        this.out = sink;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        while (len > 0) {
            int n = Math.min(len, FRAME_BYTES - buffered);
            System.arraycopy(b, off, buffer, HEADER_BYTES + buffered, n);
            crc.update(b, off, n);
            buffered += n;
            total += n;
            off += n;
            len -= n;
            if (buffered == FRAME_BYTES) {
                emit();
            }
        }
    }

    /**
     * Writes the buffered frame and the trailer. The underlying stream stays open.
     *
     * @throws IOException when the underlying stream fails
     */
    void finish() throws IOException {
        checkOpen();
        emit();
        out.write(ByteBuffer.allocate(16).putInt(0).putLong(total).putInt((int) crc.getValue()).array());
        out.flush();
        ended = true;
    }

    /**
     * Ends the transfer with an error instead of a trailer; the buffered bytes are dropped.
     *
     * @param code the error code, a {@code DriveException.Reason} name
     * @param message the message
     * @throws IOException when the underlying stream fails
     */
    void fail(String code, String message) throws IOException {
        checkOpen();
        ended = true;
        byte[] error = new WireCodec.Out().str(code).str(message == null ? "" : message).toBytes();
        out.write(ByteBuffer.allocate(HEADER_BYTES + error.length).putInt(-1).put(error).array());
        out.flush();
    }

    /** Finishes the transfer (unless it already ended) and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            if (!ended) {
                finish();
            }
        } finally {
            out.close();
        }
    }

    private void emit() throws IOException {
        if (buffered > 0) {
            ByteBuffer.wrap(buffer, 0, HEADER_BYTES).putInt(buffered);
            out.write(buffer, 0, HEADER_BYTES + buffered);
            buffered = 0;
        }
    }

    private void checkOpen() throws IOException {
        if (ended) {
            throw new IOException("transfer already ended");
        }
    }
}
