/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.cairn.api.topology.Endpoint;
import io.cairn.api.topology.HostNames;
import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.SelfNode;
import io.cairn.api.topology.Topology;
import io.cairn.cli.server.ListenAddress;
import io.cairn.cli.server.ServerOptions;

/**
 * {@code cairn server}: checks the options and the drive layout before anything starts, so that a mistake is
 * reported in one clear line with a non-zero exit status, then starts the node's framework in this JVM.
 */
final class ServerCommand {

    /** Exit status when the S3 address cannot be listened on (in use, or not an address of this host). */
    static final int CANNOT_LISTEN = 3;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ServerCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        Optional<Path> nodeTmp = FrameworkLauncher.adoptNodeTmp();
        ServerOptions options;
        Topology topology;
        try {
            options = ServerOptions.parse(List.of(args), env);
            if (options.helpRequested()) {
                out.print(ServerOptions.usage());
                return 0;
            }
            List<String> asGiven = options.volumes();
            options = options.withVolumes(LocalPaths.absolute(asGiven, workingDirectory()));
            topology = Topology.parse(options.volumes());
            Optional<String> same = SameDrives.find(topology.endpoints(), asWritten(asGiven, options.volumes()));
            if (same.isPresent()) {
                throw new IllegalArgumentException(same.get());
            }
        } catch (IllegalArgumentException | LayoutException e) {
            err.println("cairn server: " + e.getMessage());
            return Main.USAGE;
        }
        Probe probe = probe(options.address());
        if (probe.refusal() != null) {
            err.println("cairn server: " + probe.refusal());
            return CANNOT_LISTEN;
        }
        if (options.address().port() == 0) {
            // The node names its address in its metrics, its scrape configuration and cairn:info, and its peers
            // and clients need a port they can reach: the port the system picked replaces the 0.
            try {
                options = options.withAddress(new ListenAddress(options.address().host(), probe.port()));
            } catch (IllegalArgumentException e) {
                err.println("cairn server: " + e.getMessage());
                return Main.USAGE;
            }
        }
        Optional<String> notThisNode = notThisNode(topology, options);
        if (notThisNode.isPresent()) {
            err.println("cairn server: " + notThisNode.get());
            return Main.USAGE;
        }
        out.println("Cairn " + Version.current() + ": " + topology.endpoints().size() + " drive(s) in "
                + topology.pools().size() + " pool(s)");
        try {
            Map<String, String> properties = new HashMap<>(options.toProperties());
            properties.put("cairn.server.version", Version.current());
            FrameworkLauncher.launch(properties, home(), nodeTmp);
        } catch (IOException | IllegalStateException e) {
            err.println("cairn server: " + e.getMessage());
            return 1;
        }
        return Main.KEEP_RUNNING;
    }

    /**
     * What binding the S3 address for a moment showed.
     *
     * @param port the port bound (the one the system picked when the address asks for port 0), or -1
     * @param refusal why the address cannot be listened on, or {@code null} when it can
     */
    record Probe(int port, String refusal) {
    }

    /**
     * Binds the S3 address for a moment, so that an address in use is reported before the node starts and writes
     * to its drives, and so that port 0 becomes a real port. Another process may still take it before the node
     * binds; the node then exits by itself.
     *
     * @return the port bound, or why the address cannot be listened on
     */
    static Probe probe(ListenAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            // As Jetty's connector does, so that connections left in TIME_WAIT by a previous run do not count.
            socket.setReuseAddress(true);
            socket.bind(address.anyHost() ? new InetSocketAddress(address.port())
                    : new InetSocketAddress(address.host(), address.port()));
            return new Probe(socket.getLocalPort(), null);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            int paren = reason.indexOf(" (");
            reason = paren > 0 ? reason.substring(0, paren) : reason;
            return new Probe(-1, "cannot listen on " + address + ": " + reason.substring(0, 1).toLowerCase()
                    + reason.substring(1));
        }
    }

    /**
     * Checks that one node of a URL topology is this one: a node that is none of them would serve no drive and
     * wait for its peers for ever, so, as MinIO does, it is not started.
     *
     * @return why the node cannot start, or empty when it is one of the nodes (or the drives are local paths)
     */
    static Optional<String> notThisNode(Topology topology, ServerOptions options) {
        if (!topology.usesUrls()) {
            return Optional.empty();
        }
        String serverUrl = options.serverUrl().orElse(null);
        if (SelfNode.find(topology.nodes(), options.address().toString(), serverUrl, HostNames.system()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("none of the nodes " + String.join(", ", topology.nodes()) + " is this node (listen"
                + " address " + options.address() + (serverUrl == null ? "" : ", server URL " + serverUrl)
                + "); give --address the port, and the host if several nodes share it, of this node's endpoints,"
                + " or set CAIRN_SERVER_URL to its URL");
    }

    /**
     * Names a drive as its argument was written when the argument names one drive, else by its absolute path.
     */
    private static Function<Endpoint, String> asWritten(List<String> given, List<String> absolute) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            names.putIfAbsent(absolute.get(i), given.get(i));
        }
        return e -> names.getOrDefault(e.toString(), e.toString());
    }

    private static Path workingDirectory() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    private static Path home() {
        String home = System.getProperty("cairn.home");
        return home == null ? workingDirectory() : Path.of(home).toAbsolutePath();
    }
}
