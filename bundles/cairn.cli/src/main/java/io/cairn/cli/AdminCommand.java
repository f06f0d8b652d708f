/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cairn.api.admin.AdminSignature;

/**
 * {@code cairn admin [--address HOST:PORT] [--timeout SECONDS] COMMAND [ARGS...]}: runs one Gogo command on a
 * running node through its signed admin endpoint and prints what the command printed. Exit status 0 on success,
 * 1 when the command failed on the node, 2 for bad usage, 3 when the node refused the credentials, 4 when it cannot
 * be reached or does not answer in time.
 */
final class AdminCommand {

    /** Characters with a meaning to the Gogo parser. */
    private static final String SPECIAL = "\"'\\;|{}()$";
    private static final String DEFAULT_ADDRESS = "127.0.0.1:9000";
    private static final String USAGE = "Usage: cairn admin [--address HOST:PORT] [--timeout SECONDS] COMMAND"
            + " [ARGS...]   (for example: cairn:info)";
    /** Environment variable giving the default of {@code --timeout}. */
    static final String TIMEOUT_VARIABLE = "CAIRN_ADMIN_TIMEOUT";
    /** Exit status when the node cannot be reached or does not answer in time. */
    static final int UNREACHABLE = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a command may run by default: twice what {@code cairn:perf codec} takes on a busy small machine. */
    private static final long DEFAULT_TIMEOUT_SECONDS = 50;
    /** Largest accepted {@code --timeout}: one day. */
    private static final long MAX_TIMEOUT_SECONDS = 86_400;

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
        String timeout = env.getOrDefault(TIMEOUT_VARIABLE, "");
        timeout = timeout.isBlank() ? Long.toString(DEFAULT_TIMEOUT_SECONDS) : timeout;
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!command.isEmpty() || !arg.startsWith("-")) {
                command.add(arg);
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (arg.startsWith("--address=") || arg.startsWith("--timeout=")) {
                String value = arg.substring(arg.indexOf('=') + 1);
                if (arg.startsWith("--address=")) {
                    address = value;
                } else {
                    timeout = value;
                }
            } else if ((arg.equals("--address") || arg.equals("--timeout")) && i + 1 < args.length) {
                if (arg.equals("--address")) {
                    address = args[++i];
                } else {
                    timeout = args[++i];
                }
            } else {
                err.println(arg.equals("--address") || arg.equals("--timeout")
                        ? "cairn admin: " + arg + " needs a value" : "cairn admin: unknown option " + arg);
                err.println(USAGE);
                return Main.USAGE;
            }
        }
        if (command.isEmpty()) {
            err.println(USAGE);
            return Main.USAGE;
        }
        Duration callTimeout = parseTimeout(timeout);
        if (callTimeout == null) {
            err.println("cairn admin: --timeout (or " + TIMEOUT_VARIABLE + ") '" + timeout
                    + "' must be a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
            return Main.USAGE;
        }
        URI shell = shellUri(address.startsWith(":") ? "127.0.0.1" + address : address);
        if (shell == null) {
            err.println("cairn admin: --address '" + address + "' must look like HOST:PORT, for example"
                    + " 127.0.0.1:9000, :9000 or [::1]:9000" + (address.contains("://") ? " (without a scheme)" : ""));
            return Main.USAGE;
        }
        Credentials credentials = Credentials.fromEnvironment(env);
        return call(shell, joinCommand(command), credentials, callTimeout);
    }

    /** Returns the endpoint URI on a {@code host:port} address, or {@code null} when it is not one. */
    static URI shellUri(String address) {
        if (address.contains("/") || address.contains("@") || address.contains("?") || address.contains("#")) {
            return null;
        }
        try {
            URI uri = new URI("http://" + address + AdminSignature.SHELL_PATH);
            boolean valid = uri.getHost() != null && uri.getPort() >= 1 && uri.getPort() <= 65_535
                    && uri.getRawUserInfo() == null;
            return valid ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Duration parseTimeout(String text) {
        String digits = text.trim();
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long seconds = Long.parseLong(digits);
        return seconds < 1 || seconds > MAX_TIMEOUT_SECONDS ? null : Duration.ofSeconds(seconds);
    }

    private int call(URI shell, String line, Credentials credentials, Duration timeout) {
        String address = shell.getRawAuthority();
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        AdminSignature signer = new AdminSignature(credentials.user(), credentials.password());
        HttpRequest request = HttpRequest.newBuilder(shell)
                .timeout(timeout)
                .header(AdminSignature.DATE_HEADER, Long.toString(now))
                .header("Authorization", signer.authorization(now, AdminSignature.SHELL_PATH, body))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return report(address, response);
        } catch (HttpConnectTimeoutException e) {
            err.println("cairn admin: cannot reach the node at " + address + ": no connection within "
                    + CONNECT_TIMEOUT.toSeconds() + " s");
            return UNREACHABLE;
        } catch (HttpTimeoutException e) {
            err.println("cairn admin: the node at " + address + " did not answer within " + timeout.toSeconds()
                    + " s (a longer command needs --timeout SECONDS or " + TIMEOUT_VARIABLE + ")");
            return UNREACHABLE;
        } catch (ConnectException e) {
            err.println("cairn admin: cannot reach the node at " + address + ": connection refused");
            return UNREACHABLE;
        } catch (IOException e) {
            err.println("cairn admin: cannot reach the node at " + address + ": " + e);
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
    }

    private int report(String address, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            out.print(response.body());
            return 0;
        }
        String body = response.body();
        err.print(body);
        if (!body.isEmpty() && !body.endsWith("\n")) {
            err.println();
        }
        if (status == 401 || status == 403) {
            err.println("cairn admin: the node refused the credentials (HTTP " + status + ")");
            return 3;
        }
        boolean fromShell = (status == 400 || status == 500) && !body.isBlank();
        if (!fromShell) {
            // Cairn's endpoint answers bad usage with 400 and a failed command with 500, each with its message;
            // anything else is not the endpoint speaking (another server on the port, a proxy), so say what came.
            err.println("cairn admin: " + address + " answered HTTP " + status + (body.isBlank() ? " with no message"
                    : "") + "; is a Cairn node with its admin endpoint listening there?");
        }
        return fromShell && status == 400 ? Main.USAGE : 1;
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
