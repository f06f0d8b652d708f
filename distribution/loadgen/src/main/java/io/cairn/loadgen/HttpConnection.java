/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket, owned by one worker thread. Deliberately minimal so the
 * client spends as little as possible per request: no pooling, no HTTP/2, no redirects. Reconnects when the server
 * closes the connection.
 */
final class HttpConnection implements AutoCloseable {

    /** The longest status line or header line accepted, so a broken server cannot make the client buffer forever. */
    private static final int MAX_LINE_BYTES = 16 * 1024;
    /** The most header lines accepted in one response. */
    private static final int MAX_HEADERS = 200;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int TIMEOUT_MS = 120_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Receives a response body as it streams in. */
    interface BodySink {
        /**
         * Accepts the next bytes of the body.
         *
         * @param buffer the bytes
         * @param offset where they start
         * @param length how many
         */
        void accept(byte[] buffer, int offset, int length);
    }

    /**
     * A response: status, headers (lower-case names) and, when asked for, the body.
     *
     * @param status the status code
     * @param headers the headers
     * @param body the body when collected, otherwise empty
     */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes a request body. */
    interface BodyWriter {
        /**
         * Writes the whole body.
         *
         * @param out where to write
         * @throws IOException when the connection fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Sends a request and reads the response.
     *
     * @param method the method
     * @param target the path and query as sent
     * @param headers the request headers (lower-case names), without {@code content-length}
     * @param contentLength the body length (0 for none)
     * @param body writes the body, or null
     * @param sink receives the body; null collects it into {@link Response#body()}
     * @return the response
     * @throws IOException when the exchange fails
     */
    Response exchange(String method, String target, Map<String, String> headers, long contentLength,
            BodyWriter body, BodySink sink) throws IOException {
        connect();
        try {
            StringBuilder head = new StringBuilder(256);
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            if (contentLength > 0 || "PUT".equals(method) || "POST".equals(method)) {
                head.append("content-length: ").append(contentLength).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                body.writeTo(out);
            }
            out.flush();
            return readResponse(method, sink);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MS);
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), BUFFER_BYTES);
        out = new BufferedOutputStream(s.getOutputStream(), BUFFER_BYTES);
    }

    private Response readResponse(String method, BodySink sink) throws IOException {
        String statusLine = readLine();
        while (statusLine.startsWith("HTTP/1.1 100")) {
            readHeaders();
            statusLine = readLine();
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("Not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = readHeaders();
        java.io.ByteArrayOutputStream collected = sink == null ? new java.io.ByteArrayOutputStream() : null;
        BodySink target = sink != null ? sink : collected::write;
        boolean noBody = "HEAD".equals(method) || status == 204 || status == 304 || status / 100 == 1;
        if (!noBody) {
            String length = headers.get("content-length");
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                readChunked(target);
            } else if (length != null) {
                readFixed(Long.parseLong(length.trim()), target);
            } else {
                readToEnd(target);
                close();
            }
        }
        if ("close".equalsIgnoreCase(headers.getOrDefault("connection", ""))) {
            close();
        }
        return new Response(status, headers, collected == null ? new byte[0] : collected.toByteArray());
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new TreeMap<>();
        for (int i = 0; i < MAX_HEADERS; i++) {
            String line = readLine();
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        throw new IOException("More than " + MAX_HEADERS + " response headers");
    }

    private void readFixed(long length, BodySink sink) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("Response body ended " + left + " bytes early");
            }
            sink.accept(buffer, 0, n);
            left -= n;
        }
    }

    private void readChunked(BodySink sink) throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // Trailers are not used by the load generator.
                }
                return;
            }
            readFixed(size, sink);
            readLine();
        }
    }

    private void readToEnd(BodySink sink) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sink.accept(buffer, 0, n);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (line.length() < MAX_LINE_BYTES) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("Connection closed by the server");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("Response line longer than " + MAX_LINE_BYTES + " bytes");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken socket: nothing left to do.
            }
            socket = null;
        }
    }
}
