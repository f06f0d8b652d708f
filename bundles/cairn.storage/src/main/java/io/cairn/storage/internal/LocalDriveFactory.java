/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;

/**
 * Opens local directories as drives: formats empty ones, refuses foreign ones, and empties the temp volume the
 * first time it opens a drive.
 *
 * <p>A node opens the same drive more than once while it runs: the object layer opens it, the peer transport opens
 * it again for every peer that asks (after a restart of either side, or a transport swap), the reconnect loop
 * reopens it. Writes of other nodes may be in progress in its temp volume at each of those moments, so only the
 * first opening clears what a previous run left behind.
 */
@Component(service = DriveFactory.class, property = "drive.kind=local")
public final class LocalDriveFactory implements DriveFactory {

    /** Roots whose temp volume this factory has emptied already. */
    private final Set<Path> cleaned = ConcurrentHashMap.newKeySet();
    /** Aligned buffers for direct writes, shared by every drive this factory opens: 16 MiB kept at most. */
    private final AlignedBuffers buffers = new AlignedBuffers(64);
    /** The wall clock the drives compare file change times with. */
    private final Clock clock;

    /** Creates the factory the framework registers. */
    public LocalDriveFactory() {
        this(Clock.systemUTC());
    }

    /**
     * Creates a factory whose drives tell the age of leftovers by {@code clock}: for tests, here and in the layers
     * above, that move it forward.
     *
     * @param clock the wall clock
     */
    public LocalDriveFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
        return FormatFile.read(path(endpoint));
    }

    @Override
    public Drive open(String endpoint, FormatInfo expected) throws DriveException {
        Path root = path(endpoint);
        Optional<FormatInfo> existing = FormatFile.read(root);
        FormatInfo format;
        if (existing.isPresent()) {
            format = existing.get();
            if (!format.deploymentId().equals(expected.deploymentId())) {
                throw new DriveException(Reason.FOREIGN_FORMAT, "drive " + endpoint + " belongs to deployment "
                        + format.deploymentId() + ", not to " + expected.deploymentId() + "; refusing to use it");
            }
            if (!format.samePlace(expected)) {
                throw new DriveException(Reason.FOREIGN_FORMAT, "drive " + endpoint + " was formatted as "
                        + place(format) + " but is configured as " + place(expected)
                        + "; were the endpoints reordered?");
            }
        } else {
            format = expected;
            try {
                Files.createDirectories(root);
                FormatFile.write(root, expected);
            } catch (IOException e) {
                throw Fs.map(e, "format " + endpoint);
            }
        }
        LocalDrive drive = new LocalDrive(root, endpoint, format, buffers, clock);
        try {
            drive.prepare(cleaned.add(root));
        } catch (IOException e) {
            throw new DriveException(Reason.OFFLINE, "cannot prepare " + endpoint + ": " + e, e);
        }
        return drive;
    }

    private static Path path(String endpoint) throws DriveException {
        try {
            return Paths.get(endpoint).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new DriveException(Reason.INVALID_NAME, "bad drive path " + endpoint, e);
        }
    }

    /** Names a drive's place numbered from 1, as {@code cairn:info} and the docs number pools, sets and drives. */
    private static String place(FormatInfo f) {
        return "pool " + (f.pool() + 1) + " set " + (f.set() + 1) + " drive " + (f.position() + 1);
    }
}
