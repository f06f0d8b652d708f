/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.KeyOrder;
import io.cairn.api.storage.WalkEntry;

/**
 * A sorted walk over one volume's directory tree.
 *
 * <p>Sorting works per directory: a child directory {@code c} contributes the object {@code c} (when it holds
 * {@link Names#META}) and the subtree {@code c/} (when it holds anything else), and the two are ordered among
 * the siblings by those strings. Because every key in the subtree starts with {@code c/}, a depth-first walk in
 * that order yields keys in global string order; subtrees that can only hold keys up to {@code afterKey} are
 * skipped without reading them, so a page costs about one directory listing per level. A walk given an
 * {@link OrphanCheck} also returns, at the place of the object {@code c}, an orphan entry for a child directory
 * without {@link Names#META} that holds something a finish of {@code c} would remove, and at the place of the
 * object {@code c/} one for a directory without {@link Names#DIR_META} that holds something a finish of {@code c/}
 * would remove.
 */
final class Walker {

    /** Reads one object's metadata; implemented by the drive. */
    interface MetaReader {
        FileInfo read(Path metaFile) throws DriveException;
    }

    /** Tells whether a finish of an object's commit would drop something; implemented by the drive. */
    interface FinishCheck {
        /**
         * @param objectDir the object's directory
         * @param names the names in it, as the walk listed them
         * @param metaName the object's metadata file name there
         * @param info the object's metadata
         * @return whether {@link io.cairn.api.storage.Drive#finishCommit} would drop something now
         */
        boolean pending(Path objectDir, String[] names, String metaName, FileInfo info);
    }

    /** Tells whether a key without metadata has something for a finish to remove; implemented by the drive. */
    interface OrphanCheck {
        /**
         * @param keyDir the key's directory
         * @param names the names in it, as the walk listed them
         * @param metaName the key's metadata file name, {@link Names#META} or {@link Names#DIR_META}, which
         *     {@code names} does not hold
         * @return whether {@link io.cairn.api.storage.Drive#finishCommit} of the key would remove something now
         */
        boolean orphaned(Path keyDir, String[] names, String metaName);
    }

    private final Path volumeDir;
    private final String prefix;
    private final String afterKey;
    private final boolean recursive;
    private final int max;
    private final MetaReader reader;
    private final FinishCheck finishCheck;
    /** {@code null} for a walk that reports no orphans. */
    private final OrphanCheck orphanCheck;
    private final List<WalkEntry> out = new ArrayList<>();
    /** Listings of object directories, kept from the object's visit for the visit of its subtree. */
    private final Map<String, String[]> listings = new HashMap<>();

    Walker(Path volumeDir, String prefix, String afterKey, boolean recursive, int max, MetaReader reader,
            FinishCheck finishCheck, OrphanCheck orphanCheck) {
        this.finishCheck = finishCheck;
        this.orphanCheck = orphanCheck;
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
        String[] names = dirKey.isEmpty() ? list(dir) : listed(dirKey, dir);
        if (!dirKey.isEmpty() && namePrefix.isEmpty() && dirKey.startsWith(prefix) && after(dirKey)) {
            if (contains(names, Names.DIR_META)) {
                addObject(dirKey, dir, names, Names.DIR_META);
            } else if (orphanCheck != null && out.size() < max && orphanCheck.orphaned(dir, names, Names.DIR_META)) {
                out.add(WalkEntry.orphan(dirKey));
            }
        }
        for (String sortKey : children(names, dirKey, namePrefix)) {
            if (out.size() >= max) {
                return;
            }
            String key = dirKey + sortKey;
            if (!sortKey.endsWith("/")) {
                if (after(key)) {
                    Path child = dir.resolve(sortKey);
                    String[] inside = list(child);
                    // Kept for the visit of the subtree "key/", which comes soon after in the sorted order.
                    listings.put(key + "/", inside);
                    if (contains(inside, Names.META)) {
                        addObject(key, child, inside, Names.META);
                    } else if (orphanCheck != null && orphanCheck.orphaned(child, inside, Names.META)) {
                        // Told from the listing made anyway: only a kept version, or a directory without metadata
                        // holding data, costs more, a look at a change time.
                        out.add(WalkEntry.orphan(key));
                    }
                }
            } else if (!recursive) {
                if (after(key) && hasSubtree(listed(key, dir.resolve(sortKey.substring(0, sortKey.length() - 1))),
                        dir.resolve(sortKey.substring(0, sortKey.length() - 1)))) {
                    out.add(new WalkEntry(key, null));
                }
            } else if (after(key) || afterKey.startsWith(key)) {
                walkDir(key, "");
            } else {
                listings.remove(key);
            }
        }
    }

    private boolean after(String key) {
        return KeyOrder.compare(key, afterKey) > 0;
    }

    /**
     * Adds an object with its metadata, and whether a finish would drop something in its directory, told from the
     * directory's listing, which the walk holds anyway.
     */
    private void addObject(String key, Path objectDir, String[] names, String metaName) throws IOException {
        if (out.size() >= max) {
            return;
        }
        try {
            FileInfo info = reader.read(objectDir.resolve(metaName));
            out.add(new WalkEntry(key, info, finishCheck.pending(objectDir, names, metaName, info)));
        } catch (DriveException e) {
            if (e.reason() != DriveException.Reason.FILE_NOT_FOUND && e.reason() != DriveException.Reason.CORRUPT) {
                throw e;
            }
            // A concurrently deleted or corrupt copy is left out; the other drives' copies decide.
        }
    }

    /**
     * The names in the directory of the subtree {@code subtreeKey}: listed already when the walk passed the object
     * of the same name, otherwise now.
     */
    private String[] listed(String subtreeKey, Path dir) throws IOException {
        String[] names = listings.remove(subtreeKey);
        return names != null ? names : list(dir);
    }

    /**
     * Lists a directory's names in one call; a missing directory or a file has none. Every directory below the
     * volume is listed once, and the listing answers which metadata files it holds, so the walk does not stat
     * them one by one.
     */
    private static String[] list(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        if (names != null) {
            return names;
        }
        // Missing, not a directory, or unreadable: ask again in a way that tells them apart.
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            List<String> found = new ArrayList<>();
            for (Path p : entries) {
                found.add(p.getFileName().toString());
            }
            return found.toArray(String[]::new);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return new String[0];
        }
    }

    private static boolean contains(String[] names, String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sort keys of a directory's children: {@code c} (a possible object) and {@code c/} (a possible subtree)
     * for every child name, minus those that can only hold keys up to {@code afterKey}. Whether each exists is
     * checked only when the walk reaches it, so a page costs one directory listing plus a few checks per returned
     * entry, however large the directory.
     */
    private List<String> children(String[] names, String dirKey, String namePrefix) {
        List<String> keys = new ArrayList<>();
        boolean plain = true;
        for (String name : names) {
            if (name.startsWith(Names.RESERVED) || !name.startsWith(namePrefix)) {
                continue;
            }
            String sub = dirKey + name + "/";
            if (KeyOrder.compare(sub, afterKey) <= 0 && !afterKey.startsWith(sub)) {
                continue;
            }
            keys.add(name);
            keys.add(name + "/");
            plain &= belowSurrogates(name);
        }
        // Names without surrogates or characters above them sort the same in String order, which is faster.
        keys.sort(plain ? null : KeyOrder.COMPARATOR);
        return keys;
    }

    /** Whether a name has no character from U+D800 up: among such names String order is {@link KeyOrder}. */
    private static boolean belowSurrogates(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= Character.MIN_SURROGATE) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasSubtree(String[] names, Path dir) {
        for (String name : names) {
            if (name.equals(Names.DIR_META)
                    || (!name.startsWith(Names.RESERVED) && Files.isDirectory(dir.resolve(name)))) {
                return true;
            }
        }
        return false;
    }
}
