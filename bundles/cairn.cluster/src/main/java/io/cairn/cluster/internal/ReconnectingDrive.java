/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * A drive slot of the layout that can be reopened: when its drive is offline and the endpoint again holds a
 * format, {@link #reconnect()} opens it again through the factory (which checks the deployment and position).
 * An empty or missing local directory is not formatted by the reconnect loop; the healing service detects it
 * ({@link #isFresh()}) and formats it with {@link #formatFresh()} before healing its set onto it. Calls in flight
 * keep the drive they started on. The slot remembers the offline reason it last reported, so that each reconnect
 * attempt tells whether the drive changed state ({@link Change}) and the operator hears of a drive going offline once,
 * not at every attempt.
 */
final class ReconnectingDrive implements Drive {

    /** What a {@link #reconnect()} found. */
    enum Change {
        /** The drive is as it was at the last attempt. */
        NONE,
        /** The drive was offline and is online again. */
        BACK_ONLINE,
        /** The drive went offline, or is offline for another reason than before ({@link #offlineReason()}). */
        OFFLINE
    }

    private final DriveFactory factory;
    private final String endpoint;
    private final FormatInfo expected;
    private final boolean local;
    private volatile Drive current;
    /** Why the drive was offline at the last attempt, or {@code null} while it is online; guarded by this. */
    private String offlineReason;

    /**
     * Creates the slot.
     *
     * @param factory opens the drive again
     * @param endpoint the endpoint string the factory takes
     * @param expected the format the slot requires
     * @param initial the drive as opened at start; an {@link OfflineDrive} counts as offline and reported
     * @param local whether the drive belongs to this node
     */
    ReconnectingDrive(DriveFactory factory, String endpoint, FormatInfo expected, Drive initial, boolean local) {
        this.factory = factory;
        this.endpoint = endpoint;
        this.expected = expected;
        this.current = initial;
        this.local = local;
        this.offlineReason = initial instanceof OfflineDrive o ? o.reason() : null;
    }

    /**
     * Tells whether the drive belongs to this node.
     *
     * @return {@code true} for a drive opened through the local factory
     */
    boolean local() {
        return local;
    }

    /**
     * Tells whether this is a local drive that is offline because its directory is missing or empty: a replaced
     * disk that {@link #formatFresh()} can bring back.
     *
     * @return {@code true} for an unformatted local drive
     */
    boolean isFresh() {
        if (!local || current.diskInfo().online()) {
            return false;
        }
        try {
            return factory.readFormat(endpoint).isEmpty();
        } catch (DriveException e) {
            return false;
        }
    }

    /**
     * Formats an unformatted local drive for this slot (with a new drive id) and brings it online, empty.
     *
     * @return {@code true} when the drive was formatted now
     * @throws DriveException when formatting failed
     */
    synchronized boolean formatFresh() throws DriveException {
        if (!isFresh()) {
            return false;
        }
        FormatInfo fresh = new FormatInfo(expected.formatVersion(), expected.deploymentId(),
                java.util.UUID.randomUUID().toString(), expected.pool(), expected.set(), expected.position(),
                expected.setCount(), expected.setSize());
        current = factory.open(endpoint, fresh);
        return true;
    }

    /**
     * Reopens the drive when it is offline, and tells how its state changed since the last attempt. A drive that
     * came back by itself after it was found offline (its directory restored before an attempt reopened it, or a
     * fresh drive formatted by {@link #formatFresh()}) counts as back online too.
     *
     * @return {@link Change#BACK_ONLINE} when an offline drive came back, {@link Change#OFFLINE} when the drive
     *     went offline or its reason changed, else {@link Change#NONE}
     */
    synchronized Change reconnect() {
        if (current.diskInfo().online()) {
            return online();
        }
        try {
            if (openIfFormatted()) {
                offlineReason = null;
                return Change.BACK_ONLINE;
            }
        } catch (DriveException | RuntimeException e) {
            // An unchecked failure (a transport stopping, a bug) must not end the loop that tries every drive.
            String reason = e instanceof DriveException ? String.valueOf(e.getMessage()) : e.toString();
            if (!(current instanceof OfflineDrive o) || !o.reason().equals(reason)) {
                current = new OfflineDrive(endpoint, reason);
            }
        }
        String reason = current.diskInfo().error();
        if (reason.equals(offlineReason)) {
            return Change.NONE;
        }
        offlineReason = reason;
        return Change.OFFLINE;
    }

    /**
     * Tells why the drive was offline at the last attempt.
     *
     * @return the reason, or {@code null} while the drive is online
     */
    synchronized String offlineReason() {
        return offlineReason;
    }

    private Change online() {
        boolean wasOffline = offlineReason != null;
        offlineReason = null;
        return wasOffline ? Change.BACK_ONLINE : Change.NONE;
    }

    /**
     * Opens the drive again through the factory's current provider, also when it is online: called when the peer
     * transport was replaced, so that new calls go through the new transport while calls in flight finish on the
     * old one. An offline or unformatted drive is left to {@link #reconnect()} and the healing service.
     *
     * @return {@code true} when the drive was reopened
     */
    boolean reopen() {
        if (current instanceof OfflineDrive) {
            return false;
        }
        try {
            return openIfFormatted();
        } catch (DriveException e) {
            // The reconnect loop tries again once the old drive reports itself offline.
            return false;
        }
    }

    /** Opens the drive anew unless its endpoint holds no format (a fresh drive is left to healing). */
    private boolean openIfFormatted() throws DriveException {
        if (factory.readFormat(endpoint).isEmpty()) {
            return false;
        }
        current = factory.open(endpoint, expected);
        return true;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public FormatInfo format() throws DriveException {
        return current.format();
    }

    @Override
    public DiskInfo diskInfo() {
        return current.diskInfo();
    }

    @Override
    public void makeVolume(String volume) throws DriveException {
        current.makeVolume(volume);
    }

    @Override
    public void deleteVolume(String volume, boolean force) throws DriveException {
        current.deleteVolume(volume, force);
    }

    @Override
    public VolumeInfo statVolume(String volume) throws DriveException {
        return current.statVolume(volume);
    }

    @Override
    public void checkVolume(String volume) throws DriveException {
        current.checkVolume(volume);
    }

    @Override
    public List<VolumeInfo> listVolumes() throws DriveException {
        return current.listVolumes();
    }

    @Override
    public OutputStream createFile(String volume, String path) throws DriveException {
        return current.createFile(volume, path);
    }

    @Override
    public InputStream readFile(String volume, String path, long offset, long length) throws DriveException {
        return current.readFile(volume, path, offset, length);
    }

    @Override
    public InputStream readShard(String volume, String key, String dataDir, int partNumber, long offset,
            long length) throws DriveException {
        return current.readShard(volume, key, dataDir, partNumber, offset, length);
    }

    @Override
    public long readAheadBytes() {
        return current.readAheadBytes();
    }

    @Override
    public void writeAll(String volume, String path, byte[] data) throws DriveException {
        current.writeAll(volume, path, data);
    }

    @Override
    public byte[] readAll(String volume, String path) throws DriveException {
        return current.readAll(volume, path);
    }

    @Override
    public void renameFile(String srcVolume, String srcPath, String dstVolume, String dstPath)
            throws DriveException {
        current.renameFile(srcVolume, srcPath, dstVolume, dstPath);
    }

    @Override
    public void delete(String volume, String path, boolean recursive) throws DriveException {
        current.delete(volume, path, recursive);
    }

    @Override
    public List<String> listDir(String volume, String dirPath, int maxEntries) throws DriveException {
        return current.listDir(volume, dirPath, maxEntries);
    }

    @Override
    public FileInfo readMetadata(String volume, String key, boolean includeData) throws DriveException {
        return current.readMetadata(volume, key, includeData);
    }

    @Override
    public void writeMetadata(String volume, String key, FileInfo info) throws DriveException {
        current.writeMetadata(volume, key, info);
    }

    @Override
    public void commitObject(String srcVolume, String srcDataPath, String volume, String key, FileInfo info)
            throws DriveException {
        current.commitObject(srcVolume, srcDataPath, volume, key, info);
    }

    @Override
    public boolean commitObjectReporting(String srcVolume, String srcDataPath, String volume, String key,
            FileInfo info) throws DriveException {
        return current.commitObjectReporting(srcVolume, srcDataPath, volume, key, info);
    }

    @Override
    public void finishCommit(String volume, String key) throws DriveException {
        current.finishCommit(volume, key);
    }

    @Override
    public void undoCommit(String volume, String key, FileInfo committed) throws DriveException {
        current.undoCommit(volume, key, committed);
    }

    @Override
    public void deleteObject(String volume, String key) throws DriveException {
        current.deleteObject(volume, key);
    }

    @Override
    public List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries)
            throws DriveException {
        return current.walk(volume, prefix, afterKey, recursive, maxEntries);
    }

    @Override
    public List<WalkEntry> walkWithOrphans(String volume, String prefix, String afterKey, boolean recursive,
            int maxEntries) throws DriveException {
        return current.walkWithOrphans(volume, prefix, afterKey, recursive, maxEntries);
    }
}
