/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.topology.Endpoint;

/**
 * The node's own drives as its peers use them: opened on a peer's request through the local drive factory, and
 * looked up by their path for every later call. Only the paths of this node's endpoints are served, so a call can
 * never open another directory. When the local factory is replaced, the open drives are forgotten; peers get
 * {@value Wire#NOT_OPEN} and open them again through the new factory.
 */
final class ServedDrives {

    private final String self;
    private final Map<String, Endpoint> served = new LinkedHashMap<>();
    private final ConcurrentMap<String, Drive> open = new ConcurrentHashMap<>();
    private volatile DriveFactory factory;

    /** Thrown when a peer calls a drive that has not been opened since this node started. */
    static final class NotOpenException extends Exception {
        private static final long serialVersionUID = 1L;

        NotOpenException(String message) {
            super(message);
        }
    }

    /**
     * Creates the registry.
     *
     * @param identity this node's identity; its local endpoints are the drives served
     */
    ServedDrives(NodeIdentity identity) {
        this.self = identity.self();
        for (Endpoint e : identity.localEndpoints()) {
            served.put(e.path(), e);
        }
    }

    /**
     * Sets the local drive factory, forgetting the drives opened through the previous one.
     *
     * @param next the factory, {@code null} when none is available
     */
    void factory(DriveFactory next) {
        factory = next;
        open.clear();
    }

    /**
     * Returns an open drive.
     *
     * @param path the drive's path
     * @return the drive
     * @throws NotOpenException when the drive is served but not open
     * @throws DriveException {@code INVALID_NAME} when this node serves no drive at the path
     */
    Drive get(String path) throws NotOpenException, DriveException {
        check(path);
        Drive drive = open.get(path);
        if (drive == null) {
            throw new NotOpenException("drive " + path + " is not open on " + self);
        }
        return drive;
    }

    /**
     * Opens (and formats when empty) a drive for a peer, or returns the drive already open when its format matches.
     *
     * @param path the drive's path
     * @param expected the format the peer expects
     * @return the drive's format
     * @throws DriveException as the local factory raised it, {@code OFFLINE} without a local factory
     */
    FormatInfo open(String path, FormatInfo expected) throws DriveException {
        check(path);
        Drive existing = open.get(path);
        if (existing != null) {
            FormatInfo format = existing.format();
            if (format.samePlace(expected)) {
                return format;
            }
        }
        Drive drive = localFactory().open(path, expected);
        open.put(path, drive);
        return drive.format();
    }

    /**
     * Reads a drive's format.
     *
     * @param path the drive's path
     * @return the format, empty when not formatted
     * @throws DriveException as the local factory raised it
     */
    Optional<FormatInfo> readFormat(String path) throws DriveException {
        check(path);
        return localFactory().readFormat(path);
    }

    /** @return the deployment id of the first formatted drive, empty when none is */
    String deploymentId() {
        for (Drive drive : open.values()) {
            try {
                return drive.format().deploymentId();
            } catch (DriveException e) {
                continue;
            }
        }
        DriveFactory f = factory;
        if (f != null) {
            for (String path : served.keySet()) {
                try {
                    Optional<FormatInfo> format = f.readFormat(path);
                    if (format.isPresent()) {
                        return format.get().deploymentId();
                    }
                } catch (DriveException e) {
                    continue;
                }
            }
        }
        return "";
    }

    /** @return the state of every served drive, in topology order */
    List<DiskInfo> status() {
        List<DiskInfo> out = new ArrayList<>();
        for (Map.Entry<String, Endpoint> e : served.entrySet()) {
            Drive drive = open.get(e.getKey());
            String endpoint = e.getValue().toString();
            if (drive == null) {
                out.add(new DiskInfo(endpoint, 0, 0, false, "not opened by the cluster yet"));
            } else {
                DiskInfo d = drive.diskInfo();
                out.add(new DiskInfo(endpoint, d.totalBytes(), d.freeBytes(), d.online(), d.error()));
            }
        }
        return out;
    }

    private void check(String path) throws DriveException {
        if (!served.containsKey(path)) {
            throw new DriveException(Reason.INVALID_NAME, "node " + (self.isEmpty() ? "(unknown)" : self)
                    + " serves no drive at " + path);
        }
    }

    private DriveFactory localFactory() throws DriveException {
        DriveFactory f = factory;
        if (f == null) {
            throw new DriveException(Reason.OFFLINE, "node " + self + " has no local drive factory");
        }
        return f;
    }
}
