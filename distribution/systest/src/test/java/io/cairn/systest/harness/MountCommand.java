/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs the host's {@code mount} and {@code umount} commands for the test mounts. */
final class MountCommand {

    private static final long COMMAND_SECONDS = 30;

    private MountCommand() {
    }

    /**
     * Runs a command and waits for it at most {@value #COMMAND_SECONDS} seconds.
     *
     * @param command the command and its arguments
     * @return its exit code (or {@code "not run"}, {@code "timeout"}) and its output
     * @throws IOException when its output cannot be read
     * @throws InterruptedException when interrupted while waiting
     */
    static String[] run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new String[] {"not run", e.getMessage()};
        }
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new String[] {"timeout", String.join(" ", command) + " did not finish"};
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.exitValue()), output};
    }
}
