/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * Wraps a drive and injects faults: offline (every call fails), failing writes after some bytes, full, failing
 * commits, and bit flips in what shard reads return.
 */
final class FaultyDrive implements Drive {

    volatile Drive inner;
    volatile boolean offline;
    volatile boolean full;
    volatile boolean failCommit;
    /** Commits, then fails as if the answer was lost (the node died after committing). */
    volatile boolean failAfterCommit;
    /** Fails finishCommit, as if the node died before dropping the previous version. */
    volatile boolean failFinishCommit;
    volatile long failWritesAfterBytes = -1;
    volatile boolean flipShardReads;
    /** Runs at the start of every deleteVolume, when set: lets a test race a write with a bucket's deletion. */
    volatile Runnable beforeDeleteVolume;
    /** Runs at the end of every deleteVolume (refused or not), when set. */
    volatile Runnable afterDeleteVolume;
    /** Runs before and after every commitObject, when set: lets a test order a commit against other calls. */
    volatile Runnable beforeCommit;
    volatile Runnable afterCommit;
    /** What the drive reports as {@link Drive#readAheadBytes()}: a remote drive's per-stream window. */
    volatile long readAheadBytes;
    /** How many entries walks of this drive returned. */
    final AtomicLong walkedEntries = new AtomicLong();
    /** How many commits and finishes of a commit this drive was asked for. */
    final AtomicLong commitCalls = new AtomicLong();
    final AtomicLong finishCalls = new AtomicLong();

    FaultyDrive(Drive inner) {
        this.inner = inner;
    }

    void heal() {
        offline = false;
        full = false;
        failCommit = false;
        failAfterCommit = false;
        failFinishCommit = false;
        failWritesAfterBytes = -1;
        flipShardReads = false;
    }

    private void check() throws DriveException {
        if (offline) {
            throw new DriveException(DriveException.Reason.OFFLINE, "injected: " + inner.endpoint() + " offline");
        }
    }

    @Override
    public long readAheadBytes() {
        return readAheadBytes;
    }

    @Override
    public String endpoint() {
        return inner.endpoint();
    }

    @Override
    public FormatInfo format() throws DriveException {
        check();
        return inner.format();
    }

    @Override
    public DiskInfo diskInfo() {
        return offline ? new DiskInfo(inner.endpoint(), 0, 0, false, "injected") : inner.diskInfo();
    }

    @Override
    public void makeVolume(String volume) throws DriveException {
        check();
        inner.makeVolume(volume);
    }

    @Override
    public void deleteVolume(String volume, boolean force) throws DriveException {
        check();
        Runnable hook = beforeDeleteVolume;
        if (hook != null) {
            hook.run();
        }
        try {
            inner.deleteVolume(volume, force);
        } finally {
            run(afterDeleteVolume);
        }
    }

    private static void run(Runnable hook) {
        if (hook != null) {
            hook.run();
        }
    }

    @Override
    public VolumeInfo statVolume(String volume) throws DriveException {
        check();
        return inner.statVolume(volume);
    }

    @Override
    public List<VolumeInfo> listVolumes() throws DriveException {
        check();
        return inner.listVolumes();
    }

    @Override
    public OutputStream createFile(String volume, String path) throws DriveException {
        check();
        if (full) {
            throw new DriveException(DriveException.Reason.FULL, "injected: drive full");
        }
        OutputStream out = inner.createFile(volume, path);
        long limit = failWritesAfterBytes;
        if (limit < 0) {
            return out;
        }
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > limit) {
                    throw new DriveException(DriveException.Reason.IO, "injected write failure");
                }
                out.write(b, off, len);
            }
        };
    }

    @Override
    public InputStream readFile(String volume, String path, long offset, long length) throws DriveException {
        check();
        return inner.readFile(volume, path, offset, length);
    }

    @Override
    public InputStream readShard(String volume, String key, String dataDir, int partNumber, long offset,
            long length) throws DriveException {
        check();
        InputStream in = inner.readShard(volume, key, dataDir, partNumber, offset, length);
        if (!flipShardReads) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    b[off + n / 2] ^= 0x10;
                }
                return n;
            }
        };
    }

    @Override
    public void writeAll(String volume, String path, byte[] data) throws DriveException {
        check();
        inner.writeAll(volume, path, data);
    }

    @Override
    public byte[] readAll(String volume, String path) throws DriveException {
        check();
        return inner.readAll(volume, path);
    }

    @Override
    public void renameFile(String srcVolume, String srcPath, String dstVolume, String dstPath)
            throws DriveException {
        check();
        inner.renameFile(srcVolume, srcPath, dstVolume, dstPath);
    }

    @Override
    public void delete(String volume, String path, boolean recursive) throws DriveException {
        check();
        inner.delete(volume, path, recursive);
    }

    @Override
    public List<String> listDir(String volume, String dirPath, int maxEntries) throws DriveException {
        check();
        return inner.listDir(volume, dirPath, maxEntries);
    }

    @Override
    public FileInfo readMetadata(String volume, String key, boolean includeData) throws DriveException {
        check();
        return inner.readMetadata(volume, key, includeData);
    }

    @Override
    public void writeMetadata(String volume, String key, FileInfo info) throws DriveException {
        check();
        inner.writeMetadata(volume, key, info);
    }

    @Override
    public void commitObject(String srcVolume, String srcDataPath, String volume, String key, FileInfo info)
            throws DriveException {
        commitObjectReporting(srcVolume, srcDataPath, volume, key, info);
    }

    @Override
    public boolean commitObjectReporting(String srcVolume, String srcDataPath, String volume, String key,
            FileInfo info) throws DriveException {
        check();
        commitCalls.incrementAndGet();
        if (failCommit) {
            throw new DriveException(DriveException.Reason.IO, "injected commit failure");
        }
        run(beforeCommit);
        boolean toFinish;
        try {
            toFinish = inner.commitObjectReporting(srcVolume, srcDataPath, volume, key, info);
        } finally {
            run(afterCommit);
        }
        if (failAfterCommit) {
            throw new DriveException(DriveException.Reason.OFFLINE, "injected: answer to a commit lost");
        }
        return toFinish;
    }

    @Override
    public void finishCommit(String volume, String key) throws DriveException {
        check();
        finishCalls.incrementAndGet();
        if (failFinishCommit) {
            throw new DriveException(DriveException.Reason.OFFLINE, "injected: finish of a commit lost");
        }
        inner.finishCommit(volume, key);
    }

    @Override
    public void undoCommit(String volume, String key, FileInfo committed) throws DriveException {
        check();
        inner.undoCommit(volume, key, committed);
    }

    @Override
    public void deleteObject(String volume, String key) throws DriveException {
        check();
        inner.deleteObject(volume, key);
    }

    @Override
    public List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries)
            throws DriveException {
        check();
        List<WalkEntry> entries = inner.walk(volume, prefix, afterKey, recursive, maxEntries);
        walkedEntries.addAndGet(entries.size());
        return entries;
    }

    @Override
    public List<WalkEntry> walkWithOrphans(String volume, String prefix, String afterKey, boolean recursive,
            int maxEntries) throws DriveException {
        check();
        List<WalkEntry> entries = inner.walkWithOrphans(volume, prefix, afterKey, recursive, maxEntries);
        walkedEntries.addAndGet(entries.size());
        return entries;
    }
}
