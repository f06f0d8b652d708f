/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;
import io.cairn.rpc.http.internal.ServedDrives.NotOpenException;
import io.cairn.rpc.http.internal.WireCodec.MalformedException;

/**
 * The callee's side of the drive calls: decodes the arguments, calls the local drive, encodes the result. The
 * argument layouts mirror {@link RemoteDrive}.
 */
final class DriveCalls {

    /** Bytes copied per read from a local file into an outgoing transfer. */
    private static final int COPY_BYTES = 64 << 10;
    /** How much of a refused upload is read and discarded so that the caller gets the refusal, not a reset. */
    private static final int DRAIN_BYTES = 256 << 10;

    private final ServedDrives drives;

    DriveCalls(ServedDrives drives) {
        this.drives = drives;
    }

    /**
     * Runs a unary drive call.
     *
     * @param op the operation, the {@code Drive} method name or {@code open}/{@code readFormat}
     * @param in the arguments
     * @return the encoded result
     * @throws DriveException as the drive raised it
     * @throws NotOpenException when the drive is not open
     * @throws MalformedException when the arguments are malformed or the operation is unknown
     */
    byte[] unary(String op, WireCodec.In in) throws DriveException, NotOpenException, MalformedException {
        String path = in.str();
        WireCodec.Out out = new WireCodec.Out();
        switch (op) {
            case "open" -> out.format(drives.open(path, end(in, in.format())));
            case "readFormat" -> {
                in.end();
                Optional<FormatInfo> format = drives.readFormat(path);
                out.bool(format.isPresent());
                format.ifPresent(out::format);
            }
            default -> driveCall(op, drives.get(path), in, out);
        }
        return out.toBytes();
    }

    private static void driveCall(String op, Drive d, WireCodec.In in, WireCodec.Out out)
            throws DriveException, MalformedException {
        switch (op) {
            case "format" -> out.format(end(in, d).format());
            case "diskInfo" -> out.disk(end(in, d).diskInfo());
            case "makeVolume" -> d.makeVolume(end(in, in.str()));
            case "deleteVolume" -> {
                String volume = in.str();
                d.deleteVolume(volume, end(in, in.bool()));
            }
            case "statVolume" -> out.volume(d.statVolume(end(in, in.str())));
            case "listVolumes" -> {
                List<VolumeInfo> volumes = end(in, d).listVolumes();
                out.i32(volumes.size());
                volumes.forEach(out::volume);
            }
            case "writeAll" -> {
                String volume = in.str();
                String file = in.str();
                d.writeAll(volume, file, end(in, in.bytes()));
            }
            case "readAll" -> {
                String volume = in.str();
                out.bytes(d.readAll(volume, end(in, in.str())));
            }
            default -> metadataCall(op, d, in, out);
        }
    }

    private static void metadataCall(String op, Drive d, WireCodec.In in, WireCodec.Out out)
            throws DriveException, MalformedException {
        switch (op) {
            case "renameFile" -> {
                String srcVolume = in.str();
                String srcPath = in.str();
                String dstVolume = in.str();
                d.renameFile(srcVolume, srcPath, dstVolume, end(in, in.str()));
            }
            case "delete" -> {
                String volume = in.str();
                String file = in.str();
                d.delete(volume, file, end(in, in.bool()));
            }
            case "listDir" -> {
                String volume = in.str();
                String dir = in.str();
                out.strings(d.listDir(volume, dir, end(in, in.i32())));
            }
            case "readMetadata" -> {
                String volume = in.str();
                String key = in.str();
                out.fileInfo(d.readMetadata(volume, key, end(in, in.bool())));
            }
            case "writeMetadata" -> {
                String volume = in.str();
                String key = in.str();
                d.writeMetadata(volume, key, end(in, in.fileInfo()));
            }
            case "commitObject" -> {
                String srcVolume = in.str();
                String srcDataPath = in.nullableStr();
                String volume = in.str();
                String key = in.str();
                d.commitObject(srcVolume, srcDataPath, volume, key, end(in, in.fileInfo()));
            }
            case "commitObjectReporting" -> {
                format(in, Wire.COMMIT_REPORT_FORMAT, "commit report");
                String srcVolume = in.str();
                String srcDataPath = in.nullableStr();
                String volume = in.str();
                String key = in.str();
                out.bool(d.commitObjectReporting(srcVolume, srcDataPath, volume, key, end(in, in.fileInfo())));
            }
            case "finishCommit" -> {
                commitFormat(in);
                String volume = in.str();
                d.finishCommit(volume, end(in, in.str()));
            }
            case "undoCommit" -> {
                commitFormat(in);
                String volume = in.str();
                String key = in.str();
                d.undoCommit(volume, key, end(in, in.fileInfo()));
            }
            case "deleteObject" -> {
                String volume = in.str();
                d.deleteObject(volume, end(in, in.str()));
            }
            case "walk" -> walk(d, in, out, false, false);
            case "walkReporting" -> {
                format(in, Wire.WALK_REPORT_FORMAT, "walk report");
                walk(d, in, out, true, false);
            }
            case "walkWithOrphans" -> {
                format(in, Wire.WALK_ORPHANS_FORMAT, "walk with orphans");
                walk(d, in, out, true, true);
            }
            default -> throw new MalformedException("unknown drive operation " + op);
        }
    }

    private static void commitFormat(WireCodec.In in) throws MalformedException {
        format(in, Wire.TWO_PHASE_COMMIT_FORMAT, "two-phase commit");
    }

    private static void format(WireCodec.In in, int served, String what) throws MalformedException {
        int format = in.i32();
        if (format != served) {
            throw new MalformedException("unsupported " + what + " format " + format);
        }
    }

    private static void walk(Drive d, WireCodec.In in, WireCodec.Out out, boolean reporting, boolean orphans)
            throws DriveException, MalformedException {
        String volume = in.str();
        String prefix = in.str();
        String after = in.str();
        boolean recursive = in.bool();
        int max = end(in, in.i32());
        List<WalkEntry> entries = orphans ? d.walkWithOrphans(volume, prefix, after, recursive, max)
                : d.walk(volume, prefix, after, recursive, max);
        out.i32(entries.size());
        for (WalkEntry e : entries) {
            out.walkEntry(e);
            if (reporting) {
                out.bool(e.finishPending());
            }
        }
    }

    /**
     * Opens the local stream of a download call.
     *
     * @param op {@code readFile} or {@code readShard}
     * @param in the arguments
     * @return the local file's bytes
     * @throws DriveException as the drive raised it
     * @throws NotOpenException when the drive is not open
     * @throws MalformedException when the arguments are malformed or the operation is unknown
     */
    InputStream openDownload(String op, WireCodec.In in) throws DriveException, NotOpenException, MalformedException {
        Drive d = drives.get(in.str());
        String volume = in.str();
        if (op.equals("readFile")) {
            String file = in.str();
            long offset = in.i64();
            return d.readFile(volume, file, offset, end(in, in.i64()));
        }
        if (op.equals("readShard")) {
            String key = in.str();
            String dataDir = in.str();
            int part = in.i32();
            long offset = in.i64();
            return d.readShard(volume, key, dataDir, part, offset, end(in, in.i64()));
        }
        throw new MalformedException("unknown download operation " + op);
    }

    /**
     * Copies a local file into a framed transfer; a local failure mid-way is sent as an error frame.
     *
     * @param local the local bytes, closed here
     * @param frames the outgoing transfer, finished (not closed) here
     * @throws IOException when the transfer itself fails (the caller went away)
     */
    static void copyOut(InputStream local, FrameOutputStream frames) throws IOException {
        byte[] buffer = new byte[COPY_BYTES];
        try (local) {
            while (true) {
                int n;
                try {
                    n = local.read(buffer);
                } catch (DriveException e) {
                    frames.fail(e.reason().name(), e.getMessage());
                    return;
                } catch (IOException e) {
                    frames.fail(DriveException.Reason.IO.name(), String.valueOf(e));
                    return;
                }
                if (n < 0) {
                    break;
                }
                frames.write(buffer, 0, n);
            }
        }
        frames.finish();
    }

    /**
     * Runs an upload call: streams the framed body into a new local file, and deletes the partial file when the
     * transfer broke off or was damaged.
     *
     * @param in the arguments (drive path, volume, file path)
     * @param body the framed request body
     * @throws DriveException as the drive raised it, or the transfer's failure
     * @throws NotOpenException when the drive is not open
     * @throws MalformedException when the arguments are malformed
     */
    void upload(WireCodec.In in, InputStream body) throws DriveException, NotOpenException, MalformedException {
        Drive d = drives.get(in.str());
        String volume = in.str();
        String file = end(in, in.str());
        FrameInputStream frames = new FrameInputStream(body, "upload of " + volume + "/" + file);
        boolean complete = false;
        OutputStream out;
        try {
            out = d.createFile(volume, file);
        } catch (DriveException e) {
            drainQuietly(frames);
            throw e;
        }
        try {
            byte[] buffer = new byte[COPY_BYTES];
            int n;
            while ((n = frames.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            complete = true;
            out.close();
        } catch (DriveException e) {
            throw e;
        } catch (IOException e) {
            throw new DriveException(DriveException.Reason.IO, "upload of " + volume + "/" + file + ": " + e, e);
        } finally {
            if (!complete) {
                closeQuietly(out);
                try {
                    d.delete(volume, file, false);
                } catch (DriveException e) {
                    // The temp volume is emptied when the drive is next opened.
                    complete = false;
                }
            }
        }
    }

    /**
     * Reads what a small refused upload still sends (up to {@link #DRAIN_BYTES}), so that the answer does not
     * race the client's writes; a larger body is cut off with the stream.
     */
    private static void drainQuietly(InputStream frames) {
        byte[] sink = new byte[COPY_BYTES];
        long left = DRAIN_BYTES;
        try {
            int n;
            while (left > 0 && (n = frames.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // The refusal is the answer; a broken body changes nothing.
            return;
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // The partial file is deleted next; its close failing changes nothing.
            return;
        }
    }

    private static <T> T end(WireCodec.In in, T value) throws MalformedException {
        in.end();
        return value;
    }
}
