/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;

/**
 * Reads the frames written by {@link FrameOutputStream} and yields the data bytes. It returns end of stream only
 * after a trailer whose length and CRC32C match what was read; an error frame is raised as the sender's
 * {@link DriveException}, and a stream that ends or breaks before its trailer raises {@code OFFLINE} (the sender
 * or the network went away).
 *
 * <p>A reader that knows how many bytes it asked for usually closes the stream right after the last of them.
 * Closing before the trailer cancels the HTTP/2 stream, and a node that receives many cancelled streams within a
 * second closes the whole connection (its protection against rapid-reset attacks), failing every other call on
 * it. So when every expected byte was read, {@link #close()} first takes the trailer, which the sender has
 * already written. Not thread-safe.
 */
final class FrameInputStream extends InputStream {

    private final DataInputStream in;
    private final String what;
    private final long expected;
    private final CRC32C crc = new CRC32C();
    private int frameLeft;
    private long total;
    private boolean done;

    /**
     * Wraps a stream of unknown length.
     *
     * @param source the framed bytes, closed by {@link #close()}
     * @param what what is transferred, for messages
     */
    FrameInputStream(InputStream source, String what) {
        this(source, what, -1);
    }

    /**
     * Wraps a stream.
     *
     * @param source the framed bytes, closed by {@link #close()}
     * @param what what is transferred, for messages
     * @param expected the number of data bytes asked for, or {@code -1} when unknown
     */
    FrameInputStream(InputStream source, String what, long expected) {
        this.in = new DataInputStream(source);
        this.what = what;
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (frameLeft == 0) {
            if (done || !nextFrame()) {
                return -1;
            }
        }
        int n;
        try {
            n = in.read(b, off, Math.min(len, frameLeft));
        } catch (DriveException e) {
            throw e;
        } catch (IOException e) {
            throw broken(e);
        }
        if (n < 0) {
            throw broken(new EOFException("end of stream inside a frame"));
        }
        crc.update(b, off, n);
        frameLeft -= n;
        total += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!done && frameLeft == 0 && total == expected) {
                nextFrame();
            }
        } catch (IOException e) {
            // The reader has every byte it asked for (each shard frame carries its own checksum); a trailer that
            // is damaged or missing only means the stream is cancelled on close, as before.
        } finally {
            in.close();
        }
    }

    /** Reads the next frame header; returns {@code false} after a valid trailer. */
    private boolean nextFrame() throws IOException {
        try {
            int length = in.readInt();
            if (length > 0) {
                if (length > FrameOutputStream.MAX_FRAME_BYTES) {
                    throw new DriveException(Reason.IO, what + ": frame of " + length + " bytes is too large");
                }
                frameLeft = length;
                return true;
            }
            if (length == 0) {
                long declared = in.readLong();
                int declaredCrc = in.readInt();
                done = true;
                if (in.read() >= 0) {
                    throw new DriveException(Reason.IO, what + ": bytes after the trailer");
                }
                if (declared != total || declaredCrc != (int) crc.getValue()) {
                    throw new DriveException(Reason.IO, what + ": transfer damaged (" + total + " bytes read, "
                            + declared + " sent, checksum " + (declaredCrc == (int) crc.getValue() ? "ok" : "bad")
                            + ")");
                }
                return false;
            }
            if (length == -1) {
                done = true;
                throw senderError();
            }
            throw new DriveException(Reason.IO, what + ": bad frame header " + length);
        } catch (DriveException e) {
            throw e;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    private DriveException senderError() throws IOException {
        byte[] rest = in.readNBytes(2 * (4 + FrameOutputStream.MAX_FRAME_BYTES));
        try {
            WireCodec.In args = new WireCodec.In(rest);
            String code = args.str();
            String message = args.str();
            return new DriveException(reason(code), message);
        } catch (WireCodec.MalformedException e) {
            return new DriveException(Reason.IO, what + ": malformed error frame");
        }
    }

    private static Reason reason(String code) {
        try {
            return Reason.valueOf(code);
        } catch (IllegalArgumentException e) {
            return Reason.IO;
        }
    }

    private DriveException broken(IOException cause) {
        return new DriveException(Reason.OFFLINE, what + " broke off after " + total + " bytes: " + cause, cause);
    }
}
