/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * A sorted walk over one volume's directory tree.
 *
 * <p>Sorting works per directory: a child directory {@code c} contributes the object {@code c} (when it holds
 * {@link Names#META}) and the subtree {@code c/} (when it holds anything else), and the two are ordered among
 * the siblings by those strings. Because every key in the subtree starts with {@code c/}, a depth-first walk in
 * that order yields keys in global string order; subtrees that can only hold keys up to {@code afterKey} are
 * skipped without reading them, so a page costs about one directory listing per level.
 */
final class Walker {

    /** Reads one object's metadata; implemented by the drive. */
    interface MetaReader {
        FileInfo read(Path metaFile) throws DriveException;
    }

    private final Path volumeDir;
    private final String prefix;
    private final String afterKey;
    private final boolean recursive;
    private final int max;
    private final MetaReader reader;
    private final List<WalkEntry> out = new ArrayList<>();

    Walker(Path volumeDir, String prefix, String afterKey, boolean recursive, int max, MetaReader reader) {
        this.volumeDir = volumeDir;
        this.prefix = prefix;
        this.afterKey = afterKey;
        this.recursive = recursive;
        this.max = max;
        this.reader = reader;
    }

    /**
     * Runs the walk.
     *
     * @return up to {@code max} entries in key order
     * @throws IOException when a directory cannot be read
     */
    List<WalkEntry> run() throws IOException {
        if (max <= 0) {
            return List.of();
        }
        int slash = prefix.lastIndexOf('/');
        String baseDir = slash < 0 ? "" : prefix.substring(0, slash + 1);
        walkDir(baseDir, prefix.substring(slash + 1));
        return out;
    }

    private void walkDir(String dirKey, String namePrefix) throws IOException {
        Path dir = dirKey.isEmpty() ? volumeDir : volumeDir.resolve(dirKey);
        if (!dirKey.isEmpty() && namePrefix.isEmpty() && dirKey.startsWith(prefix) && after(dirKey)) {
            addObject(dirKey, dir.resolve(Names.DIR_META));
        }
        for (String sortKey : children(dir, dirKey, namePrefix)) {
            if (out.size() >= max) {
                return;
            }
            String key = dirKey + sortKey;
            if (!sortKey.endsWith("/")) {
                if (after(key)) {
                    addObject(key, dir.resolve(sortKey).resolve(Names.META));
                }
            } else if (!recursive) {
                if (after(key) && hasSubtree(dir.resolve(sortKey.substring(0, sortKey.length() - 1)))) {
                    out.add(new WalkEntry(key, null));
                }
            } else if (after(key) || afterKey.startsWith(key)) {
                walkDir(key, "");
            }
        }
    }

    private boolean after(String key) {
        return key.compareTo(afterKey) > 0;
    }

    private void addObject(String key, Path metaFile) throws IOException {
        if (out.size() >= max || !Files.isRegularFile(metaFile)) {
            return;
        }
        try {
            out.add(new WalkEntry(key, reader.read(metaFile)));
        } catch (DriveException e) {
            if (e.reason() != DriveException.Reason.FILE_NOT_FOUND && e.reason() != DriveException.Reason.CORRUPT) {
                throw e;
            }
            // A concurrently deleted or corrupt copy is left out; the other drives' copies decide.
        }
    }

    /**
     * Lists the sort keys of a directory's children without touching them: {@code c} (a possible object) and
     * {@code c/} (a possible subtree) for every child name, minus those that can only hold keys up to
     * {@code afterKey}. Whether each exists is checked only when the walk reaches it, so a page costs one directory
     * listing plus a few checks per returned entry, however large the directory.
     */
    private List<String> children(Path dir, String dirKey, String namePrefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path child : (Iterable<Path>) entries::iterator) {
                String name = child.getFileName().toString();
                if (name.startsWith(Names.RESERVED) || !name.startsWith(namePrefix)) {
                    continue;
                }
                String sub = dirKey + name + "/";
                if (sub.compareTo(afterKey) <= 0 && !afterKey.startsWith(sub)) {
                    continue;
                }
                keys.add(name);
                keys.add(name + "/");
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        Collections.sort(keys);
        return keys;
    }

    private static boolean hasSubtree(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(Names.DIR_META))) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(p -> !p.getFileName().toString().startsWith(Names.RESERVED)
                    && Files.isDirectory(p));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
    }
}
