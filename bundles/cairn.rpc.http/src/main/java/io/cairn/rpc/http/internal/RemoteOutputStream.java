/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

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
 */
final class RemoteOutputStream extends OutputStream {

    /** How long a failed write waits for the peer's own answer, which explains the failure better. */
    private static final long ANSWER_WAIT_MS = 2_000L;

    private final Peer peer;
    private final Peer.Upload upload;
    private final FrameOutputStream frames;
    private final String what;
    private boolean closed;

    RemoteOutputStream(Peer peer, Peer.Upload upload, String what) {
        this.peer = peer;
        this.upload = upload;
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
        try {
            frames.write(b, off, len);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            frames.close();
        } catch (IOException e) {
            throw failure(e);
        }
        ContentResponse response;
        try {
            response = upload.response().get(peer.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
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
        } catch (InterruptedException interrupted) {
            upload.request().abort(e);
            Thread.currentThread().interrupt();
        }
        return e instanceof DriveException d ? d
                : new DriveException(Reason.OFFLINE, "writing " + what + " to " + peer.node() + " failed: " + e, e);
    }

    private void check(ContentResponse response) throws DriveException {
        Reply reply;
        try {
            reply = peer.replyOf(response);
        } catch (PeerException e) {
            throw RemoteDrive.offline(e);
        }
        if (!reply.ok()) {
            throw reply.driveError(peer.node());
        }
    }
}
