/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One drive: a local directory now, a drive of another node over the peer transport later.
 *
 * <p><b>Names.</b> A volume is a bucket name or one of the reserved volumes {@link #SYSTEM_VOLUME} and
 * {@link #TEMP_VOLUME}. A path is a relative, {@code /}-separated file path inside a volume; an object key is an S3
 * key. Every name is checked: empty segments, {@code .} and {@code ..} segments, segments over
 * {@link #MAX_SEGMENT_BYTES}, absolute paths, NUL and names over {@link #MAX_NAME_BYTES}
 * ({@link #MAX_SYSTEM_NAME_BYTES} in the system volume) are refused with {@link DriveException.Reason#INVALID_NAME},
 * so no name reaches outside the drive.
 *
 * <p><b>Writes.</b> Data is written into the temp volume with {@link #createFile} and becomes visible only through
 * {@link #commitObject} (or {@link #renameFile}), which is atomic on one drive: after a crash either the old or the
 * new version is there. The temp volume is emptied when a drive starts.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. Operations on one object are serialised by the caller's
 * locks, not by the drive.
 */
@ProviderType
public interface Drive {

    /** The reserved volume for internal objects: bucket metadata, multipart uploads. */
    String SYSTEM_VOLUME = ".cairn.sys";

    /** The reserved volume for writes in progress; emptied at start. */
    String TEMP_VOLUME = ".cairn.tmp";

    /** The longest accepted object key or path, in UTF-8 bytes. */
    int MAX_NAME_BYTES = 1024;

    /** The longest accepted segment of a key or path (the part between two slashes), in UTF-8 bytes: a file name. */
    int MAX_SEGMENT_BYTES = 255;

    /**
     * The longest accepted object key or path in {@link #SYSTEM_VOLUME}, in UTF-8 bytes: internal records there
     * embed a bucket name and an object key of up to {@link #MAX_NAME_BYTES}.
     */
    int MAX_SYSTEM_NAME_BYTES = 2048;

    /**
     * Returns the endpoint this drive was configured with, for logs and admin output.
     *
     * @return the endpoint, for example {@code /data/d1} or {@code http://node2:9000/data/d1}
     */
    String endpoint();

    /**
     * Returns the drive's format.
     *
     * @return the format read when the drive was opened
     * @throws DriveException {@code OFFLINE} when the drive is unusable
     */
    FormatInfo format() throws DriveException;

    /**
     * Returns capacity and state. Never throws: an unreachable drive reports {@code online == false}.
     *
     * @return the disk info
     */
    DiskInfo diskInfo();

    /**
     * Creates a volume.
     *
     * @param volume the volume name
     * @throws DriveException {@code VOLUME_EXISTS}, {@code INVALID_NAME}, {@code OFFLINE}, {@code FULL}, {@code IO}
     */
    void makeVolume(String volume) throws DriveException;

    /**
     * Deletes a volume.
     *
     * @param volume the volume name
     * @param force delete it even when it still holds objects
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code VOLUME_NOT_EMPTY}, {@code OFFLINE}, {@code IO}
     */
    void deleteVolume(String volume, boolean force) throws DriveException;

    /**
     * Describes a volume.
     *
     * @param volume the volume name
     * @return the volume info
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    VolumeInfo statVolume(String volume) throws DriveException;

    /**
     * Fails unless a volume exists; for callers that need no more than that, which a drive may answer more
     * cheaply than {@link #statVolume}.
     *
     * @param volume the volume name
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     * @since 1.2
     */
    default void checkVolume(String volume) throws DriveException {
        statVolume(volume);
    }

    /**
     * Lists the bucket volumes (never the reserved ones) sorted by name.
     *
     * @return the volumes
     * @throws DriveException {@code OFFLINE}, {@code IO}
     */
    List<VolumeInfo> listVolumes() throws DriveException;

    /**
     * Creates a new file (and its parent directories) for streaming writes, usually in {@link #TEMP_VOLUME}. An
     * existing file is replaced. Closing the stream flushes and syncs the file to stable storage; the caller must
     * close it on every path.
     *
     * @param volume the volume
     * @param path the file path
     * @return a stream to write the file's bytes to
     * @throws DriveException {@code INVALID_NAME}, {@code OFFLINE}, {@code FULL}, {@code IO}; writes may also throw
     *     it
     */
    OutputStream createFile(String volume, String path) throws DriveException;

    /**
     * Opens a file for a ranged streaming read.
     *
     * @param volume the volume
     * @param path the file path
     * @param offset the first byte to read
     * @param length the number of bytes, or {@code -1} for the rest of the file
     * @return a stream of exactly the requested bytes; it throws {@code DriveException} when the file is shorter
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    InputStream readFile(String volume, String path, long offset, long length) throws DriveException;

    /**
     * Reads one shard file of a committed object.
     *
     * @param volume the volume
     * @param key the object key
     * @param dataDir the data directory named by the object's {@link FileInfo#dataDir()}
     * @param partNumber the part number
     * @param offset the first byte to read
     * @param length the number of bytes, or {@code -1} for the rest of the file
     * @return a stream of exactly the requested bytes
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    InputStream readShard(String volume, String key, String dataDir, int partNumber, long offset, long length)
            throws DriveException;

    /**
     * Returns how many bytes a stream opened by {@link #readFile} or {@link #readShard} may hold in this node's
     * memory ahead of its reader, in buffers outside the caller's: for a drive of another node, what the transfer
     * may have received but the reader not yet taken. A caller that keeps many streams open (a GET pins the shard
     * files of several parts) adds this per stream to the memory it reserves, so that readers that stop reading
     * cannot exhaust the node.
     *
     * @return the bytes per open stream; 0 (the default) for a drive that reads only when asked
     * @since 1.4
     */
    default long readAheadBytes() {
        return 0;
    }

    /**
     * Writes a small file atomically (temp file, sync, rename), replacing an existing one.
     *
     * @param volume the volume
     * @param path the file path
     * @param data the whole content
     * @throws DriveException {@code INVALID_NAME}, {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code FULL}, {@code IO}
     */
    void writeAll(String volume, String path, byte[] data) throws DriveException;

    /**
     * Reads a small file written by {@link #writeAll}.
     *
     * @param volume the volume
     * @param path the file path
     * @return the whole content
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    byte[] readAll(String volume, String path) throws DriveException;

    /**
     * Renames a file or directory atomically, creating the destination's parents and replacing an existing
     * destination file; the directories are synced.
     *
     * @param srcVolume the source volume
     * @param srcPath the source path
     * @param dstVolume the destination volume
     * @param dstPath the destination path
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    void renameFile(String srcVolume, String srcPath, String dstVolume, String dstPath) throws DriveException;

    /**
     * Deletes a file, or a directory with {@code recursive}, and then its parent directories that became empty.
     * Deleting a missing file succeeds.
     *
     * @param volume the volume
     * @param path the path
     * @param recursive whether a directory is deleted with its content
     * @throws DriveException {@code OFFLINE}, {@code IO}
     */
    void delete(String volume, String path, boolean recursive) throws DriveException;

    /**
     * Lists the names in one directory in sorted (UTF-16 code unit) order; directory names end with {@code /}.
     *
     * @param volume the volume
     * @param dirPath the directory path, empty for the volume's top level
     * @param maxEntries the most names to return
     * @return the sorted names, empty when the directory does not exist
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    List<String> listDir(String volume, String dirPath, int maxEntries) throws DriveException;

    /**
     * Reads an object's metadata.
     *
     * @param volume the volume
     * @param key the object key
     * @param includeData whether inline data is returned
     * @return the metadata
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code VOLUME_NOT_FOUND}, {@code CORRUPT}, {@code OFFLINE},
     *     {@code IO}
     */
    FileInfo readMetadata(String volume, String key, boolean includeData) throws DriveException;

    /**
     * Replaces an existing object's metadata atomically without touching its data (metadata-only updates).
     *
     * @param volume the volume
     * @param key the object key
     * @param info the new metadata; its {@code dataDir} must equal the stored one
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code OFFLINE}, {@code FULL}, {@code IO}
     */
    void writeMetadata(String volume, String key, FileInfo info) throws DriveException;

    /**
     * Commits an object version, the first phase of a two-phase commit: moves the data directory
     * {@code srcDataPath} (if not {@code null}) into the object as {@code info.dataDir()} and atomically replaces
     * the metadata, synced. The previous version (its metadata, with its inline data, and its data directory) is
     * kept beside the new one until {@link #finishCommit} drops it or {@link #undoCommit} restores it, so that a
     * commit that fails to reach its quorum on the other drives does not lose the version it replaced. A previous
     * version kept by an earlier commit that was never finished is dropped first; readers, walks and listings never
     * see a kept version.
     *
     * @param srcVolume the volume holding the written data directory, usually {@link #TEMP_VOLUME}
     * @param srcDataPath the data directory's path there, or {@code null} when the data is inline or empty
     * @param volume the object's volume
     * @param key the object key
     * @param info the new metadata
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code FILE_NOT_FOUND}, {@code INVALID_NAME}, {@code OFFLINE},
     *     {@code FULL}, {@code IO}
     */
    void commitObject(String srcVolume, String srcDataPath, String volume, String key, FileInfo info)
            throws DriveException;

    /**
     * Commits an object version like {@link #commitObject} and tells whether the commit left anything for
     * {@link #finishCommit} to drop: a previous version it kept, or a data directory in the object's directory that
     * the committed version does not use. When it returns {@code false}, calling {@link #finishCommit} would change
     * nothing and the caller may skip it; {@link #undoCommit} is needed below quorum either way. The default
     * implementation commits with {@link #commitObject} and returns {@code true}, which is always safe.
     *
     * @param srcVolume the volume holding the written data directory, usually {@link #TEMP_VOLUME}
     * @param srcDataPath the data directory's path there, or {@code null} when the data is inline or empty
     * @param volume the object's volume
     * @param key the object key
     * @param info the new metadata
     * @return whether {@link #finishCommit} has something to drop on this drive
     * @throws DriveException as {@link #commitObject}
     * @since 1.6
     */
    default boolean commitObjectReporting(String srcVolume, String srcDataPath, String volume, String key,
            FileInfo info) throws DriveException {
        commitObject(srcVolume, srcDataPath, volume, key, info);
        return true;
    }

    /**
     * Ends a commit that reached its quorum: drops the previous version that {@link #commitObject} kept, with its
     * data directory unless the committed version shares it, and then any other data directory the committed
     * version does not use (left by a commit that a crash interrupted before it wrote the metadata). Called under
     * the object's write lock. Succeeds when there is nothing to drop, so that it can be called again; a drop that
     * never happens (the drive was unreachable) is done by the next commit or delete of the object, or by the
     * background scanner, which finds it through {@link WalkEntry#finishPending()}. Since 1.6 it
     * also removes data directories the committed version does not use when no previous version was kept. Since
     * 1.8 it removes them too when the key holds no current metadata on the drive (a first commit of the key that a
     * crash interrupted left them, or a delete of the key that a crash cut short, which also left the kept version
     * it drops), unless the key of the same name with or without the trailing slash, which shares the directory,
     * has metadata there; the directories it leaves empty go too.
     *
     * @param volume the object's volume
     * @param key the object key
     * @throws DriveException {@code INVALID_NAME}, {@code OFFLINE}, {@code IO}
     * @since 1.5
     */
    void finishCommit(String volume, String key) throws DriveException;

    /**
     * Undoes a commit that did not reach its quorum: when the object's metadata is still the version
     * {@code committed} describes (same data directory, modification time, size and ETag), restores the previous
     * version that {@link #commitObject} kept, or deletes the object when the commit created it, and removes the
     * committed version's data directory. Does nothing when the object holds another version, so that a repeated or
     * late undo never removes what a later write committed.
     *
     * @param volume the object's volume
     * @param key the object key
     * @param committed the metadata that was committed (its inline data is not needed)
     * @throws DriveException {@code INVALID_NAME}, {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     * @since 1.5
     */
    void undoCommit(String volume, String key, FileInfo committed) throws DriveException;

    /**
     * Deletes an object (metadata and data, and a previous version {@link #commitObject} kept) and the parent
     * directories that became empty. Deleting a missing object fails with {@code FILE_NOT_FOUND} so that callers
     * can count quorum.
     *
     * @param volume the volume
     * @param key the object key
     * @throws DriveException {@code FILE_NOT_FOUND}, {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    void deleteObject(String volume, String key) throws DriveException;

    /**
     * Walks a volume's objects in key order ({@link KeyOrder}: UTF-8 binary order, as S3 lists).
     *
     * <p>Only keys starting with {@code prefix} and greater than {@code afterKey} are returned. A recursive walk
     * returns every such object; a non-recursive one treats {@code /} as delimiter after the prefix's last
     * {@code /} and returns the objects of that level plus one prefix entry per sub-directory holding objects. A
     * prefix whose part up to its last {@code /} is not a valid path (an empty, {@code .}, {@code ..} or over-long
     * segment) matches no key: the walk returns nothing and never resolves it.
     *
     * <p>Since 1.7 every object entry tells with {@link WalkEntry#finishPending()} whether {@link #finishCommit} of
     * the object would drop something on this drive now: a previous version that a commit kept and whose finish was
     * lost, or a data directory that the object's version does not use and that a finish removes (one a commit
     * interrupted by a crash left). The drive learns it from what the walk reads anyway, so that the background
     * scanner can finish such commits without asking every drive about every object. A drive that cannot tell
     * reports {@code false}.
     *
     * @param volume the volume
     * @param prefix the key prefix, may be empty
     * @param afterKey return only names greater than this, may be empty
     * @param recursive whether to descend into sub-directories
     * @param maxEntries the most entries to return (bounds memory)
     * @return up to {@code maxEntries} entries in order; fewer means the walk is complete
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     */
    List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries)
            throws DriveException;

    /**
     * Walks like {@link #walk} and also returns, in key order among the objects, an {@link WalkEntry#orphan orphan}
     * entry for every key without current metadata on the drive that has something for {@link #finishCommit} of the
     * key to remove now, and that was left at least 10 minutes before (younger, it may belong to an operation in
     * flight):
     * <ul>
     * <li>a previous version of the key that a commit kept, without the key's current metadata: what a delete of
     * the key leaves when a crash cuts it short between removing the metadata and dropping the kept version (the
     * finish drops it, its data, and any data directory the deleted version left);</li>
     * <li>a data directory in a directory that holds no metadata, neither current nor kept, of the key or of the key
     * of the same name with or without the trailing slash ({@code a/b} and {@code a/b/}): what a first commit left
     * when a crash interrupted it between moving the data into place and writing the metadata. Such a directory is
     * reported as the orphan {@code a/b}.</li>
     * </ul>
     * No listing or read ever sees such leftovers; the background scanner walks this way to find them. The drive
     * learns it from the directory listings the walk makes anyway. The default implementation walks with
     * {@link #walk}, which returns no orphan: a drive that cannot tell reports none.
     *
     * @param volume the volume
     * @param prefix the key prefix, may be empty
     * @param afterKey return only names greater than this, may be empty
     * @param recursive whether to descend into sub-directories
     * @param maxEntries the most entries to return, orphans included
     * @return up to {@code maxEntries} entries in order; fewer means the walk is complete
     * @throws DriveException {@code VOLUME_NOT_FOUND}, {@code OFFLINE}, {@code IO}
     * @since 1.8
     */
    default List<WalkEntry> walkWithOrphans(String volume, String prefix, String afterKey, boolean recursive,
            int maxEntries) throws DriveException {
        return walk(volume, prefix, afterKey, recursive, maxEntries);
    }
}
