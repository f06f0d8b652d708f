/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The S3 additional checksum algorithms ({@code x-amz-checksum-*}). Values travel base64-encoded: the big-endian
 * CRC or the digest bytes.
 */
enum ChecksumAlgorithm {
    CRC32(4), CRC32C(4), CRC64NVME(8), SHA1(20), SHA256(32);

    private final int bytes;

    ChecksumAlgorithm(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns the header carrying this algorithm's value.
     *
     * @return for example {@code x-amz-checksum-crc32}
     */
    String header() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the element name of the value in S3 XML.
     *
     * @return for example {@code ChecksumCRC32}
     */
    String xmlName() {
        return "Checksum" + name();
    }

    int length() {
        return bytes;
    }

    /**
     * Finds an algorithm by its S3 name ({@code CRC32}, {@code crc64nvme}, ...).
     *
     * @param name the name
     * @return the algorithm
     * @throws S3Exception {@code InvalidRequest} for an unknown algorithm
     */
    static ChecksumAlgorithm parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-checksum-algorithm header is invalid.");
        }
    }

    /**
     * Checks that a base64 value is well-formed for this algorithm.
     *
     * @param value the value
     * @return the decoded bytes
     * @throws S3Exception {@code InvalidRequest} when it is not
     */
    byte[] decode(String value) {
        try {
            byte[] raw = Base64.getDecoder().decode(value.trim());
            if (raw.length == bytes) {
                return raw;
            }
        } catch (IllegalArgumentException e) {
            // Reported below.
        }
        throw new S3Exception(S3Error.INVALID_REQUEST, "Value for " + header() + " header is invalid.");
    }

    /**
     * Tells whether the JDK computes this checksum with a CPU intrinsic (CRC32 and CRC32C): faster than copying the
     * bytes for another thread would be.
     *
     * @return whether it is one of those
     */
    boolean intrinsic() {
        return this == CRC32 || this == CRC32C;
    }

    /**
     * Starts a computation.
     *
     * @return a new hasher
     */
    Hasher newHasher() {
        switch (this) {
            case CRC32:
                return new CrcHasher(new CRC32(), 4);
            case CRC32C:
                return new CrcHasher(new CRC32C(), 4);
            case CRC64NVME:
                return new CrcHasher(new Crc64Nvme(), 8);
            case SHA1:
                return new DigestHasher("SHA-1");
            default:
                return new DigestHasher("SHA-256");
        }
    }

    /** An incremental checksum computation. */
    interface Hasher {
        void update(byte[] buffer, int offset, int length);

        /**
         * Finishes the computation.
         *
         * @return the raw checksum bytes
         */
        byte[] finish();
    }

    /** A CRC as a hasher. */
    private static final class CrcHasher implements Hasher {
        private final Checksum crc;
        private final int width;

        CrcHasher(Checksum crc, int width) {
            this.crc = crc;
            this.width = width;
        }

        @Override
        public void update(byte[] buffer, int offset, int length) {
            crc.update(buffer, offset, length);
        }

        @Override
        public byte[] finish() {
            ByteBuffer out = ByteBuffer.allocate(width);
            if (width == 4) {
                out.putInt((int) crc.getValue());
            } else {
                out.putLong(crc.getValue());
            }
            return out.array();
        }
    }

    /** A message digest as a hasher. */
    private static final class DigestHasher implements Hasher {
        private final MessageDigest digest;

        DigestHasher(String algorithm) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has " + algorithm, e);
            }
        }

        @Override
        public void update(byte[] buffer, int offset, int length) {
            digest.update(buffer, offset, length);
        }

        @Override
        public byte[] finish() {
            return digest.digest();
        }
    }
}
