/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} reader for browser POST uploads: small fields are read into memory
 * (bounded), and the {@code file} field is handed out as a stream that ends at the next boundary, so the upload
 * itself is never buffered. Truncated or malformed input fails with {@code MalformedPOSTRequest}.
 */
final class MultipartForm {

    /**
     * The largest total size of the fields before the file, in bytes. S3 allows 20 KB; a little more leaves room
     * for the largest policy document ({@link PostPolicy#MAX_POLICY}, a third more in base64) beside the other
     * fields, and keeps what an unauthenticated client can make the node hold small.
     */
    static final int MAX_FIELDS_TOTAL = 48 << 10;
    /** The largest field value (other than the file), in bytes: any one field may use the whole allowance. */
    static final int MAX_FIELD = MAX_FIELDS_TOTAL;
    /** The largest part header block, in bytes. */
    static final int MAX_HEADERS = 8 << 10;

    private static final int BUFFER = 64 << 10;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;
    private boolean inPart = true;

    /**
     * One part's description.
     *
     * @param name the field name
     * @param filename the file name, or {@code null}
     * @param contentType the part's content type, or {@code null}
     */
    record Part(String name, String filename, String contentType) {
    }

    MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER + delimiter.length];
        // The first boundary has no CRLF before it; pretend it had one so every boundary looks the same.
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /**
     * Extracts the boundary of a content type.
     *
     * @param contentType the Content-Type header
     * @return the boundary
     * @throws S3Exception {@code MalformedPOSTRequest} when there is none
     */
    static String boundary(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty() && b.length() <= 200) {
                    return b;
                }
            }
        }
        throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
    }

    /**
     * Moves to the next part.
     *
     * @return the part, or {@code null} after the closing boundary
     * @throws IOException when reading fails
     */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (inPart) {
            partStream().transferTo(OutputStreamSink.INSTANCE);
        }
        fill(2);
        if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') {
            finished = true;
            return null;
        }
        String line = readLine();
        if (!line.isEmpty()) {
            throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String header = readLine();
            total += header.length() + 2;
            if (total > MAX_HEADERS) {
                throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
            }
            if (header.isEmpty()) {
                break;
            }
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
        }
        inPart = true;
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
        }
        return new Part(param(disposition, "name"), param(disposition, "filename"), headers.get("content-type"));
    }

    static String param(String disposition, String name) {
        for (String piece : disposition.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /**
     * Reads the current part's content as a (bounded) string.
     *
     * @return the value
     * @throws IOException when reading fails
     */
    String value() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream part = partStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = part.read(chunk)) >= 0) {
            out.write(chunk, 0, n);
            if (out.size() > MAX_FIELD) {
                throw new S3Exception(S3Error.MAX_POST_PRE_DATA_LENGTH_EXCEEDED);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Returns the current part's content as a stream ending at the next boundary.
     *
     * @return the stream
     */
    InputStream partStream() {
        return new InputStream() {
            private boolean done = !inPart;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (done) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    int found = indexOf();
                    if (found == start) {
                        start += delimiter.length;
                        done = true;
                        inPart = false;
                        return -1;
                    }
                    int safe = found >= 0 ? found - start : end - start - (delimiter.length - 1);
                    if (safe > 0) {
                        int n = Math.min(len, safe);
                        System.arraycopy(buf, start, b, off, n);
                        start += n;
                        return n;
                    }
                    if (eof) {
                        throw new BodyException(S3Error.MALFORMED_POST_REQUEST, "The form ended early.");
                    }
                    fill(delimiter.length + 1);
                }
            }
        };
    }

    private int indexOf() {
        int last = end - delimiter.length;
        outer:
        for (int i = start; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void fill(int wanted) throws IOException {
        if (end - start >= wanted || eof) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < wanted && !eof) {
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            fill(2);
            if (end - start < 2) {
                throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
            }
            if (buf[start] == '\r' && buf[start + 1] == '\n') {
                start += 2;
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(buf[start++]);
            if (line.size() > MAX_HEADERS) {
                throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
            }
        }
    }

    /** Discards what is written to it. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
