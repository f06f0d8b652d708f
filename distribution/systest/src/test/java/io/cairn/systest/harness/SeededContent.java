/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random object contents of any length, generated on the fly from a seed: byte {@code i} of
 * the content depends only on (seed, i), so a test can stream gigabytes to a server and compare digests or ranges
 * without ever holding the content in memory.
 */
public final class SeededContent {

    /** Contents are produced in blocks of this many bytes, each from its own random generator. */
    private static final int BLOCK = 8192;

    private final long seed;
    private final long length;

    /**
     * Describes content.
     *
     * @param seed the seed
     * @param length the length in bytes
     */
    public SeededContent(long seed, long length) {
        this.seed = seed;
        this.length = length;
    }

    /** @return the length */
    public long length() {
        return length;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return a new stream of the whole content */
    public InputStream stream() {
        return stream(0, length);
    }

    /**
     * A stream of a range of the content.
     *
     * @param from the first byte
     * @param count how many bytes
     * @return the stream
     */
    public InputStream stream(long from, long count) {
        return new Stream(from, Math.min(count, length - from));
    }

    /**
     * The bytes of a (small) range.
     *
     * @param from the first byte
     * @param count how many
     * @return the bytes
     */
    public byte[] bytes(long from, int count) {
        try (InputStream in = stream(from, count)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the whole content as bytes (for small objects only) */
    public byte[] bytes() {
        return bytes(0, Math.toIntExact(length));
    }

    /**
     * A digest of the whole content.
     *
     * @param algorithm e.g. {@code MD5} or {@code SHA-256}
     * @return the hex digest
     */
    public String digest(String algorithm) {
        return digest(algorithm, 0, length);
    }

    /**
     * A digest of a range.
     *
     * @param algorithm the algorithm
     * @param from the first byte
     * @param count how many bytes
     * @return the hex digest
     */
    public String digest(String algorithm, long from, long count) {
        try (InputStream in = stream(from, count)) {
            return digest(algorithm, in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Digests a stream to its end.
     *
     * @param algorithm the algorithm
     * @param in the stream
     * @return the hex digest
     * @throws IOException when reading fails
     */
    public static String digest(String algorithm, InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private final class Stream extends InputStream {
        private final byte[] block = new byte[BLOCK];
        private long position;
        private final long end;
        private long blockIndex = -1;

        Stream(long from, long count) {
            this.position = from;
            this.end = from + Math.max(0, count);
        }

        private void load(long index) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
            for (int i = 0; i < BLOCK; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8; j++) {
                    block[i + j] = (byte) (value >>> (8 * j));
                }
            }
            blockIndex = index;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= end) {
                return -1;
            }
            if (count == 0) {
                return 0;
            }
            long index = position / BLOCK;
            if (index != blockIndex) {
                load(index);
            }
            int within = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(count, BLOCK - within), end - position);
            System.arraycopy(block, within, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
