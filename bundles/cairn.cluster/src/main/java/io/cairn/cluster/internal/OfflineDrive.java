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
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * Stands in for a drive that could not be opened: every call fails with {@code OFFLINE}, so the drive counts as
 * offline in every quorum.
 */
final class OfflineDrive implements Drive {

    private final String endpoint;
    private final String reason;

    OfflineDrive(String endpoint, String reason) {
        this.endpoint = endpoint;
        this.reason = reason;
    }

    /**
     * Tells why the drive is offline.
     *
     * @return the reason, as {@link #diskInfo()} reports it
     */
    String reason() {
        return reason;
    }

    private DriveException offline() {
        return new DriveException(DriveException.Reason.OFFLINE, "drive " + endpoint + " is offline: " + reason);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public FormatInfo format() throws DriveException {
        throw offline();
    }

    @Override
    public DiskInfo diskInfo() {
        return new DiskInfo(endpoint, 0, 0, false, reason);
    }

    @Override
    public void makeVolume(String volume) throws DriveException {
        throw offline();
    }

    @Override
    public void deleteVolume(String volume, boolean force) throws DriveException {
        throw offline();
    }

    @Override
    public VolumeInfo statVolume(String volume) throws DriveException {
        throw offline();
    }

    @Override
    public List<VolumeInfo> listVolumes() throws DriveException {
        throw offline();
    }

    @Override
    public OutputStream createFile(String volume, String path) throws DriveException {
        throw offline();
    }

    @Override
    public InputStream readFile(String volume, String path, long offset, long length) throws DriveException {
        throw offline();
    }

    @Override
    public InputStream readShard(String volume, String key, String dataDir, int partNumber, long offset,
            long length) throws DriveException {
        throw offline();
    }

    @Override
    public void writeAll(String volume, String path, byte[] data) throws DriveException {
        throw offline();
    }

    @Override
    public byte[] readAll(String volume, String path) throws DriveException {
        throw offline();
    }

    @Override
    public void renameFile(String srcVolume, String srcPath, String dstVolume, String dstPath)
            throws DriveException {
        throw offline();
    }

    @Override
    public void delete(String volume, String path, boolean recursive) throws DriveException {
        throw offline();
    }

    @Override
    public List<String> listDir(String volume, String dirPath, int maxEntries) throws DriveException {
        throw offline();
    }

    @Override
    public FileInfo readMetadata(String volume, String key, boolean includeData) throws DriveException {
        throw offline();
    }

    @Override
    public void writeMetadata(String volume, String key, FileInfo info) throws DriveException {
        throw offline();
    }

    @Override
    public void commitObject(String srcVolume, String srcDataPath, String volume, String key, FileInfo info)
            throws DriveException {
        throw offline();
    }

    @Override
    public void finishCommit(String volume, String key) throws DriveException {
        throw offline();
    }

    @Override
    public void undoCommit(String volume, String key, FileInfo committed) throws DriveException {
        throw offline();
    }

    @Override
    public void deleteObject(String volume, String key) throws DriveException {
        throw offline();
    }

    @Override
    public List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries)
            throws DriveException {
        throw offline();
    }
}
