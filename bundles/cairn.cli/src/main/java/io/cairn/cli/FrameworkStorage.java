/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A node process's own directory in the temporary area, holding the framework's storage (Felix's bundle cache).
 * {@code bin/cairn} makes it before the JVM starts and makes it the JVM's {@code java.io.tmpdir}, so that what the
 * runtime jar's launcher writes there (copies of the framework and launcher jars, its working directory) is in it
 * too; started otherwise, the node makes one itself. The directory records the process id that owns it beside the
 * storage itself, which the launcher empties when the framework starts. A node removes its directory on a normal
 * stop; directories left by processes that are gone (killed, crashed) are removed when the next node starts on the
 * same machine.
 */
final class FrameworkStorage {

    /** Name prefix of every storage directory. */
    static final String PREFIX = "cairn-felix-";

    /** File in a storage directory holding its owner's process id. */
    static final String OWNER_FILE = "cairn.pid";

    /** Subdirectory the framework stores its bundles in. */
    static final String FRAMEWORK_DIR = "framework";

    /**
     * System property naming the node's own directory, which {@code bin/cairn} made in the temporary area (with
     * its owner file) and made the JVM's {@code java.io.tmpdir}.
     */
    static final String NODE_TMPDIR = "cairn.node.tmpdir";

    private FrameworkStorage() {
    }

    /**
     * Removes the storage directories of processes that are gone, then creates one for this process.
     *
     * @param tempRoot the temporary area
     * @return the new directory, owned by this process; the framework's storage is its {@link #FRAMEWORK_DIR}
     * @throws IOException when it cannot be created
     */
    static Path create(Path tempRoot) throws IOException {
        removeStale(tempRoot);
        Path dir = Files.createTempDirectory(tempRoot, PREFIX);
        Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.US_ASCII);
        Files.createDirectory(dir.resolve(FRAMEWORK_DIR));
        return dir;
    }

    /**
     * Takes over the directory {@code bin/cairn} made for this process, after removing those of processes that
     * are gone beside it. A directory whose owner file names another process is not this node's and is left alone.
     *
     * @param dir the directory named by {@link #NODE_TMPDIR}, or {@code null} when the launcher made none
     * @return the directory when it is this process's
     */
    static Optional<Path> adopt(String dir) {
        if (dir == null || dir.isEmpty()) {
            return Optional.empty();
        }
        Path own = Path.of(dir).toAbsolutePath();
        OptionalLong owner = owner(own);
        if (owner.isEmpty() || owner.getAsLong() != ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        if (own.getParent() != null) {
            removeStale(own.getParent());
        }
        return Optional.of(own);
    }

    /**
     * Removes every storage directory under {@code tempRoot} whose owner process no longer runs. Directories
     * without an owner file (still being created, or left by an older version) are kept.
     *
     * @param tempRoot the temporary area
     * @return how many directories were removed
     */
    static int removeStale(Path tempRoot) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempRoot, PREFIX + "*")) {
            for (Path dir : dirs) {
                OptionalLong owner = owner(dir);
                if (owner.isPresent() && ProcessHandle.of(owner.getAsLong()).isEmpty() && remove(dir)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // Cleaning up is a courtesy; the node starts anyway.
        }
        return removed;
    }

    /**
     * Removes a storage directory, its owner file last: should anything else stay behind (the framework still
     * writing while its process stops), the owner file stays too, and the next node to start removes the rest once
     * the owner has exited. Without it, the directory would count as one being created and be kept for good.
     *
     * @param storage the storage directory
     * @return whether it is gone
     */
    static boolean remove(Path storage) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(storage)) {
            for (Path child : children) {
                if (!child.getFileName().toString().equals(OWNER_FILE)) {
                    deleteTree(child);
                }
            }
        } catch (IOException e) {
            return !Files.exists(storage);
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(storage, p -> !p.getFileName().toString()
                .equals(OWNER_FILE))) {
            if (left.iterator().hasNext()) {
                return false;
            }
        } catch (IOException e) {
            return !Files.exists(storage);
        }
        return deleteTree(storage);
    }

    /**
     * Deletes a directory tree. Other nodes starting at the same moment may be deleting the same tree: an entry
     * that vanishes while the walk reaches it is skipped, never an error.
     *
     * @param root the directory
     * @return whether it is gone
     */
    static boolean deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new TreeDeleter());
        } catch (IOException e) {
            // Not ours to delete after all (permissions): the node starts anyway.
        }
        return !Files.exists(root);
    }

    /** Deletes what it visits, children before their directory, and goes on past entries already gone. */
    private static final class TreeDeleter extends SimpleFileVisitor<Path> {

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            delete(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            delete(dir);
            return FileVisitResult.CONTINUE;
        }

        private static void delete(Path path) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Gone or being emptied by another node; the final check tells.
            }
        }
    }

    private static OptionalLong owner(Path dir) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(dir.resolve(OWNER_FILE),
                    StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
