/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cairn.api.admin.AdminSignature;

/**
 * {@code cairn admin [--address HOST:PORT] COMMAND [ARGS...]}: runs one Gogo command on a running node through
 * its signed admin endpoint and prints what the command printed. Exit status 0 on success, 1 when the command
 * failed on the node, 2 for bad usage, 3 when the node refused the credentials, 4 when it cannot be reached.
 */
final class AdminCommand {

    /** Characters with a meaning to the Gogo parser. */
    private static final String SPECIAL = "\"'\\;|{}()$";
    private static final String DEFAULT_ADDRESS = "127.0.0.1:9000";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    AdminCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        String address = DEFAULT_ADDRESS;
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (command.isEmpty() && args[i].equals("--address") && i + 1 < args.length) {
                address = args[++i];
            } else if (command.isEmpty() && args[i].startsWith("--address=")) {
                address = args[i].substring("--address=".length());
            } else {
                command.add(args[i]);
            }
        }
        if (command.isEmpty()) {
            err.println("Usage: cairn admin [--address HOST:PORT] COMMAND [ARGS...]   (for example: cairn:info)");
            return Main.USAGE;
        }
        Credentials credentials = Credentials.fromEnvironment(env);
        return call(address.startsWith(":") ? "127.0.0.1" + address : address, joinCommand(command), credentials);
    }

    private int call(String address, String line, Credentials credentials) {
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        AdminSignature signer = new AdminSignature(credentials.user(), credentials.password());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + AdminSignature.SHELL_PATH))
                .timeout(CALL_TIMEOUT)
                .header(AdminSignature.DATE_HEADER, Long.toString(now))
                .header("Authorization", signer.authorization(now, AdminSignature.SHELL_PATH, body))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return report(response);
        } catch (IOException e) {
            err.println("cairn admin: cannot reach the node at " + address + ": " + e);
            return 4;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 4;
        }
    }

    private int report(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            out.print(response.body());
            return 0;
        }
        err.print(response.body());
        if (status == 401 || status == 403) {
            err.println("cairn admin: the node refused the credentials (HTTP " + status + ")");
            return 3;
        }
        return 1;
    }

    /**
     * Joins arguments into one Gogo command line, quoting those that need it. A single argument is taken as a
     * whole command line, so that {@code cairn admin 'lb | grep cairn'} runs a pipeline.
     */
    static String joinCommand(List<String> args) {
        if (args.size() == 1) {
            return args.get(0);
        }
        StringBuilder line = new StringBuilder();
        for (String arg : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (!needsQuotes(arg)) {
                line.append(arg);
            } else {
                line.append('"').append(arg.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return line.toString();
    }

    private static boolean needsQuotes(String arg) {
        return arg.isEmpty() || arg.chars().anyMatch(c -> Character.isWhitespace(c) || SPECIAL.indexOf(c) >= 0);
    }
}
