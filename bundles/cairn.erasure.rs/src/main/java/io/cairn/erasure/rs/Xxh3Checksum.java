/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.erasure.rs.internal.Xxh3;
import org.osgi.service.component.annotations.Component;

/**
 * Bitrot checksum {@code xxh3-64-v1}: XXH3-64 of xxHash 0.8 with seed 0 and the default secret, written as
 * 8 bytes big-endian (the digits {@code xxhsum -H3} prints). Thread-safe and allocation-free.
 */
@Component(service = BitrotChecksum.class, property = {
    BitrotChecksum.CHECKSUM_ID + "=" + Xxh3Checksum.ID,
    "service.ranking:Integer=0"
})
public final class Xxh3Checksum implements BitrotChecksum {

    /** The checksum id. */
    public static final String ID = "xxh3-64-v1";

    /** The XXH3-64 of no bytes, checked at construction, which also loads every class a call needs. */
    private static final long EMPTY_HASH = 0x2d06800538d394c2L;

    /**
     * Creates the checksum; it holds no state.
     *
     * @throws IllegalStateException when the hash computes a wrong known answer
     */
    public Xxh3Checksum() {
        if (Xxh3.hash(new byte[0], 0, 0) != EMPTY_HASH) {
            throw new IllegalStateException("xxh3-64-v1 failed its self-test");
        }
    }

    @Override
    public String checksumId() {
        return ID;
    }

    @Override
    public int sizeBytes() {
        return Long.BYTES;
    }

    @Override
    public void checksum(byte[] data, int offset, int length, byte[] out, int outOffset) {
        if (outOffset < 0 || out.length - outOffset < Long.BYTES) {
            throw new IndexOutOfBoundsException("no room for 8 bytes at " + outOffset + " in " + out.length);
        }
        long h = Xxh3.hash(data, offset, length);
        for (int i = 0; i < Long.BYTES; i++) {
            out[outOffset + i] = (byte) (h >>> (56 - 8 * i));
        }
    }
}
