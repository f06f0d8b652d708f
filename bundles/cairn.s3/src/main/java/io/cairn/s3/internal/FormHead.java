/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.jetty.io.Content;

/**
 * Reads the start of a POST Object form without holding a thread: the fields before the file and the file part's
 * headers, which is everything the policy and signature check needs. A browser form needs no credentials to
 * start, so until that check passed, a client that sends its form slowly, or stops, must cost the node a
 * connection and never one of the threads that serve requests; the connection's idle timeout ends a stalled
 * form. The head is bounded ({@link #LIMIT}, exceeded by at most the last chunk read). Each instance reads one
 * body once.
 */
final class FormHead extends ChunkReader {

    /**
     * The most bytes read before the file part's headers: the fields' limit with room for the part headers (a
     * form's part headers are a line or two each), so a stalled form holds at most this much.
     */
    static final int LIMIT = MultipartForm.MAX_FIELDS_TOTAL + (16 << 10);

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] BLANK_LINE = {'\r', '\n', '\r', '\n'};

    private final byte[] delimiter;
    private final Consumer<FormHead> done;
    /** What arrived, after a CRLF that the first boundary lacks, so every boundary looks the same. */
    private final Buffer head = new Buffer();
    private int searchFrom;
    private int partHeaders = -1;
    private boolean ended;
    private S3Error error;

    private FormHead(Content.Source body, String boundary, Consumer<FormHead> done) {
        super(body);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.done = done;
        head.write(CRLF, 0, CRLF.length);
    }

    /**
     * Starts reading the head of a form; returns at once, or after {@code done} ran when the head had arrived.
     *
     * @param body the request body
     * @param boundary the form's boundary
     * @param done called once with this reader, on the thread that delivered the last bytes needed, which may be
     *        Jetty's demand callback: it must not read the rest of the body there (a blocking read would wait for
     *        content that the callback itself has to deliver), but hand the parse to another thread
     */
    static void start(Content.Source body, String boundary, Consumer<FormHead> done) {
        new FormHead(body, boundary, done).run();
    }

    /**
     * Returns why the head could not be read.
     *
     * @return the error to answer, or {@code null} when the head was read
     */
    S3Error error() {
        return error;
    }

    /**
     * Returns the whole body: the head that was read, then the rest of the body. Reading into the rest before
     * {@code open} ran fails with {@code MalformedPOSTRequest}: the head holds every byte up to the file's content,
     * so only a form this reader and {@link MultipartForm} read differently gets there, and it must not wait for a
     * client that is not authenticated yet.
     *
     * @param rest the rest of the body, read with blocking reads
     * @param open whether the client was authenticated and the file's content may be read
     * @return the body
     */
    InputStream body(InputStream rest, BooleanSupplier open) {
        InputStream tail = ended ? InputStream.nullInputStream() : new FilterInputStream(rest) {
            @Override
            public int read() throws IOException {
                check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check();
                return super.read(b, off, len);
            }

            private void check() {
                if (!open.getAsBoolean()) {
                    throw new S3Exception(S3Error.MALFORMED_POST_REQUEST);
                }
            }
        };
        return new SequenceInputStream(head.from(CRLF.length), tail);
    }

    @Override
    boolean accept(ByteBuffer bytes, boolean last) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        head.write(copy, 0, copy.length);
        ended = last;
        if (complete() || ended) {
            finish(null);
            return true;
        }
        if (head.size() - CRLF.length > LIMIT) {
            finish(S3Error.MAX_POST_PRE_DATA_LENGTH_EXCEEDED);
            return true;
        }
        return false;
    }

    @Override
    void failed() {
        finish(S3Error.INCOMPLETE_BODY);
    }

    private void finish(S3Error failure) {
        error = failure;
        done.accept(this);
    }

    /**
     * Scans what arrived, as {@link MultipartForm} will read it, for the end of the file part's headers.
     *
     * @return whether the head is complete: the file part's headers arrived, or the form is one that
     *         {@link MultipartForm} ends or rejects within the bytes that arrived
     */
    private boolean complete() {
        byte[] buf = head.bytes();
        int size = head.size();
        while (true) {
            if (partHeaders < 0) {
                int found = indexOf(buf, size, delimiter, searchFrom);
                if (found < 0) {
                    searchFrom = Math.max(searchFrom, size - delimiter.length + 1);
                    return false;
                }
                partHeaders = found + delimiter.length;
                searchFrom = partHeaders;
            }
            if (size - partHeaders < 2) {
                return false;
            }
            if (buf[partHeaders] != '\r' || buf[partHeaders + 1] != '\n') {
                // The closing boundary ("--"), or a malformed one: the parser stops here either way.
                return true;
            }
            int blank = indexOf(buf, size, BLANK_LINE, searchFrom);
            if (blank < 0) {
                searchFrom = Math.max(partHeaders, size - BLANK_LINE.length + 1);
                return size - partHeaders > MultipartForm.MAX_HEADERS + BLANK_LINE.length;
            }
            String name = blank == partHeaders ? null : fieldName(buf, partHeaders + 2, blank);
            if (name == null || "file".equals(name.toLowerCase(Locale.ROOT))) {
                // The file's headers, or a part the parser rejects.
                return true;
            }
            partHeaders = -1;
            searchFrom = blank + BLANK_LINE.length;
        }
    }

    /** The field name of a part's header lines, as {@link MultipartForm#next()} reads them. */
    private static String fieldName(byte[] buf, int from, int to) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : new String(buf, from, to - from, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
        }
        String disposition = headers.get("content-disposition");
        return disposition == null ? null : String.valueOf(MultipartForm.param(disposition, "name"));
    }

    private static int indexOf(byte[] buf, int size, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= size - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A byte buffer whose array can be scanned in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }

        InputStream from(int offset) {
            return new ByteArrayInputStream(buf, offset, count - offset);
        }
    }
}
