/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client would send: bodies shorter than their
 * {@code Content-Length}, broken chunk framing, unnormalised paths, huge headers. One request per connection.
 */
public final class RawHttp {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private RawHttp() {
    }

    /**
     * A response.
     *
     * @param status the status code, or -1 when the server closed the connection without answering
     * @param headers the headers, lower-case names
     * @param body the body
     */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** @return the body as UTF-8 text */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /**
         * A header.
         *
         * @param name the lower-case name
         * @return its value or null
         */
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + text();
        }
    }

    /**
     * Renders a request head: request line, headers and the blank line.
     *
     * @param method the method
     * @param target the request target as sent (path and query)
     * @param headers the headers in order
     * @return the bytes (ISO-8859-1)
     */
    public static byte[] head(String method, String target, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends bytes on a new connection to 127.0.0.1, optionally half-closes it, and reads one response.
     *
     * @param port the port
     * @param parts what to write, in order
     * @param closeOutput whether to shut the output down after writing (a client that gives up mid-body)
     * @param timeout the read timeout
     * @return the response, or status -1 when the server closed without one
     * @throws IOException when connecting or writing fails
     */
    public static Response exchange(int port, List<byte[]> parts, boolean closeOutput, Duration timeout)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                for (byte[] part : parts) {
                    out.write(part);
                }
                out.flush();
                if (closeOutput) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer (and close) before it read everything: read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    /**
     * Convenience for one request with a body.
     *
     * @param port the port
     * @param method the method
     * @param target the target
     * @param headers the headers (content-length is added from the body when absent)
     * @param body the body
     * @return the response
     * @throws IOException on connection failure
     */
    public static Response send(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body.length > 0 || method.equals("PUT") || method.equals("POST")) {
            all.putIfAbsent("content-length", Integer.toString(body.length));
        }
        all.putIfAbsent("connection", "close");
        return exchange(port, List.of(head(method, target, all), body), false, Duration.ofSeconds(30));
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine;
        try {
            statusLine = line(in);
        } catch (EOFException e) {
            return new Response(-1, Map.of(), new byte[0]);
        }
        while (statusLine.startsWith("HTTP/1.1 100")) {
            headers(in);
            statusLine = line(in);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = headers(in);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (status != 204 && status != 304) {
            try {
                body.write(in.readAllBytes());
            } catch (IOException e) {
                // A reset after the body: keep what arrived.
            }
        }
        return new Response(status, headers, body.toByteArray());
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_HEAD_BYTES) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) c);
        }
        throw new IOException("response line too long");
    }
}
