/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose standard output is read line by line and which is killed with SIGKILL without losing a line
 * it printed, for tests that kill a writer and then check what it reported.
 *
 * <p>{@link Process#destroyForcibly()} closes the parent's end of the child's standard output, so whatever the child
 * printed that nobody had read yet is gone: a write the child announced just before the kill would be missing from
 * the test's expectations. This class kills through the {@link ProcessHandle} instead, which leaves the pipe open,
 * and reads it to its end. A watchdog kills the child the same way when it runs past its time limit, so a read
 * never waits longer than that.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final ScheduledExecutorService watchdog;

    private ChildProcess(Process process, Duration limit) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(this::sigkill, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a child.
     *
     * @param builder the command; its standard output must be a pipe
     * @param limit how long the child may run before it is killed
     * @return the running child
     * @throws IOException when the child cannot be started
     */
    static ChildProcess start(ProcessBuilder builder, Duration limit) throws IOException {
        return new ChildProcess(builder.start(), limit);
    }

    /**
     * Returns the process, for tests that talk to it through its other streams.
     *
     * @return the process
     */
    Process process() {
        return process;
    }

    /**
     * Reads the next line the child printed, waiting for it.
     *
     * @return the line, or {@code null} when the child ended (or was killed at its time limit) and printed no more
     * @throws IOException when the pipe cannot be read
     */
    String nextLine() throws IOException {
        return out.readLine();
    }

    /**
     * Kills the child with SIGKILL, waits for its end and returns every line it printed that was not read yet.
     *
     * @return the remaining lines, in order
     * @throws IOException when the pipe cannot be read
     * @throws InterruptedException when interrupted while waiting for the child's end
     */
    List<String> kill() throws IOException, InterruptedException {
        sigkill();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IOException("the child did not end within 60 s of SIGKILL");
        }
        List<String> rest = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.add(line);
        }
        return rest;
    }

    private void sigkill() {
        process.toHandle().destroyForcibly();
    }

    @Override
    public void close() throws IOException {
        watchdog.shutdownNow();
        sigkill();
        out.close();
    }
}
