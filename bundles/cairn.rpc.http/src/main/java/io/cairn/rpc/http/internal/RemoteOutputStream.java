/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.ContentResponse;

import io.cairn.api.rpc.PeerException;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;

/**
 * The stream {@link RemoteDrive#createFile} returns: bytes go out in frames as they are written (each write blocks
 * while the peer does not keep up, HTTP/2 flow control being the backpressure), and {@link #close()} sends the
 * trailer and waits until the peer synced the file. A failure the peer reported (a bad name, a full drive) is
 * raised as its {@link DriveException}; a broken transfer as {@code OFFLINE}. If the stream is abandoned without
 * {@link #close()}, the peer deletes the partial file when the request breaks off.
 *
 * <p>A peer refuses an upload before it reads a byte of it in two cases: its handler has not opened the drive
 * ({@value Wire#NOT_OPEN}: the peer restarted, or its transport bundle was just replaced), or the upload reached a
 * handler that is stopping (503 with {@code Retry-After: 0}: the call raced the peer's router dropping the handler
 * during a transport hot swap). Nothing was written then, so the drive is opened again on the peer (through the
 * handler's successor) and the upload starts over with the bytes written so far, at most {@link #MAX_RESTARTS}
 * times. For that the stream keeps a copy of the first {@link #MAX_REPLAY_BYTES}, never more, so no whole shard of
 * a large object is held: a refusal that comes later than that fails as a broken transfer.
 */
final class RemoteOutputStream extends OutputStream {

    /** How long a failed write waits for the peer's own answer, which explains the failure better. */
    private static final long ANSWER_WAIT_MS = 2_000L;
    /**
     * Bytes kept to start a refused upload over. A peer that refuses an upload reads none of it, so a sender gets
     * at most the peer's stream receive window (Jetty's default of 512 KiB on the node listener) and a frame or two
     * out before its writes block and the refusal arrives.
     */
    static final int MAX_REPLAY_BYTES = 1 << 20;
    /**
     * Times an upload is started over. One suffices for either refusal (the restart opens the drive on the handler
     * that will take the upload); the second covers a restart that itself raced a handler being replaced.
     */
    static final int MAX_RESTARTS = 2;

    private final Peer peer;
    private final Restarter restarter;
    private final String what;
    private Peer.Upload upload;
    private FrameOutputStream frames;
    private ByteArrayOutputStream replay = new ByteArrayOutputStream();
    private int restarts;
    private boolean closed;

    /** Opens the drive again on the peer and starts the same upload anew. */
    @FunctionalInterface
    interface Restarter {
        /**
         * @return the new upload
         * @throws DriveException when the drive cannot be opened again or the upload not started
         */
        Peer.Upload restart() throws DriveException;
    }

    RemoteOutputStream(Peer peer, Peer.Upload upload, Restarter restarter, String what) {
        this.peer = peer;
        this.upload = upload;
        this.restarter = restarter;
        this.frames = new FrameOutputStream(upload.body());
        this.what = what;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new DriveException(Reason.IO, "write to closed stream " + what);
        }
        keep(b, off, len);
        try {
            if (answeredEarly()) {
                throw new IOException("the peer answered " + what + " before its end");
            }
            frames.write(b, off, len);
        } catch (IOException e) {
            DriveException failure = failure(e);
            if (!restartable(failure)) {
                throw failure;
            }
            restart();
            closed = false;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        while (true) {
            try {
                finish();
                return;
            } catch (RefusedUnreadException e) {
                if (!restartable(e)) {
                    throw e;
                }
                restart();
            }
        }
    }

    /**
     * Tells whether the peer already answered the upload, which it does before the end only to refuse it: sending
     * on would push more bytes than a restart can replay (once the peer answered, it reads and discards some of
     * them, which opens the flow-control window again).
     */
    private boolean answeredEarly() {
        return upload.refusal().get() != null || upload.response().isDone();
    }

    /** Sends the trailer and checks the peer's answer. */
    private void finish() throws DriveException {
        try {
            frames.close();
        } catch (IOException e) {
            throw failure(e);
        }
        ContentResponse response;
        try {
            response = upload.response().get(peer.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (upload.refusedUnread()) {
                throw refusedUnread();
            }
            throw new DriveException(Reason.OFFLINE, "writing " + what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            upload.request().abort(e);
            throw new DriveException(Reason.OFFLINE, "no answer for " + what + " within " + peer.callTimeoutMs()
                    + " ms", e);
        } catch (InterruptedException e) {
            upload.request().abort(e);
            Thread.currentThread().interrupt();
            throw new DriveException(Reason.OFFLINE, "interrupted while writing " + what, e);
        }
        check(response);
    }

    /** Copies written bytes for a restart while they fit; beyond the limit no restart is possible. */
    private void keep(byte[] b, int off, int len) {
        if (replay == null) {
            return;
        }
        if (replay.size() + (long) len > MAX_REPLAY_BYTES) {
            replay = null;
            return;
        }
        replay.write(b, off, len);
    }

    private boolean restartable(DriveException failure) {
        return failure instanceof RefusedUnreadException && restarts < MAX_RESTARTS && replay != null;
    }

    /**
     * Starts the upload over on the reopened drive with the bytes written so far (the peer kept none of them), again
     * when the new upload is refused unread while they are resent.
     */
    private void restart() throws DriveException {
        while (true) {
            restarts++;
            upload = restarter.restart();
            frames = new FrameOutputStream(upload.body());
            try {
                replay.writeTo(frames);
                return;
            } catch (IOException e) {
                DriveException failure = failure(e);
                if (!restartable(failure)) {
                    throw failure;
                }
            }
        }
    }

    /** Prefers the peer's own answer (it may have refused the file before reading it) over the write failure. */
    private DriveException failure(IOException e) {
        closed = true;
        try {
            // The peer answers an early refusal right away; wait a moment for it before aborting.
            ContentResponse response = upload.response().get(Math.min(peer.callTimeoutMs(), ANSWER_WAIT_MS),
                    TimeUnit.MILLISECONDS);
            check(response);
        } catch (DriveException answered) {
            return answered;
        } catch (ExecutionException | TimeoutException | RuntimeException other) {
            upload.request().abort(e);
            if (upload.refusedUnread()) {
                return refusedUnread();
            }
        } catch (InterruptedException interrupted) {
            upload.request().abort(e);
            Thread.currentThread().interrupt();
        }
        return e instanceof DriveException d ? d
                : new DriveException(Reason.OFFLINE, "writing " + what + " to " + peer.node() + " failed: " + e, e);
    }

    /** The peer refused the upload, then reset the stream it did not read, which failed the response. */
    private RefusedUnreadException refusedUnread() {
        String why = Peer.Upload.STOPPING.equals(upload.refusal().get()) ? "'s transport handler was stopping"
                : " has not opened the drive";
        return new RefusedUnreadException(new DriveException(Reason.IO, peer.node() + why + " of " + what));
    }

    private void check(ContentResponse response) throws DriveException {
        if (Peer.refusedByStoppingHandler(response)) {
            throw new RefusedUnreadException(new DriveException(Reason.IO, peer.node() + "'s transport handler was"
                    + " stopping when " + what + " reached it"));
        }
        Reply reply;
        try {
            reply = peer.replyOf(response);
        } catch (PeerException e) {
            throw RemoteDrive.offline(e);
        }
        if (!reply.ok() && reply.code().equals(Wire.NOT_OPEN)) {
            throw new RefusedUnreadException(reply.driveError(peer.node()));
        }
        if (!reply.ok()) {
            throw reply.driveError(peer.node());
        }
    }

    /** The peer refused the upload before reading any of it (see {@link Peer.Upload#refusedUnread()}). */
    private static final class RefusedUnreadException extends DriveException {
        private static final long serialVersionUID = 1L;

        RefusedUnreadException(DriveException error) {
            super(error.reason(), error.getMessage());
        }
    }
}
