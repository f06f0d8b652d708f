/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A minimal pull reader of CBOR (RFC 8949) over a byte array: the items the metadata encoder writes (maps and
 * arrays of definite or indefinite length, text and byte strings, integers, {@code null}) are read, and any other
 * well-formed item (tags, floats, other simple values) can be skipped. Every read checks the bounds, so a
 * malformed or truncated payload fails with an {@link IOException} and never reads outside it.
 */
final class CborInput {

    /** A container's length when it is indefinite (ended by a break). */
    static final long INDEFINITE = -1;

    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_NEGATIVE = 1;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int MAJOR_SIMPLE = 7;
    private static final int NULL = 0xf6;
    private static final int BREAK = 0xff;
    /** Nesting deeper than this is refused rather than followed (the metadata nests four levels). */
    private static final int MAX_DEPTH = 64;

    private final byte[] buf;
    private final int end;
    private int pos;

    /**
     * Reads {@code buf[offset, offset + length)}.
     *
     * @param buf the bytes
     * @param offset the first byte
     * @param length the number of bytes
     */
    CborInput(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /**
     * Whether the next item is {@code null}; if so, it is consumed.
     *
     * @return whether a {@code null} was consumed
     * @throws IOException at the end of the input
     */
    boolean nextIsNull() throws IOException {
        if (peek() == NULL) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Whether the next byte is the break that ends an indefinite container; if so, it is consumed.
     *
     * @return whether a break was consumed
     * @throws IOException at the end of the input
     */
    boolean nextIsBreak() throws IOException {
        if (peek() == BREAK) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Reads a map header.
     *
     * @return the number of entries, or {@link #INDEFINITE}
     * @throws IOException when the next item is not a map
     */
    long mapHeader() throws IOException {
        return containerHeader(MAJOR_MAP, "map");
    }

    /**
     * Reads an array header.
     *
     * @return the number of elements, or {@link #INDEFINITE}
     * @throws IOException when the next item is not an array
     */
    long arrayHeader() throws IOException {
        return containerHeader(MAJOR_ARRAY, "array");
    }

    /**
     * Whether a container with {@code length} entries (or indefinite) has another one after {@code read} of them.
     *
     * @param length the header's length
     * @param read the entries read so far
     * @return whether another entry follows
     * @throws IOException when the input ends first
     */
    boolean hasNext(long length, long read) throws IOException {
        return length == INDEFINITE ? !nextIsBreak() : read < length;
    }

    /**
     * Reads a text string.
     *
     * @return the text
     * @throws IOException when the next item is not a text string
     */
    String text() throws IOException {
        int initial = peek();
        if (initial >>> 5 == MAJOR_TEXT && (initial & 0x1f) != 31) {
            pos++;
            int n = length(initial & 0x1f);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        return new String(string(MAJOR_TEXT, "text"), StandardCharsets.UTF_8);
    }

    /**
     * Reads a text string and finds it in a table of names without decoding it.
     *
     * @param names the names, as UTF-8 bytes
     * @return the index of the name read, or -1 when it is none of them
     * @throws IOException when the next item is not a text string
     */
    int name(byte[][] names) throws IOException {
        int initial = peek();
        if (initial >>> 5 != MAJOR_TEXT || (initial & 0x1f) == 31) {
            byte[] text = string(MAJOR_TEXT, "name");
            return indexOf(names, text, 0, text.length);
        }
        pos++;
        int n = length(initial & 0x1f);
        int found = indexOf(names, buf, pos, n);
        pos += n;
        return found;
    }

    private static int indexOf(byte[][] names, byte[] b, int from, int n) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].length == n && java.util.Arrays.equals(names[i], 0, n, b, from, from + n)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads a text string or {@code null}.
     *
     * @return the text or {@code null}
     * @throws IOException when the next item is neither
     */
    String textOrNull() throws IOException {
        return nextIsNull() ? null : text();
    }

    /**
     * Reads a byte string.
     *
     * @return a copy of the bytes
     * @throws IOException when the next item is not a byte string
     */
    byte[] bytes() throws IOException {
        return string(MAJOR_BYTES, "byte string");
    }

    /**
     * Reads an integer that fits a {@code long}; {@code null} reads as 0.
     *
     * @return the value
     * @throws IOException when the next item is not such an integer
     */
    long longValue() throws IOException {
        if (nextIsNull()) {
            return 0;
        }
        int initial = next();
        int major = initial >>> 5;
        if (major != MAJOR_UNSIGNED && major != MAJOR_NEGATIVE) {
            throw new IOException("expected an integer, found major type " + major);
        }
        long v = argument(initial & 0x1f);
        if (v < 0) {
            throw new IOException("integer out of range");
        }
        return major == MAJOR_UNSIGNED ? v : -1 - v;
    }

    /**
     * Reads an integer that fits an {@code int}; {@code null} reads as 0.
     *
     * @return the value
     * @throws IOException when the next item is not such an integer
     */
    int intValue() throws IOException {
        long v = longValue();
        if (v != (int) v) {
            throw new IOException("integer out of int range: " + v);
        }
        return (int) v;
    }

    /**
     * Skips the next item, whatever it is, with everything it contains.
     *
     * @throws IOException when it is malformed or the input ends first
     */
    void skip() throws IOException {
        skip(0);
    }

    private void skip(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested too deeply");
        }
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        switch (major) {
            case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> argument(info);
            case MAJOR_BYTES, MAJOR_TEXT -> skipString(major, info);
            case MAJOR_ARRAY, MAJOR_MAP -> {
                long n = info == 31 ? INDEFINITE : argument(info);
                if (info != 31 && n < 0) {
                    throw new IOException("container length out of range");
                }
                int perEntry = major == MAJOR_MAP ? 2 : 1;
                for (long i = 0; hasNext(n, i); i++) {
                    for (int j = 0; j < perEntry; j++) {
                        skip(depth + 1);
                    }
                }
            }
            case MAJOR_TAG -> {
                argument(info);
                skip(depth + 1);
            }
            default -> skipSimple(info);
        }
    }

    private void skipString(int major, int info) throws IOException {
        if (info != 31) {
            advance(argument(info));
            return;
        }
        while (!nextIsBreak()) {
            int chunk = next();
            if (chunk >>> 5 != major || (chunk & 0x1f) == 31) {
                throw new IOException("malformed indefinite string");
            }
            advance(argument(chunk & 0x1f));
        }
    }

    private void skipSimple(int info) throws IOException {
        switch (info) {
            case 24 -> advance(1);
            case 25 -> advance(2);
            case 26 -> advance(4);
            case 27 -> advance(8);
            case 28, 29, 30, 31 -> throw new IOException("malformed simple value " + info);
            default -> {
                // A simple value held in the initial byte (false, true, null, undefined, ...).
            }
        }
    }

    private long containerHeader(int major, String what) throws IOException {
        int initial = next();
        if (initial >>> 5 != major) {
            throw new IOException("expected a " + what + ", found major type " + (initial >>> 5));
        }
        int info = initial & 0x1f;
        if (info == 31) {
            return INDEFINITE;
        }
        long n = argument(info);
        if (n < 0 || n > end - pos) {
            throw new IOException(what + " of " + n + " entries cannot fit the input");
        }
        return n;
    }

    /** The content of a text or byte string, of definite length or in chunks (an indefinite-length string). */
    private byte[] string(int major, String what) throws IOException {
        int initial = next();
        if (initial >>> 5 != major) {
            throw new IOException("expected a " + what + ", found initial byte " + initial);
        }
        if ((initial & 0x1f) != 31) {
            return chunk(initial & 0x1f);
        }
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        while (!nextIsBreak()) {
            int c = next();
            if (c >>> 5 != major || (c & 0x1f) == 31) {
                throw new IOException("malformed chunk of an indefinite " + what);
            }
            chunks.writeBytes(chunk(c & 0x1f));
        }
        return chunks.toByteArray();
    }

    private byte[] chunk(int info) throws IOException {
        int n = length(info);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** A string's length from its additional information, checked against what is left of the input. */
    private int length(int info) throws IOException {
        long n = argument(info);
        if (n < 0 || n > end - pos) {
            throw new IOException("a string of " + n + " bytes runs past the input");
        }
        return (int) n;
    }

    /** The argument of an initial byte's additional information (RFC 8949 §3); negative when above 2^63 - 1. */
    private long argument(int info) throws IOException {
        if (info < 24) {
            return info;
        }
        int bytes = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IOException("malformed argument " + info);
        };
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    private void advance(long n) throws IOException {
        if (n < 0 || n > end - pos) {
            throw new IOException("item runs past the input");
        }
        pos += (int) n;
    }

    private int peek() throws IOException {
        need(1);
        return buf[pos] & 0xff;
    }

    private int next() throws IOException {
        need(1);
        return buf[pos++] & 0xff;
    }

    private void need(int n) throws IOException {
        if (end - pos < n) {
            throw new IOException("the payload ends early");
        }
    }
}
