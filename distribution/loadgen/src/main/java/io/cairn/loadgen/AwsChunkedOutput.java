/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Encodes a body as {@code aws-chunked} with a CRC32 trailer: chunks of a fixed size, each preceded by its size
 * in hex and, when signing, its {@code chunk-signature}; then a zero-length chunk, the
 * {@code x-amz-checksum-crc32} trailer and, when signing, the {@code x-amz-trailer-signature}. Call
 * {@link #finish()} after the last byte; it does not close the underlying stream.
 */
final class AwsChunkedOutput extends OutputStream {

    /** The trailer this encoder sends. */
    static final String TRAILER = "x-amz-checksum-crc32";

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int SIGNATURE_HEX = 64;
    private static final String SIGNATURE_EXT = ";chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature:";
    /** The length of a CRC32 in base64. */
    private static final int CRC32_BASE64 = 8;

    private final OutputStream out;
    private final Signer.Signature seed;
    private final Signer signer;
    private final byte[] chunk;
    private final CRC32 crc = new CRC32();
    private final MessageDigest sha256;
    private int filled;
    private String previous;

    /**
     * @param out where the encoded body goes
     * @param chunkBytes the size of every chunk but the last
     * @param signer the signer whose key signs the chunks, or null for unsigned chunks
     * @param seed the signature of the request headers (the seed of the chain), or null for unsigned chunks
     */
    AwsChunkedOutput(OutputStream out, int chunkBytes, Signer signer, Signer.Signature seed) {
        this.out = out;
        this.chunk = new byte[chunkBytes];
        this.signer = signer;
        this.seed = seed;
        this.previous = seed == null ? null : seed.signature();
        try {
            this.sha256 = signer == null ? null : MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * The length on the wire of a body of {@code decoded} bytes encoded this way.
     *
     * @param decoded the body length
     * @param chunkBytes the chunk size
     * @param signed whether chunks are signed
     * @return the encoded length, the request's {@code content-length}
     */
    static long encodedLength(long decoded, int chunkBytes, boolean signed) {
        long full = decoded / chunkBytes;
        int last = (int) (decoded % chunkBytes);
        long length = full * chunkLength(chunkBytes, signed) + (last > 0 ? chunkLength(last, signed) : 0);
        // The final chunk is a header without data or the CRLF after it.
        length += chunkLength(0, signed) - 2;
        length += TRAILER.length() + 1 + CRC32_BASE64 + 2;
        if (signed) {
            length += TRAILER_SIGNATURE.length() + SIGNATURE_HEX + 2;
        }
        return length + 2;
    }

    private static long chunkLength(int size, boolean signed) {
        return Integer.toHexString(size).length() + (signed ? SIGNATURE_EXT.length() + SIGNATURE_HEX : 0) + 2
                + size + 2;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int position = offset;
        int left = length;
        while (left > 0) {
            int n = Math.min(left, chunk.length - filled);
            System.arraycopy(bytes, position, chunk, filled, n);
            filled += n;
            position += n;
            left -= n;
            if (filled == chunk.length) {
                emitChunk();
            }
        }
    }

    /**
     * Sends what is buffered, the final chunk and the trailer.
     *
     * @throws IOException when writing fails
     */
    void finish() throws IOException {
        if (filled > 0) {
            emitChunk();
        }
        writeChunkHeader(0);
        String checksum = Base64.getEncoder().encodeToString(intBytes(crc.getValue()));
        String trailer = TRAILER + ":" + checksum;
        ascii(trailer);
        out.write(CRLF);
        if (signer != null) {
            ascii(TRAILER_SIGNATURE + signer.trailerSignature(seed, previous, trailer + "\n"));
            out.write(CRLF);
        }
        out.write(CRLF);
    }

    private void emitChunk() throws IOException {
        crc.update(chunk, 0, filled);
        writeChunkHeader(filled);
        out.write(chunk, 0, filled);
        out.write(CRLF);
        filled = 0;
    }

    private void writeChunkHeader(int size) throws IOException {
        StringBuilder header = new StringBuilder(96).append(Integer.toHexString(size));
        if (signer != null) {
            sha256.update(chunk, 0, size);
            previous = signer.chunkSignature(seed, previous, HexFormat.of().formatHex(sha256.digest()));
            header.append(SIGNATURE_EXT).append(previous);
        }
        ascii(header.toString());
        out.write(CRLF);
    }

    private void ascii(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] intBytes(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
