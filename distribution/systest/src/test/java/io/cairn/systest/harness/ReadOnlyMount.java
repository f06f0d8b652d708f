/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * A directory made read-only by mounting it over itself ({@code mount --bind}, then a read-only remount), so that
 * nothing can write below it, root included (file modes do not stop root). Mounting needs root (or
 * {@code CAP_SYS_ADMIN}); where {@code mount} is refused, {@link #of} aborts the test through a JUnit assumption.
 * {@link #close()} unmounts it; close it after the processes using it stopped.
 */
public final class ReadOnlyMount implements AutoCloseable {

    /** The longest a mount or unmount command may take. */

    private final Path dir;

    private ReadOnlyMount(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes {@code dir} read-only where it is.
     *
     * @param dir an existing directory
     * @return the mount, to close when done
     * @throws IOException when a command cannot be run
     * @throws InterruptedException when interrupted
     */
    public static ReadOnlyMount of(Path dir) throws IOException, InterruptedException {
        String[] bind = MountCommand.run("mount", "--bind", dir.toString(), dir.toString());
        Assumptions.assumeTrue(bind[0].equals("0"), () -> "this test needs a read-only bind mount, but 'mount --bind'"
                + " is not permitted here (it needs root or CAP_SYS_ADMIN): exit " + bind[0] + ": " + bind[1].strip());
        ReadOnlyMount mount = new ReadOnlyMount(dir);
        String[] readOnly = MountCommand.run("mount", "-o", "remount,bind,ro", dir.toString());
        if (!readOnly[0].equals("0")) {
            mount.close();
            throw new IOException("cannot remount " + dir + " read-only: " + readOnly[1].strip());
        }
        return mount;
    }

    /** Unmounts the directory, lazily when it is still busy. */
    @Override
    public void close() throws IOException, InterruptedException {
        String[] result = MountCommand.run("umount", dir.toString());
        if (!result[0].equals("0")) {
            result = MountCommand.run("umount", "-l", dir.toString());
        }
        if (!result[0].equals("0")) {
            throw new IOException("cannot unmount " + dir + ": " + result[1].strip());
        }
    }
}
