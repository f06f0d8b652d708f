/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link ChildProcess} keeps every line a killed child printed. {@link CrashTest} once failed because the lines its
 * writer printed just before the kill (a write's start among them) were dropped with the pipe, so the value that
 * write left on the drives was not among the allowed ones.
 */
class ChildProcessTest {

    private static final int LINES = 5000;

    @Test
    void killKeepsTheLinesNobodyReadYet() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Printer.class.getName(), Integer.toString(LINES));
        try (ChildProcess child = ChildProcess.start(pb, Duration.ofSeconds(120))) {
            assertEquals("START 0", child.nextLine());
            // The child says on standard error when it has printed everything; its output waits unread in the pipe,
            // as a writer's last lines do when the test kills it right after the acknowledgement it waited for.
            try (BufferedReader err = new BufferedReader(new InputStreamReader(child.process().getErrorStream(),
                    StandardCharsets.UTF_8))) {
                assertEquals("printed", err.readLine());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 1; i < LINES; i++) {
                expected.add("START " + i);
            }
            assertEquals(expected, child.kill());
        }
    }

    /** The child: prints numbered lines, says so on standard error and waits to be killed. */
    public static final class Printer {

        private Printer() {
        }

        /**
         * Runs the child.
         *
         * @param args the number of lines
         * @throws Exception never expected
         */
        public static void main(String[] args) throws Exception {
            int lines = Integer.parseInt(args[0]);
            for (int i = 0; i < lines; i++) {
                System.out.println("START " + i);
            }
            System.out.flush();
            System.err.println("printed");
            System.err.flush();
            System.in.read();
        }
    }
}
