/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FormatInfo;

/**
 * Reads and writes a drive's format file, {@value #NAME}, a small JSON document at the drive's top level.
 */
final class FormatFile {

    /** The format file's name. */
    static final String NAME = ".cairn.format.json";

    /** Entries an empty file system may hold that do not make a directory "used". */
    private static final Set<String> IGNORABLE = Set.of("lost+found", Drive.TEMP_VOLUME);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The JSON document. Public fields for Jackson. */
    public static final class Dto {
        public int formatVersion;
        public String deploymentId;
        public String driveId;
        public int pool;
        public int set;
        public int position;
        public int setCount;
        public int setSize;
    }

    private FormatFile() {
    }

    /**
     * Reads the format of a drive directory.
     *
     * @param root the drive directory
     * @return the format, or empty when the directory is missing or empty
     * @throws DriveException {@code FOREIGN_FORMAT} for a used directory without format, {@code CORRUPT} for a bad
     *     format file, {@code OFFLINE} when the directory cannot be read
     */
    static Optional<FormatInfo> read(Path root) throws DriveException {
        if (!Files.exists(root)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(root)) {
            throw new DriveException(DriveException.Reason.OFFLINE, root + " is not a directory");
        }
        Path file = root.resolve(NAME);
        if (!Files.exists(file)) {
            if (isEmpty(root)) {
                return Optional.empty();
            }
            throw new DriveException(DriveException.Reason.FOREIGN_FORMAT, root
                    + " is not empty and is not a Cairn drive (no " + NAME + "); refusing to use it. "
                    + "Use an empty directory or a drive of this deployment.");
        }
        try {
            Dto dto = JSON.readValue(Files.readAllBytes(file), Dto.class);
            return Optional.of(new FormatInfo(dto.formatVersion, dto.deploymentId, dto.driveId, dto.pool, dto.set,
                    dto.position, dto.setCount, dto.setSize));
        } catch (IOException | RuntimeException e) {
            throw new DriveException(DriveException.Reason.CORRUPT, "unreadable drive format " + file + ": " + e,
                    e);
        }
    }

    /**
     * Writes a format file durably.
     *
     * @param root the drive directory
     * @param info the format
     * @throws IOException on failure
     */
    static void write(Path root, FormatInfo info) throws IOException {
        Dto dto = new Dto();
        dto.formatVersion = info.formatVersion();
        dto.deploymentId = info.deploymentId();
        dto.driveId = info.driveId();
        dto.pool = info.pool();
        dto.set = info.set();
        dto.position = info.position();
        dto.setCount = info.setCount();
        dto.setSize = info.setSize();
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(dto);
        Fs.writeAtomically(root.resolve(NAME + ".tmp"), root.resolve(NAME), bytes);
    }

    private static boolean isEmpty(Path root) throws DriveException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.allMatch(p -> IGNORABLE.contains(p.getFileName().toString()));
        } catch (IOException e) {
            throw new DriveException(DriveException.Reason.OFFLINE, "cannot read " + root + ": " + e, e);
        }
    }
}
