/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A web page on its own origin, opened in headless Chromium: the page runs a script and posts what it found back
 * to the origin it came from ({@code POST /result}), which {@link #run} returns. It is how a browser application
 * uses the S3 API across origins, with the browser's own CORS checks.
 */
public final class BrowserPage {

    /** Chromium as Debian installs it ({@code .ci/run} installs the package). */
    public static final String CHROMIUM = "/usr/bin/chromium";

    private BrowserPage() {
    }

    /**
     * Serves a page holding the script on {@code http://HOST:PORT/} (loopback, a free port), opens it in headless
     * Chromium and waits for the script's result.
     *
     * @param host the host name the browser uses for the page ({@code localhost} or {@code 127.0.0.1}): it is
     *     part of the page's origin
     * @param script JavaScript run in the page; it must end with {@code report(value)}, which posts a string
     * @param scratch a directory for the browser's profile
     * @param limit how long the page may take
     * @return what the script reported
     * @throws Exception when the browser cannot be started, or the page reports nothing in time
     */
    public static String run(String host, String script, Path scratch, Duration limit) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>cairn</title></head><body><script>"
                + "async function report(v) { await fetch('/result', {method: 'POST', body: String(v)}); }\n"
                + script + "</script></body></html>";
        server.createContext("/", exchange -> {
            if ("POST".equals(exchange.getRequestMethod()) && "/result".equals(exchange.getRequestURI().getPath())) {
                result.complete(readBody(exchange.getRequestBody()));
                answer(exchange, 204, "");
            } else if ("/".equals(exchange.getRequestURI().getPath())) {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                answer(exchange, 200, html);
            } else {
                answer(exchange, 404, "");
            }
        });
        server.start();
        Path profile = Files.createTempDirectory(scratch, "chromium-");
        Process browser = new ProcessBuilder(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile,
                "http://" + host + ":" + server.getAddress().getPort() + "/"))
                .redirectErrorStream(true).redirectOutput(scratch.resolve("chromium.log").toFile()).start();
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the page reported nothing within " + limit + "; browser alive: "
                    + browser.isAlive() + ", log: " + Files.readString(scratch.resolve("chromium.log")), e);
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            server.stop(0);
        }
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
