/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cairn.api.rpc.PeerException;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * A drive of another node, reached through its {@link Peer}.
 *
 * <p>Every call names the drive by its path on the peer. When the peer answers {@value Wire#NOT_OPEN} (it
 * restarted since the drive was opened, or its transport bundle was replaced) the drive is opened again with the
 * format it was opened with and the call is repeated once (an upload with the bytes written so far, see
 * {@link RemoteOutputStream}), so a peer restart is invisible apart from the calls that failed while it was down,
 * and a transport swap is invisible altogether. A drive
 * found empty then (its disk was replaced while the peer was down) is not formatted from here: it stays
 * {@code OFFLINE} until its own node formats it for its slot and heals it. While the
 * peer is offline every call fails at once with {@code OFFLINE}. Shard reads and writes are streamed in frames
 * (see {@link FrameOutputStream}); nothing buffers a whole file.
 */
final class RemoteDrive implements Drive {

    /** How long the older call replaces a newer one after the peer refused the newer one as unknown. */
    static final long RETRY_REPORTING_AFTER_MS = 60_000;

    private final Peer peer;
    private final String endpoint;
    private final String path;
    private final FormatInfo expected;
    private final FormatInfo format;
    private final NewerCall commitsReporting = new NewerCall("commitObjectReporting");
    private final NewerCall walksReporting = new NewerCall("walkReporting");
    private final NewerCall walksWithOrphans = new NewerCall("walkWithOrphans");

    private RemoteDrive(Peer peer, String endpoint, String path, FormatInfo expected, FormatInfo format) {
        this.peer = peer;
        this.endpoint = endpoint;
        this.path = path;
        this.expected = expected;
        this.format = format;
    }

    /**
     * Opens a drive on a peer, which formats it when it is empty.
     *
     * @param peer the peer
     * @param endpoint the drive's endpoint URL as written
     * @param path the drive's path on the peer
     * @param expected the format the drive must have
     * @return the drive
     * @throws DriveException as the peer's local drive factory raised it, or {@code OFFLINE}
     */
    static RemoteDrive open(Peer peer, String endpoint, String path, FormatInfo expected) throws DriveException {
        FormatInfo format = openOnPeer(peer, path, expected);
        return new RemoteDrive(peer, endpoint, path, expected, format);
    }

    /**
     * Reads a drive's format on a peer.
     *
     * @param peer the peer
     * @param path the drive's path on the peer
     * @return the format, {@code null} when the drive is not formatted
     * @throws DriveException as the peer raised it, or {@code OFFLINE}
     */
    static FormatInfo readFormat(Peer peer, String path) throws DriveException {
        byte[] body = succeed(peer, call(peer, "drive/readFormat", new WireCodec.Out().str(path).toBytes()));
        return decode(peer, body, in -> in.bool() ? in.format() : null);
    }

    private static FormatInfo openOnPeer(Peer peer, String path, FormatInfo expected) throws DriveException {
        byte[] args = new WireCodec.Out().str(path).format(expected).toBytes();
        byte[] body = succeed(peer, call(peer, "drive/open", args));
        return decode(peer, body, WireCodec.In::format);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public FormatInfo format() throws DriveException {
        byte[] body = unary("format", args());
        return decode(peer, body, WireCodec.In::format);
    }

    @Override
    public DiskInfo diskInfo() {
        try {
            DiskInfo remote = decode(peer, unary("diskInfo", args()), WireCodec.In::disk);
            return new DiskInfo(endpoint, remote.totalBytes(), remote.freeBytes(), remote.online(), remote.error());
        } catch (DriveException e) {
            return new DiskInfo(endpoint, 0, 0, false, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void makeVolume(String volume) throws DriveException {
        unary("makeVolume", args().str(volume));
    }

    @Override
    public void deleteVolume(String volume, boolean force) throws DriveException {
        unary("deleteVolume", args().str(volume).bool(force));
    }

    @Override
    public VolumeInfo statVolume(String volume) throws DriveException {
        return decode(peer, unary("statVolume", args().str(volume)), WireCodec.In::volume);
    }

    @Override
    public List<VolumeInfo> listVolumes() throws DriveException {
        return decode(peer, unary("listVolumes", args()), in -> {
            int n = in.i32();
            List<VolumeInfo> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(in.volume());
            }
            return out;
        });
    }

    @Override
    public OutputStream createFile(String volume, String file) throws DriveException {
        byte[] args = args().str(volume).str(file).toBytes();
        return new RemoteOutputStream(peer, startUpload(args), () -> {
            reopenOnPeer();
            return startUpload(args);
        }, endpoint + " " + volume + "/" + file);
    }

    private Peer.Upload startUpload(byte[] args) throws DriveException {
        try {
            return peer.upload("drive/createFile", args);
        } catch (PeerException e) {
            throw offline(e);
        }
    }

    @Override
    public InputStream readFile(String volume, String file, long offset, long length) throws DriveException {
        return download("readFile", args().str(volume).str(file).i64(offset).i64(length).toBytes(),
                volume + "/" + file, length);
    }

    @Override
    public InputStream readShard(String volume, String key, String dataDir, int partNumber, long offset,
            long length) throws DriveException {
        byte[] args = args().str(volume).str(key).str(dataDir).i32(partNumber).i64(offset).i64(length).toBytes();
        return download("readShard", args, volume + "/" + key + " part " + partNumber, length);
    }

    /**
     * Returns the HTTP/2 receive window of one stream: what a transfer receives before its reader takes it, so what
     * an open stream whose reader stopped holds in this node's buffers.
     */
    @Override
    public long readAheadBytes() {
        return peer.streamWindowBytes();
    }

    @Override
    public void writeAll(String volume, String file, byte[] data) throws DriveException {
        unary("writeAll", args().str(volume).str(file).bytes(data));
    }

    @Override
    public byte[] readAll(String volume, String file) throws DriveException {
        return decode(peer, unary("readAll", args().str(volume).str(file)), WireCodec.In::bytes);
    }

    @Override
    public void renameFile(String srcVolume, String srcPath, String dstVolume, String dstPath)
            throws DriveException {
        unary("renameFile", args().str(srcVolume).str(srcPath).str(dstVolume).str(dstPath));
    }

    @Override
    public void delete(String volume, String file, boolean recursive) throws DriveException {
        unary("delete", args().str(volume).str(file).bool(recursive));
    }

    @Override
    public List<String> listDir(String volume, String dirPath, int maxEntries) throws DriveException {
        return decode(peer, unary("listDir", args().str(volume).str(dirPath).i32(maxEntries)), WireCodec.In::strings);
    }

    @Override
    public FileInfo readMetadata(String volume, String key, boolean includeData) throws DriveException {
        return decode(peer, unary("readMetadata", args().str(volume).str(key).bool(includeData)),
                WireCodec.In::fileInfo);
    }

    @Override
    public void writeMetadata(String volume, String key, FileInfo info) throws DriveException {
        unary("writeMetadata", args().str(volume).str(key).fileInfo(info));
    }

    @Override
    public void commitObject(String srcVolume, String srcDataPath, String volume, String key, FileInfo info)
            throws DriveException {
        unary("commitObject", args().str(srcVolume).nullableStr(srcDataPath).str(volume).str(key).fileInfo(info));
    }

    /**
     * Commits with {@code drive/commitObjectReporting}; a peer that predates the call refuses it as a bad request
     * without committing, and then gets a plain {@code commitObject}, reported as leaving something to finish, for
     * {@value #RETRY_REPORTING_AFTER_MS} ms, since it may be upgraded meanwhile.
     */
    @Override
    public boolean commitObjectReporting(String srcVolume, String srcDataPath, String volume, String key,
            FileInfo info) throws DriveException {
        byte[] body = commitsReporting.call(() -> args().i32(Wire.COMMIT_REPORT_FORMAT).str(srcVolume)
                .nullableStr(srcDataPath).str(volume).str(key).fileInfo(info));
        if (body != null) {
            return decode(peer, body, WireCodec.In::bool);
        }
        commitObject(srcVolume, srcDataPath, volume, key, info);
        return true;
    }

    @Override
    public void finishCommit(String volume, String key) throws DriveException {
        // A peer without the call dropped the previous version when it committed: nothing to finish there.
        twoPhase("finishCommit", args().i32(Wire.TWO_PHASE_COMMIT_FORMAT).str(volume).str(key));
    }

    @Override
    public void undoCommit(String volume, String key, FileInfo committed) throws DriveException {
        FileInfo withoutData = new FileInfo(committed.versionId(), committed.dataDir(), committed.modTime(),
                committed.size(), committed.etag(), committed.storageClass(), committed.metadata(),
                committed.erasure(), committed.parts(), null);
        if (!twoPhase("undoCommit", args().i32(Wire.TWO_PHASE_COMMIT_FORMAT).str(volume).str(key)
                .fileInfo(withoutData))) {
            undoOnOlderPeer(volume, key, committed);
        }
    }

    /**
     * Undoes a commit on a peer that predates {@link #undoCommit}: its commit kept no previous version, so the
     * object is deleted, but only when it holds the committed version (the commit may not have happened there).
     */
    private void undoOnOlderPeer(String volume, String key, FileInfo committed) throws DriveException {
        FileInfo stored;
        try {
            stored = readMetadata(volume, key, false);
        } catch (DriveException e) {
            if (e.reason() == Reason.FILE_NOT_FOUND || e.reason() == Reason.CORRUPT) {
                return;
            }
            throw e;
        }
        if (java.util.Objects.equals(stored.dataDir(), committed.dataDir())
                && stored.modTime().toEpochMilli() == committed.modTime().toEpochMilli()
                && stored.size() == committed.size() && stored.etag().equals(committed.etag())) {
            deleteObject(volume, key);
        }
    }

    @Override
    public void deleteObject(String volume, String key) throws DriveException {
        unary("deleteObject", args().str(volume).str(key));
    }

    /**
     * Walks with {@code drive/walkReporting}; a peer that predates the call refuses it as a bad request, and then
     * gets a plain {@code drive/walk}, whose entries report nothing to finish, for
     * {@value #RETRY_REPORTING_AFTER_MS} ms, since it may be upgraded meanwhile.
     */
    @Override
    public List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries)
            throws DriveException {
        byte[] body = walksReporting.call(() -> args().i32(Wire.WALK_REPORT_FORMAT).str(volume).str(prefix)
                .str(afterKey == null ? "" : afterKey).bool(recursive).i32(maxEntries));
        if (body != null) {
            return decode(peer, body, in -> walkEntries(in, true));
        }
        WireCodec.Out args = args().str(volume).str(prefix).str(afterKey == null ? "" : afterKey).bool(recursive)
                .i32(maxEntries);
        return decode(peer, unary("walk", args), in -> walkEntries(in, false));
    }

    /**
     * Walks with {@code drive/walkWithOrphans}; a peer that predates the call (storage API 1.7) refuses it as a bad
     * request, and then gets a {@link #walk}, which reports no orphan, for {@value #RETRY_REPORTING_AFTER_MS} ms,
     * since it may be upgraded meanwhile.
     */
    @Override
    public List<WalkEntry> walkWithOrphans(String volume, String prefix, String afterKey, boolean recursive,
            int maxEntries) throws DriveException {
        byte[] body = walksWithOrphans.call(() -> args().i32(Wire.WALK_ORPHANS_FORMAT).str(volume).str(prefix)
                .str(afterKey == null ? "" : afterKey).bool(recursive).i32(maxEntries));
        if (body != null) {
            return decode(peer, body, in -> walkEntries(in, true));
        }
        return walk(volume, prefix, afterKey, recursive, maxEntries);
    }

    private static List<WalkEntry> walkEntries(WireCodec.In in, boolean reporting)
            throws WireCodec.MalformedException {
        int n = in.i32();
        List<WalkEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WalkEntry e = in.walkEntry();
            out.add(reporting ? new WalkEntry(e.name(), e.info(), in.bool()) : e);
        }
        return out;
    }

    @Override
    public String toString() {
        return "RemoteDrive[" + endpoint + "]";
    }

    /** @return the format the peer reported when the drive was opened */
    FormatInfo openedFormat() {
        return format;
    }

    private WireCodec.Out args() {
        return new WireCodec.Out().str(path);
    }

    private byte[] unary(String op, WireCodec.Out args) throws DriveException {
        byte[] body = args.toBytes();
        Reply reply = call(peer, "drive/" + op, body);
        if (!reply.ok() && reply.code().equals(Wire.NOT_OPEN)) {
            reopenOnPeer();
            reply = call(peer, "drive/" + op, body);
        }
        return succeed(peer, reply);
    }

    /**
     * Makes a call of the two-phase commit.
     *
     * @return {@code false} when the peer predates the call and refused it as a bad request
     */
    private boolean twoPhase(String op, WireCodec.Out args) throws DriveException {
        Reply reply = callReopening(op, args.toBytes());
        if (refusedAsUnknown(reply)) {
            return false;
        }
        succeed(peer, reply);
        return true;
    }

    /** Makes a drive call, once more after opening the drive again when the peer forgot it. */
    private Reply callReopening(String op, byte[] body) throws DriveException {
        Reply reply = call(peer, "drive/" + op, body);
        if (!reply.ok() && reply.code().equals(Wire.NOT_OPEN)) {
            reopenOnPeer();
            reply = call(peer, "drive/" + op, body);
        }
        return reply;
    }

    /** Whether the peer refused a call as a bad request, as a node that predates the call does. */
    private static boolean refusedAsUnknown(Reply reply) {
        return reply.status() == 400 && Wire.BAD_REQUEST.equals(reply.code());
    }

    /**
     * Opens the drive again on a peer that forgot it, unless it lost its format: a drive wiped or replaced while the
     * peer was down must be formatted by the peer itself, which marks it for a drive heal; formatting it from here
     * would bring it back online empty and unhealed.
     */
    private void reopenOnPeer() throws DriveException {
        if (readFormat(peer, path) == null) {
            throw new DriveException(Reason.OFFLINE, "drive " + path + " on " + peer.node() + " holds no format"
                    + " since the node restarted; it is formatted and healed by that node");
        }
        openOnPeer(peer, path, expected);
    }

    private InputStream download(String op, byte[] args, String what, long length) throws DriveException {
        try {
            Peer.Download download = peer.download("drive/" + op, args);
            if (download.failure() != null && download.failure().code().equals(Wire.NOT_OPEN)) {
                reopenOnPeer();
                download = peer.download("drive/" + op, args);
            }
            if (download.failure() != null) {
                throw download.failure().driveError(peer.node());
            }
            return new FrameInputStream(download.body(), peer.node() + " " + path + " " + what, length);
        } catch (PeerException e) {
            throw offline(e);
        }
    }

    private static Reply call(Peer peer, String op, byte[] args) throws DriveException {
        try {
            return peer.call(op, args, true, peer.callTimeoutMs());
        } catch (PeerException e) {
            throw offline(e);
        }
    }

    private static byte[] succeed(Peer peer, Reply reply) throws DriveException {
        if (!reply.ok()) {
            throw reply.driveError(peer.node());
        }
        return reply.body();
    }

    /**
     * Maps a failed call to the drive's view: a peer that cannot be reached or refuses us makes its drives
     * unusable, which every quorum counts as offline.
     */
    static DriveException offline(PeerException e) {
        return new DriveException(Reason.OFFLINE, e.getMessage(), e);
    }

    private static <T> T decode(Peer peer, byte[] body, Peer.Decoder<T> decoder) throws DriveException {
        try {
            WireCodec.In in = new WireCodec.In(body);
            T value = decoder.decode(in);
            in.end();
            return value;
        } catch (WireCodec.MalformedException e) {
            throw new DriveException(Reason.IO, peer.node() + " sent a malformed answer: " + e.getMessage(), e);
        }
    }

    /** Builds the arguments of a call, only when the call is made. */
    @FunctionalInterface
    private interface Args {
        WireCodec.Out get();
    }

    /**
     * A drive call newer than some peers. A peer that predates it refuses it as a bad request without acting on it;
     * the caller then uses the older call it replaces for {@value #RETRY_REPORTING_AFTER_MS} ms, since the peer may
     * be upgraded meanwhile.
     */
    private final class NewerCall {
        private final String op;
        /** {@link System#nanoTime()} until which the older call is used, or 0. */
        private volatile long olderUntil;

        NewerCall(String op) {
            this.op = op;
        }

        /**
         * Makes the call unless the peer refused it lately.
         *
         * @param args the call's arguments
         * @return the body of the peer's successful reply, or {@code null} when the caller is to use the older call
         * @throws DriveException when the call failed otherwise
         */
        byte[] call(Args args) throws DriveException {
            long until = olderUntil;
            if (until != 0 && System.nanoTime() - until < 0) {
                return null;
            }
            Reply reply = callReopening(op, args.get().toBytes());
            if (refusedAsUnknown(reply)) {
                olderUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_REPORTING_AFTER_MS);
                return null;
            }
            olderUntil = 0;
            return succeed(peer, reply);
        }
    }
}
