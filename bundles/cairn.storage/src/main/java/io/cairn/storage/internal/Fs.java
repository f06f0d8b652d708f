/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import io.cairn.api.storage.DriveException;

/**
 * File system helpers: durable writes (write, fsync, rename, fsync the directory) and exception mapping.
 */
final class Fs {

    private Fs() {
    }

    /**
     * Writes {@code data} to {@code tmp}, syncs it, renames it onto {@code target} atomically and syncs the
     * target's directory.
     *
     * @param tmp a temporary file on the same file system
     * @param target the destination
     * @param data the bytes
     * @throws IOException on failure; {@code tmp} is removed
     */
    static void writeAtomically(Path tmp, Path target, byte[] data) throws IOException {
        boolean moved = false;
        try {
            try (FileChannel ch = create(tmp)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDir(target.getParent());
    }

    /**
     * Creates (or truncates) a file for writing; its directory is created only when the first attempt finds it
     * missing, which saves a stat on every write.
     *
     * @param file the file
     * @return the open channel
     * @throws IOException on failure
     */
    static FileChannel create(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /**
     * Creates a directory and its parents unless it exists; cheaper than {@link Files#createDirectories} for the
     * common case of an existing directory, which that method answers by way of a failed mkdir and an exception.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Syncs a directory so that renames inside it are durable.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Deletes a file or a directory tree; a missing one is ignored.
     *
     * @param path the file or directory
     * @throws IOException on failure
     */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
    }

    /**
     * Removes empty directories from {@code dir} upwards, stopping at {@code stop} (exclusive) or at the first
     * directory that is not empty.
     *
     * @param dir the first directory to try
     * @param stop the directory that is never removed
     */
    static void pruneEmptyParents(Path dir, Path stop) {
        Path current = dir;
        while (current != null && current.startsWith(stop) && !current.equals(stop)) {
            try {
                Files.delete(current);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                if (e instanceof DirectoryNotEmptyException) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            current = current.getParent();
        }
    }

    /**
     * Maps an I/O failure to a drive exception.
     *
     * @param e the failure
     * @param what a description of the operation and file
     * @return the drive exception
     */
    static DriveException map(IOException e, String what) {
        if (e instanceof DriveException de) {
            return de;
        }
        DriveException.Reason reason;
        if (e instanceof NoSuchFileException) {
            reason = DriveException.Reason.FILE_NOT_FOUND;
        } else if (e instanceof AccessDeniedException || e instanceof NotDirectoryException) {
            reason = DriveException.Reason.OFFLINE;
        } else if (e.getMessage() != null && e.getMessage().contains("No space left")) {
            reason = DriveException.Reason.FULL;
        } else {
            reason = DriveException.Reason.IO;
        }
        return new DriveException(reason, what + ": " + e, e);
    }
}
