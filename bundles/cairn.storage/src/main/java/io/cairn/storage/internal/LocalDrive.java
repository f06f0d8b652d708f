/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.sun.nio.file.ExtendedOpenOption;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * A drive on a local directory. See {@link Names} for the layout and {@link MetadataCodec} for the metadata file.
 */
public final class LocalDrive implements Drive {

    /**
     * How often an action below freshly created directories is tried when a concurrent delete pruned them (a
     * delete removes every parent that it finds empty, and a directory just created is empty).
     */
    private static final int MAX_PARENT_ATTEMPTS = 5;

    /** For an action that is worth trying again whenever its parents were pruned. */
    private static final BooleanSupplier ALWAYS = () -> true;

    /** The largest file {@link #readAll} returns. */
    private static final int MAX_READ_ALL_BYTES = 16 << 20;
    /**
     * How long ago a data directory that no metadata names must have been moved into place before a finish removes
     * it. A younger one may be the data of a first commit of the object sharing the directory ({@code a/b} and
     * {@code a/b/}), which runs under another lock and writes its metadata just after the move.
     */
    static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

    private final Path root;
    private final String endpoint;
    private final FormatInfo format;
    private final MetadataCodec codec = new MetadataCodec();
    private final AlignedBuffers buffers;
    private final Clock clock;
    /** Whether shard files are written past the page cache; cleared when the file system refuses it. */
    private volatile boolean directIo;

    /**
     * Opens a formatted drive; use {@link LocalDriveFactory#open} to format and check it.
     *
     * @param root the drive directory
     * @param endpoint the endpoint as configured
     * @param format the drive's format
     * @param buffers lends aligned buffers for direct writes of shard files, or {@code null} to write them through
     *     the page cache
     */
    LocalDrive(Path root, String endpoint, FormatInfo format, AlignedBuffers buffers) {
        this(root, endpoint, format, buffers, Clock.systemUTC());
    }

    /**
     * Opens a formatted drive that tells the age of leftover data directories by {@code clock}.
     *
     * @param root the drive directory
     * @param endpoint the endpoint as configured
     * @param format the drive's format
     * @param buffers as {@link #LocalDrive(Path, String, FormatInfo, AlignedBuffers)}
     * @param clock the wall clock that the file system's change times are compared with
     */
    LocalDrive(Path root, String endpoint, FormatInfo format, AlignedBuffers buffers, Clock clock) {
        this.clock = clock;
        this.root = root;
        this.endpoint = endpoint;
        this.format = format;
        this.buffers = buffers;
        this.directIo = buffers != null && directIoPossible(root);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public FormatInfo format() throws DriveException {
        checkOnline();
        return format;
    }

    @Override
    public DiskInfo diskInfo() {
        try {
            checkOnline();
            FileStore store = Files.getFileStore(root);
            return new DiskInfo(endpoint, store.getTotalSpace(), store.getUsableSpace(), true, "");
        } catch (IOException e) {
            return new DiskInfo(endpoint, 0, 0, false, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void makeVolume(String volume) throws DriveException {
        // Never recreate the tree of a wiped drive: it must stay empty so that it is recognised as fresh.
        checkOnline();
        Path dir = volumeDir(volume);
        try {
            Files.createDirectory(dir);
            if (!isReserved(volume)) {
                byte[] created = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
                Fs.writeAtomically(tempFile(), dir.resolve(Names.VOLUME_MARKER), created);
            }
            Fs.syncDir(root);
        } catch (FileAlreadyExistsException e) {
            throw new DriveException(Reason.VOLUME_EXISTS, "volume " + volume + " exists on " + endpoint);
        } catch (IOException e) {
            throw fail(e, "make volume " + volume);
        }
    }

    @Override
    public void deleteVolume(String volume, boolean force) throws DriveException {
        Path dir = existingVolume(volume);
        try {
            if (!force && !walk(volume, "", "", true, 1).isEmpty()) {
                throw new DriveException(Reason.VOLUME_NOT_EMPTY, "volume " + volume + " is not empty");
            }
            // Rename first so that the volume disappears atomically, then delete the tree at leisure.
            String trashName = "trash-" + UUID.randomUUID();
            Path trash = root.resolve(TEMP_VOLUME).resolve(trashName);
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
            if (!force && !walk(TEMP_VOLUME, trashName + "/", "", true, 1).isEmpty()) {
                // An object was committed between the check and the rename: the volume goes back, whole.
                Files.move(trash, dir, StandardCopyOption.ATOMIC_MOVE);
                throw new DriveException(Reason.VOLUME_NOT_EMPTY, "volume " + volume + " is not empty");
            }
            Fs.syncDir(root);
            Fs.deleteTree(trash);
        } catch (IOException e) {
            throw fail(e, "delete volume " + volume);
        }
    }

    @Override
    public VolumeInfo statVolume(String volume) throws DriveException {
        Path dir = existingVolume(volume);
        return new VolumeInfo(volume, created(dir));
    }

    @Override
    public void checkVolume(String volume) throws DriveException {
        existingVolume(volume);
    }

    @Override
    public List<VolumeInfo> listVolumes() throws DriveException {
        checkOnline();
        List<VolumeInfo> volumes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(p)) {
                    volumes.add(new VolumeInfo(name, created(p)));
                }
            }
        } catch (IOException e) {
            throw fail(e, "list volumes");
        }
        volumes.sort((a, b) -> a.name().compareTo(b.name()));
        return volumes;
    }

    @Override
    public OutputStream createFile(String volume, String path) throws DriveException {
        // Never recreate the tree of a wiped drive: it must stay empty so that it is recognised as fresh.
        checkOnline();
        Path file = file(volume, path);
        try {
            String what = endpoint + "/" + volume + "/" + path;
            FileChannel direct = directIo ? underParents(file.getParent(), ALWAYS, () -> openDirect(file)) : null;
            if (direct != null) {
                try {
                    return new DirectFileOutput(file, direct, buffers, what);
                } catch (OutOfMemoryError e) {
                    // No direct memory left for the aligned buffer: do not leak the open file.
                    direct.close();
                    throw e;
                }
            }
            FileChannel ch = underParents(file.getParent(), ALWAYS, () -> FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
            return new SyncingOutputStream(ch, what);
        } catch (IOException e) {
            throw fail(e, "create " + volume + "/" + path);
        }
    }

    @Override
    public InputStream readFile(String volume, String path, long offset, long length) throws DriveException {
        return open(file(volume, path), offset, length, volume + "/" + path);
    }

    @Override
    public InputStream readShard(String volume, String key, String dataDir, int partNumber, long offset,
            long length) throws DriveException {
        Path file = objectDir(volume, key).resolve(Names.DATA_PREFIX + Names.dataDir(dataDir))
                .resolve(Names.PART_PREFIX + partNumber);
        return open(file, offset, length, volume + "/" + key + " part " + partNumber);
    }

    @Override
    public void writeAll(String volume, String path, byte[] data) throws DriveException {
        // Never recreate the tree of a wiped drive: it must stay empty so that it is recognised as fresh.
        checkOnline();
        Path file = file(volume, path);
        existingVolume(volume);
        try {
            underParents(file.getParent(), ALWAYS, () -> {
                Fs.writeAtomically(tempFile(), file, data);
                return null;
            });
        } catch (IOException e) {
            throw fail(e, "write " + volume + "/" + path);
        }
    }

    @Override
    public byte[] readAll(String volume, String path) throws DriveException {
        Path file = file(volume, path);
        try {
            if (Files.size(file) > MAX_READ_ALL_BYTES) {
                throw new DriveException(Reason.IO, volume + "/" + path + " is too large to read at once");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw fail(e, "read " + volume + "/" + path);
        }
    }

    @Override
    public void renameFile(String srcVolume, String srcPath, String dstVolume, String dstPath)
            throws DriveException {
        checkOnline();
        Path src = file(srcVolume, srcPath);
        Path dst = file(dstVolume, dstPath);
        try {
            underParents(dst.getParent(), () -> Files.exists(src), () -> Files.move(src, dst,
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
            Fs.syncDir(dst.getParent());
            Fs.pruneEmptyParents(src.getParent(), volumeDir(srcVolume));
        } catch (IOException e) {
            throw fail(e, "rename " + srcVolume + "/" + srcPath + " to " + dstVolume + "/" + dstPath);
        }
    }

    @Override
    public void delete(String volume, String path, boolean recursive) throws DriveException {
        Path file = file(volume, path);
        try {
            if (recursive) {
                Fs.deleteTree(file);
            } else {
                Files.deleteIfExists(file);
            }
            Fs.pruneEmptyParents(file.getParent(), volumeDir(volume));
        } catch (DirectoryNotEmptyException e) {
            throw new DriveException(Reason.IO, "directory not empty: " + volume + "/" + path, e);
        } catch (IOException e) {
            throw fail(e, "delete " + volume + "/" + path);
        }
    }

    @Override
    public List<String> listDir(String volume, String dirPath, int maxEntries) throws DriveException {
        Path vol = existingVolume(volume);
        Path dir = dirPath.isEmpty() ? vol : file(volume, dirPath);
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals(Names.VOLUME_MARKER)) {
                    names.add(Files.isDirectory(p) ? name + "/" : name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw fail(e, "list " + volume + "/" + dirPath);
        }
        names.sort(null);
        return names.size() > maxEntries ? names.subList(0, maxEntries) : names;
    }

    @Override
    public FileInfo readMetadata(String volume, String key, boolean includeData) throws DriveException {
        Path meta = objectDir(volume, key).resolve(Names.metaName(key));
        return readMeta(meta, includeData, volume);
    }

    @Override
    public void writeMetadata(String volume, String key, FileInfo info) throws DriveException {
        Path dir = objectDir(volume, key);
        Path meta = dir.resolve(Names.metaName(key));
        FileInfo old = readMeta(meta, false, volume);
        if (!java.util.Objects.equals(old.dataDir(), info.dataDir())) {
            throw new DriveException(Reason.IO, "metadata update would change the data directory of " + key);
        }
        try {
            Fs.writeAtomically(tempFile(), meta, codec.encode(info));
        } catch (IOException e) {
            throw fail(e, "write metadata " + volume + "/" + key);
        }
    }

    @Override
    public void commitObject(String srcVolume, String srcDataPath, String volume, String key, FileInfo info)
            throws DriveException {
        commitObjectReporting(srcVolume, srcDataPath, volume, key, info);
    }

    @Override
    public boolean commitObjectReporting(String srcVolume, String srcDataPath, String volume, String key,
            FileInfo info) throws DriveException {
        Path dir = objectDir(volume, key);
        existingVolume(volume);
        Path src = srcDataPath == null ? null : file(srcVolume, srcDataPath);
        if (info.dataDir() != null) {
            Names.dataDir(info.dataDir());
        }
        Path meta = dir.resolve(Names.metaName(key));
        Path previous = dir.resolve(Names.previousName(key));
        byte[] encoded;
        try {
            encoded = codec.encode(info);
        } catch (IOException e) {
            throw fail(e, "encode metadata of " + key);
        }
        Path target = src != null && info.dataDir() != null ? dir.resolve(Names.DATA_PREFIX + info.dataDir()) : null;
        boolean[] moved = {false};
        boolean toFinish;
        try {
            byte[] old = readIfExists(meta);
            // A version kept by an earlier commit that was never finished: that commit is decided by now.
            dropKept(dir, previous, old == null ? null : dataDirOf(old), info.dataDir());
            underParents(dir, () -> target == null || moved[0] || Files.exists(src), () -> {
                if (target != null && !moved[0]) {
                    Fs.deleteTree(target);
                    Files.move(src, target, StandardCopyOption.ATOMIC_MOVE);
                    moved[0] = true;
                }
                if (old != null) {
                    // Kept until the set finishes or undoes the commit; a crash before the next line leaves the
                    // old metadata in both files, which is harmless. The sync of the directory below covers it.
                    keep(meta, previous, old);
                }
                Fs.writeAtomically(tempFile(), meta, encoded);
                return null;
            });
            // Only a key that had no metadata here needs the look: it is new, or a crash left a data directory.
            toFinish = old != null || hasUnusedDataDir(dir, key, info.dataDir());
        } catch (IOException e) {
            throw fail(e, "commit " + volume + "/" + key);
        }
        if (src != null) {
            Fs.pruneEmptyParents(src.getParent(), volumeDir(srcVolume));
        }
        return toFinish;
    }

    @Override
    public void finishCommit(String volume, String key) throws DriveException {
        Path dir = objectDir(volume, key);
        Path previous = dir.resolve(Names.previousName(key));
        if (!Files.exists(previous) && !hasUnusedDataDir(dir, key, null)) {
            checkOnline();
            return;
        }
        try {
            byte[] encoded = readIfExists(dir.resolve(Names.metaName(key)));
            FileInfo current = decodedOrNull(encoded);
            String currentDir = current == null ? null : validDataDir(current);
            dropKept(dir, previous, currentDir, null);
            if (encoded == null && !sharesDir(dir, key)) {
                // No current metadata: every data directory here is one a first commit of the key moved in and a
                // crash kept from naming, or one of a version whose delete a crash cut short (the kept version
                // just dropped is what it left). Under the key's lock no commit or delete of it is in between.
                dropUnnamedDataDirs(dir, null);
                Fs.pruneEmptyParents(dir, volumeDir(volume));
            } else if (current != null && (current.dataDir() == null || currentDir != null) && !sharesDir(dir, key)) {
                dropUnnamedDataDirs(dir, currentDir);
            }
        } catch (IOException e) {
            throw fail(e, "finish commit of " + volume + "/" + key);
        }
    }

    @Override
    public void undoCommit(String volume, String key, FileInfo committed) throws DriveException {
        Path dir = objectDir(volume, key);
        Path meta = dir.resolve(Names.metaName(key));
        Path previous = dir.resolve(Names.previousName(key));
        FileInfo current;
        try {
            current = readMeta(meta, false, volume);
        } catch (DriveException e) {
            if (e.reason() == Reason.FILE_NOT_FOUND || e.reason() == Reason.CORRUPT) {
                return; // the commit did not happen here, or was undone already
            }
            throw e;
        }
        if (!sameVersion(current, committed)) {
            return;
        }
        if (!Files.exists(previous)) {
            // The commit created the object on this drive.
            deleteObject(volume, key);
            return;
        }
        try {
            String restored = dataDirOf(Files.readAllBytes(previous));
            Files.move(previous, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fs.syncDir(dir);
            if (current.dataDir() != null && !current.dataDir().equals(restored)) {
                Fs.deleteTree(dir.resolve(Names.DATA_PREFIX + current.dataDir()));
            }
        } catch (IOException e) {
            throw fail(e, "undo commit of " + volume + "/" + key);
        }
    }

    @Override
    public void deleteObject(String volume, String key) throws DriveException {
        Path dir = objectDir(volume, key);
        Path meta = dir.resolve(Names.metaName(key));
        String dataDir = null;
        try {
            dataDir = readMeta(meta, false, volume).dataDir();
        } catch (DriveException e) {
            if (e.reason() != Reason.CORRUPT) {
                throw e;
            }
        }
        try {
            Files.delete(meta);
            Fs.syncDir(dir);
            if (dataDir != null) {
                Fs.deleteTree(dir.resolve(Names.DATA_PREFIX + dataDir));
            }
            dropKept(dir, dir.resolve(Names.previousName(key)), null, null);
            Fs.pruneEmptyParents(dir, volumeDir(volume));
        } catch (IOException e) {
            throw fail(e, "delete " + volume + "/" + key);
        }
    }

    @Override
    public List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries)
            throws DriveException {
        return walk(volume, prefix, afterKey, recursive, maxEntries, null);
    }

    @Override
    public List<WalkEntry> walkWithOrphans(String volume, String prefix, String afterKey, boolean recursive,
            int maxEntries) throws DriveException {
        return walk(volume, prefix, afterKey, recursive, maxEntries, this::orphaned);
    }

    private List<WalkEntry> walk(String volume, String prefix, String afterKey, boolean recursive, int maxEntries,
            Walker.OrphanCheck orphans) throws DriveException {
        Path vol = existingVolume(volume);
        if (!Names.walkablePrefix(prefix)) {
            // No key lies below such a prefix, and resolving it could leave the volume ("../"): nothing to walk.
            return List.of();
        }
        try {
            return new Walker(vol, prefix, afterKey == null ? "" : afterKey, recursive, maxEntries,
                    f -> readMeta(f, false, volume), this::finishPending, orphans).run();
        } catch (IOException e) {
            throw fail(e, "walk " + volume + "/" + prefix);
        }
    }

    @Override
    public String toString() {
        return "LocalDrive[" + endpoint + "]";
    }

    /**
     * Creates the temp and system volumes when missing; called when the drive is opened.
     *
     * @param emptyTemp whether to remove what the temp volume holds (writes a previous run left unfinished)
     * @throws IOException on failure
     */
    void prepare(boolean emptyTemp) throws IOException {
        Path tmp = root.resolve(TEMP_VOLUME);
        if (emptyTemp) {
            Fs.deleteTree(tmp);
        }
        Files.createDirectories(tmp);
        Files.createDirectories(root.resolve(SYSTEM_VOLUME));
    }

    /**
     * Exposes the codec for tests of old formats.
     *
     * @return the metadata codec
     */
    MetadataCodec codec() {
        return codec;
    }

    /**
     * Returns the directory of an object, for tests that damage files.
     *
     * @param volume the volume
     * @param key the key
     * @return the object directory
     * @throws DriveException {@code INVALID_NAME}
     */
    Path objectDir(String volume, String key) throws DriveException {
        return volumeDir(volume).resolve(Names.objectDir(Names.key(key, Names.maxBytes(volume))));
    }

    private FileInfo readMeta(Path meta, boolean includeData, String volume) throws DriveException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(meta);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException) {
                existingVolume(volume);
            }
            throw fail(e, "read metadata " + root.relativize(meta));
        }
        return codec.decode(bytes, includeData);
    }

    /**
     * Drops the previous version a commit kept: its metadata file, then its data directory unless one of the given
     * versions uses it. Nothing is synced: a kept version that a crash brings back, even without its data
     * directory, is never read. Only the undo of the commit that kept it reads it, and a commit is either undone
     * or finished, never both; the next commit of the key drops it before keeping another.
     *
     * @return whether a kept version was there
     */
    private boolean dropKept(Path dir, Path previous, String keepA, String keepB) throws IOException {
        byte[] kept = readIfExists(previous);
        if (kept == null) {
            return false;
        }
        String dataDir = dataDirOf(kept);
        Files.deleteIfExists(previous);
        if (dataDir != null && !dataDir.equals(keepA) && !dataDir.equals(keepB)) {
            Fs.deleteTree(dir.resolve(Names.DATA_PREFIX + dataDir));
        }
        return true;
    }

    /**
     * Keeps the current metadata as {@code previous}: a second name for the same file, which costs neither a copy
     * nor a sync (metadata files are only ever replaced by a rename, never written in place). A file system without
     * hard links gets a synced copy.
     */
    private void keep(Path meta, Path previous, byte[] current) throws IOException {
        try {
            Files.createLink(previous, meta);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Fs.writeAtomically(tempFile(), previous, current);
        }
    }

    /**
     * Removes the data directories in an object's directory that its current version does not use: what a commit
     * interrupted between moving its data into place and writing the metadata left. Only safe under the object's
     * write lock, when no commit of this object can be between those two steps; a commit of the object sharing the
     * directory can, so only directories moved in at least {@link #ORPHAN_AGE} ago go.
     */
    private void dropUnnamedDataDirs(Path dir, String currentDir) throws IOException {
        String[] names = dir.toFile().list();
        if (names == null) {
            return;
        }
        for (String name : names) {
            if (isOrphan(dir, name, currentDir)) {
                Fs.deleteTree(dir.resolve(name));
            }
        }
    }

    /**
     * Whether {@code name} in an object's directory is a data directory other than {@code used} ({@code null}: none
     * is used) that was moved into place at least {@link #ORPHAN_AGE} ago, by its change time (a rename sets it).
     * A file system without change times keeps every such directory.
     */
    private boolean isOrphan(Path dir, String name, String used) {
        if (!name.startsWith(Names.DATA_PREFIX) || (used != null && name.equals(Names.DATA_PREFIX + used))) {
            return false;
        }
        return oldEnough(dir.resolve(name));
    }

    /**
     * Whether a file or directory last changed at least {@link #ORPHAN_AGE} ago, by its change time: a rename into
     * place sets it, and so does a change of its number of links (a kept version is a second link to the replaced
     * metadata, which its commit's replacement unlinks). Without change times nothing is old enough.
     */
    private boolean oldEnough(Path file) {
        try {
            FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return Duration.between(changed.toInstant(), clock.instant()).compareTo(ORPHAN_AGE) >= 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether an object's directory holds a data directory other than {@code used} ({@code null}: any data
     * directory) that a finish would remove: one a previous version or a commit interrupted before it wrote the
     * metadata left, moved in at least {@link #ORPHAN_AGE} ago. None is when the directory also holds the object of
     * the same name with or without the slash.
     */
    private boolean hasUnusedDataDir(Path dir, String key, String used) {
        if (sharesDir(dir, key)) {
            return false;
        }
        String[] names = dir.toFile().list();
        if (names == null) {
            return false;
        }
        for (String name : names) {
            if (isOrphan(dir, name, used)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #finishCommit} would drop something in an object's directory now, told from the directory's
     * names (listed by a walk) and the object's metadata: a kept previous version, or a data directory the version
     * does not use that is old enough to go. Mirrors what the finish drops, so that a scanner finishing each
     * object it reports leaves nothing reported the next time; only a data directory other than the version's costs
     * a look at its change time.
     *
     * @param dir the object's directory
     * @param names the names in it
     * @param metaName the object's metadata file name, {@link Names#META} or {@link Names#DIR_META}
     * @param current the object's metadata
     * @return whether a finish would drop something
     */
    boolean finishPending(Path dir, String[] names, String metaName, FileInfo current) {
        String other = metaName.equals(Names.META) ? Names.DIR_META : Names.META;
        boolean shared = false;
        for (String name : names) {
            if (name.equals(metaName + Names.PREVIOUS_SUFFIX)) {
                return true;
            }
            shared |= name.equals(other) || name.equals(other + Names.PREVIOUS_SUFFIX);
        }
        String used = validDataDir(current);
        if (shared || (current.dataDir() != null && used == null)) {
            // The finish leaves data directories alone here: it cannot tell whose they are, or which one is used.
            return false;
        }
        for (String name : names) {
            if (isOrphan(dir, name, used)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #finishCommit} of a key would remove something in its directory although the key has no current
     * metadata there, told from the directory's names (listed by a walk). Either the key's kept version is there,
     * changed at least {@link #ORPHAN_AGE} ago: a delete that a crash cut short between removing the metadata and
     * dropping the kept version left it (a younger one may belong to a delete in flight). Or, for the key without
     * the trailing slash only, no metadata of either key sharing the directory is there, current or kept, but a data
     * directory old enough to go: a first commit of either key that a crash interrupted left it, and this key's
     * finish removes it. Only a kept version, or a directory without metadata that holds a data directory, costs a
     * look at change times.
     *
     * @param dir the key's directory
     * @param names the names in it
     * @param metaName the key's metadata file name, {@link Names#META} or {@link Names#DIR_META}, which is not there
     * @return whether a finish would remove something
     */
    boolean orphaned(Path dir, String[] names, String metaName) {
        String kept = metaName + Names.PREVIOUS_SUFFIX;
        boolean data = false;
        boolean metadata = false;
        for (String name : names) {
            if (name.equals(kept)) {
                return oldEnough(dir.resolve(kept));
            }
            metadata |= name.equals(Names.META) || name.equals(Names.DIR_META)
                    || name.equals(Names.META + Names.PREVIOUS_SUFFIX)
                    || name.equals(Names.DIR_META + Names.PREVIOUS_SUFFIX);
            data |= name.startsWith(Names.DATA_PREFIX);
        }
        if (metadata || !data || !metaName.equals(Names.META)) {
            return false;
        }
        for (String name : names) {
            if (isOrphan(dir, name, null)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the object of the same name with or without the trailing slash ({@code a/b} and {@code a/b/}) has
     * metadata, current or kept, in this object's directory. Its data directories lie beside this object's, under
     * another lock, so this object's finish cannot tell an orphan from one of them and leaves them all.
     */
    private static boolean sharesDir(Path dir, String key) {
        String other = Names.metaName(key).equals(Names.META) ? Names.DIR_META : Names.META;
        return Files.exists(dir.resolve(other)) || Files.exists(dir.resolve(other + Names.PREVIOUS_SUFFIX));
    }

    private static byte[] readIfExists(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The data directory named by encoded metadata, {@code null} when it has none or cannot be decoded. */
    private String dataDirOf(byte[] encoded) {
        FileInfo info = decodedOrNull(encoded);
        return info == null ? null : validDataDir(info);
    }

    /** Decoded metadata without inline data, {@code null} when there is none or it cannot be decoded. */
    private FileInfo decodedOrNull(byte[] encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            return codec.decode(encoded, false);
        } catch (DriveException e) {
            return null;
        }
    }

    /** The data directory a version names, {@code null} when it names none or not a valid one. */
    private static String validDataDir(FileInfo info) {
        try {
            return info.dataDir() == null ? null : Names.dataDir(info.dataDir());
        } catch (DriveException e) {
            return null;
        }
    }

    /** Whether stored metadata is the version a commit wrote (times in milliseconds, which every format keeps). */
    private static boolean sameVersion(FileInfo stored, FileInfo committed) {
        return java.util.Objects.equals(stored.dataDir(), committed.dataDir())
                && stored.modTime().toEpochMilli() == committed.modTime().toEpochMilli()
                && stored.size() == committed.size() && java.util.Objects.equals(stored.etag(), committed.etag());
    }

    private InputStream open(Path file, long offset, long length, String what) throws DriveException {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = ch.size();
                long len = length < 0 ? size - offset : length;
                if (offset < 0 || offset + len > size) {
                    throw new DriveException(Reason.CORRUPT, what + " on " + endpoint + " is shorter ("
                            + size + " bytes) than the requested range " + offset + "+" + len);
                }
                ch.position(offset);
                return new BoundedInputStream(Channels.newInputStream(ch), len, what);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw fail(e, "read " + what);
        }
    }

    /**
     * Opens a file for direct writes, or returns {@code null} when this drive's file system refuses direct I/O,
     * after which this drive writes through the page cache.
     */
    private FileChannel openDirect(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            // Tell a refusal of direct I/O from a failure of the open itself: the buffered open must succeed.
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            directIo = false;
            return null;
        }
    }

    private static boolean directIoPossible(Path root) {
        try {
            long block = Files.getFileStore(root).getBlockSize();
            return block > 0 && AlignedBuffers.ALIGNMENT % block == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private Path volumeDir(String volume) throws DriveException {
        return root.resolve(Names.volume(volume));
    }

    private Path existingVolume(String volume) throws DriveException {
        Path dir = volumeDir(volume);
        if (!Files.isDirectory(dir)) {
            checkOnline();
            throw new DriveException(Reason.VOLUME_NOT_FOUND, "volume " + volume + " not found on " + endpoint);
        }
        return dir;
    }

    private Path file(String volume, String path) throws DriveException {
        return volumeDir(volume).resolve(Names.path(path, false, Names.maxBytes(volume)));
    }

    private Path tempFile() {
        return root.resolve(TEMP_VOLUME).resolve("w-" + UUID.randomUUID());
    }

    private static boolean isReserved(String volume) {
        return volume.startsWith(".");
    }

    private Instant created(Path volumeDir) {
        try {
            String millis = new String(Files.readAllBytes(volumeDir.resolve(Names.VOLUME_MARKER)),
                    StandardCharsets.US_ASCII).trim();
            return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (IOException | NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * Creates {@code dir} with its missing parents and runs {@code action} below it, again (up to
     * {@link #MAX_PARENT_ATTEMPTS} times) when a concurrent delete pruned a directory in between and the action is
     * still {@code possible}.
     */
    private <T> T underParents(Path dir, BooleanSupplier possible, ParentsAction<T> action) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                mkdirs(dir);
                return action.run();
            } catch (NoSuchFileException e) {
                if (attempt >= MAX_PARENT_ATTEMPTS || !possible.getAsBoolean()) {
                    throw e;
                }
                // A concurrent delete pruned a parent it saw empty between our mkdirs and the action: again.
            }
        }
    }

    /** An action on a path whose parent directories {@link #underParents} has just created. */
    @FunctionalInterface
    private interface ParentsAction<T> {
        T run() throws IOException;
    }

    /**
     * Creates a directory and its missing parents below its volume, never the volume or the drive root: a write
     * racing with the wipe of a drive must not rebuild the tree, or the drive would not look fresh afterwards.
     */
    private void mkdirs(Path dir) throws IOException {
        Path relative = root.relativize(dir);
        Path volumeDir = root.resolve(relative.getName(0));
        if (!Files.isDirectory(volumeDir)) {
            // The bucket was deleted under the write: its caller answers NoSuchBucket, not a quorum failure.
            throw new DriveException(Reason.VOLUME_NOT_FOUND, "volume " + relative.getName(0) + " is gone from "
                    + endpoint);
        }
        Fs.ensureDirectory(dir);
    }

    /**
     * Throws {@code OFFLINE} when the drive directory or its format file is gone (deleted, replaced by a file,
     * unmounted), so that such a drive never answers "not found" and sways a quorum.
     */
    private void checkOnline() throws DriveException {
        if (!Files.isDirectory(root) || !Files.isRegularFile(root.resolve(FormatFile.NAME))) {
            throw new DriveException(Reason.OFFLINE, "drive " + endpoint + " is missing or not formatted");
        }
    }

    private DriveException fail(IOException e, String what) {
        DriveException mapped = Fs.map(e, what + " on " + endpoint);
        if (mapped.reason() != Reason.OFFLINE && mapped.reason() != Reason.FULL) {
            try {
                checkOnline();
            } catch (DriveException offline) {
                offline.addSuppressed(e);
                return offline;
            }
        }
        return mapped;
    }

    /** An output stream over a file channel that syncs on close and maps failures to drive exceptions. */
    private static final class SyncingOutputStream extends OutputStream {
        private final FileChannel channel;
        private final OutputStream out;
        private final String what;
        private boolean closed;

        SyncingOutputStream(FileChannel channel, String what) {
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
            this.what = what;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw Fs.map(e, "write " + what);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.force(true);
            } catch (IOException e) {
                throw Fs.map(e, "sync " + what);
            } finally {
                channel.close();
            }
        }
    }

    /** Yields exactly {@code remaining} bytes and fails when the file ends sooner. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private final String what;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining, String what) {
            this.in = in;
            this.remaining = remaining;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, remaining));
            } catch (IOException e) {
                throw Fs.map(e, "read " + what);
            }
            if (n < 0) {
                throw new DriveException(Reason.CORRUPT, what + " ended early");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
