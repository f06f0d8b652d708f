/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.api.topology.Endpoint;

/**
 * Finds two local drive arguments that are one drive under two names, which the layout check cannot see: the same
 * folder reached through a symbolic link (or a bind mount), or two folders holding the same drive (a copied
 * drive). Such a node would start with one of the two drives offline; {@code cairn server} refuses it before
 * formatting anything, as MinIO does. Only existing folders are compared, by real path and by the drive id of their
 * format file; URL endpoints are left to the nodes they name.
 */
final class SameDrives {

    /** The drive's format file, written by the storage bundle at the drive's top level. */
    static final String FORMAT_FILE = ".cairn.format.json";

    private static final Pattern DRIVE_ID = Pattern.compile("\"driveId\"\\s*:\\s*\"([^\"]+)\"");

    /** The largest format file read; real ones are a few hundred bytes. */
    private static final long MAX_FORMAT_BYTES = 64 * 1024;

    private SameDrives() {
    }

    /**
     * Looks for two endpoints that are the same drive.
     *
     * @param endpoints the drives, in argument order
     * @param name how to name a drive in the message (as the operator wrote it)
     * @return why two of them are the same drive, naming both, or empty when they are distinct
     */
    static Optional<String> find(List<Endpoint> endpoints, Function<Endpoint, String> name) {
        Map<Path, Endpoint> byFolder = new HashMap<>();
        Map<String, Endpoint> byDriveId = new HashMap<>();
        for (Endpoint e : endpoints) {
            if (e.isUrl()) {
                continue;
            }
            Path folder = realFolder(e.path());
            if (folder == null) {
                continue;
            }
            Endpoint earlier = byFolder.putIfAbsent(folder, e);
            if (earlier != null) {
                return Optional.of("'" + name.apply(earlier) + "' and '" + name.apply(e) + "' are the same folder ("
                        + folder + "); every drive may appear only once");
            }
            String id = driveId(folder);
            earlier = id == null ? null : byDriveId.putIfAbsent(id, e);
            if (earlier != null) {
                return Optional.of("'" + name.apply(earlier) + "' and '" + name.apply(e) + "' hold the same drive"
                        + " (drive id " + id + "); every drive may appear only once");
            }
        }
        return Optional.empty();
    }

    private static Path realFolder(String path) {
        try {
            Path p = Path.of(path);
            return Files.isDirectory(p) ? p.toRealPath() : null;
        } catch (IOException | RuntimeException e) {
            // A folder that cannot be resolved is not compared; the node reports it when it opens the drive.
            return null;
        }
    }

    private static String driveId(Path folder) {
        Path file = folder.resolve(FORMAT_FILE);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FORMAT_BYTES) {
                return null;
            }
            Matcher m = DRIVE_ID.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
