/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds TCP ports on loopback that nothing listens on (other processes on the machine use some).
 *
 * <p>Ports come from fixed ranges below the kernel's ephemeral range, never from {@code bind(0)}: an ephemeral
 * port may be taken by an outgoing connection between the choice and the node binding it. Each JVM walks the
 * candidates from a start derived from its process id (so concurrent test JVMs start apart, and a run can be
 * followed), hands each port out at most once, and skips ports it cannot bind.
 */
public final class FreePorts {

    /** Candidate ranges, inclusive; the gap between them is left to servers started by hand on the machine. */
    private static final int[][] RANGES = {{10_000, 20_999}, {26_000, 32_000}};
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final List<Integer> CANDIDATES = candidates();
    /** Where this JVM's walk over {@link #CANDIDATES} is; it only moves forward, so no port is handed out twice. */
    private static final AtomicInteger CURSOR = new AtomicInteger(
            (int) (ProcessHandle.current().pid() * 7_919L % CANDIDATES.size()));

    private FreePorts() {
    }

    /**
     * Returns a port that was free a moment ago on 127.0.0.1 and was not returned before in this JVM.
     *
     * @return the port
     */
    public static int next() {
        IOException last = null;
        for (int tries = 0; tries < CANDIDATES.size(); tries++) {
            int port = CANDIDATES.get(Math.floorMod(CURSOR.getAndIncrement(), CANDIDATES.size()));
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("No free loopback port in " + describe(), last);
    }

    private static List<Integer> candidates() {
        int[] ephemeral = ephemeralRange();
        List<Integer> ports = new ArrayList<>();
        for (int[] range : RANGES) {
            for (int port = range[0]; port <= range[1]; port++) {
                if (port < ephemeral[0] || port > ephemeral[1]) {
                    ports.add(port);
                }
            }
        }
        if (ports.isEmpty()) {
            // A kernel whose ephemeral range covers them all: the bind check is all that is left.
            for (int[] range : RANGES) {
                for (int port = range[0]; port <= range[1]; port++) {
                    ports.add(port);
                }
            }
        }
        return List.copyOf(ports);
    }

    /** The kernel's ephemeral port range (read by lines: procfs files report no size), or Linux's default. */
    private static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readAllLines(EPHEMERAL).get(0).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }

    private static String describe() {
        StringBuilder text = new StringBuilder();
        for (int[] range : RANGES) {
            text.append(text.isEmpty() ? "" : ", ").append(range[0]).append('-').append(range[1]);
        }
        return text.toString();
    }
}
