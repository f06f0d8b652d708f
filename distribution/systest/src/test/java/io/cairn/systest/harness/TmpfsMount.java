/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Size-limited tmpfs file systems mounted at directories ({@code mount -t tmpfs -o size=NNm}), so that a drive
 * really runs out of space. Mounting needs root (or {@code CAP_SYS_ADMIN}); where {@code mount} is refused, the
 * first {@link #mount} aborts the test through a JUnit assumption that says why. {@link #close()} unmounts every
 * file system this instance mounted; close it after the processes using them stopped.
 */
public final class TmpfsMount implements AutoCloseable {

    /** The longest a mount or unmount command may take. */

    private final List<Path> mounted = new ArrayList<>();

    /**
     * Mounts a tmpfs of {@code mebibytes} MiB at {@code dir}, creating the directory.
     *
     * @param dir the mount point
     * @param mebibytes the file system's size in MiB
     * @throws IOException when the directory cannot be created
     * @throws InterruptedException when interrupted
     */
    public void mount(Path dir, int mebibytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String[] result = MountCommand.run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs",
                dir.toString());
        Assumptions.assumeTrue(result[0].equals("0"), () -> "this test needs size-limited tmpfs drives, but"
                + " 'mount -t tmpfs' is not permitted here (it needs root or CAP_SYS_ADMIN): exit " + result[0]
                + ": " + result[1].strip());
        mounted.add(dir);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free > (long) mebibytes << 20) {
            throw new IllegalStateException(dir + " is not the size-limited mount: " + free + " bytes free");
        }
    }

    /** Unmounts every file system mounted here, lazily when it is still busy. */
    @Override
    public void close() throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Path dir = mounted.get(i);
            String[] result = MountCommand.run("umount", dir.toString());
            if (!result[0].equals("0")) {
                result = MountCommand.run("umount", "-l", dir.toString());
            }
            if (!result[0].equals("0")) {
                failures.add(dir + ": " + result[1].strip());
            }
        }
        mounted.clear();
        if (!failures.isEmpty()) {
            throw new IOException("cannot unmount " + failures);
        }
    }
}
