/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * Object contents made from one seeded random pool: object number {@code n} is the pool read cyclically from an
 * offset derived from {@code n}. Generating a body costs nothing but the copy, every object differs from its
 * neighbours, and a verifying GET can check every byte without storing what was written.
 */
final class Payload {

    /** Pool size: a little over 1 MiB and not a power of two, so objects do not repeat on block boundaries. */
    private static final int POOL_BYTES = (1 << 20) + 4099;
    /** Spreads the start offsets of consecutive objects over the pool. */
    private static final long STRIDE = 104_729L;

    private final byte[] pool = new byte[POOL_BYTES];

    Payload(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < POOL_BYTES; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8 && i + j < POOL_BYTES; j++) {
                pool[i + j] = (byte) (value >>> (8 * j));
            }
        }
    }

    private int start(long object) {
        return (int) Math.floorMod(object * STRIDE, (long) POOL_BYTES);
    }

    /**
     * Writes the first {@code length} bytes of object {@code object}, beginning at byte {@code from}.
     *
     * @param object the object number
     * @param from the first byte (for multipart parts)
     * @param length how many bytes
     * @param out where to write
     * @throws IOException when writing fails
     */
    void write(long object, long from, long length, OutputStream out) throws IOException {
        int position = (int) ((start(object) + from) % POOL_BYTES);
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, POOL_BYTES - position);
            out.write(pool, position, n);
            left -= n;
            position = 0;
        }
    }

    /** Compares a streamed GET body with what object {@code object} should contain. */
    final class Verifier implements HttpConnection.BodySink {
        private int position;
        private long seen;
        private long firstMismatch = -1;

        Verifier(long object) {
            position = start(object);
        }

        @Override
        public void accept(byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                if (firstMismatch < 0 && buffer[offset + i] != pool[position]) {
                    firstMismatch = seen + i;
                }
                position = position + 1 == POOL_BYTES ? 0 : position + 1;
            }
            seen += length;
        }

        /**
         * Tells whether the body was exactly the expected object.
         *
         * @param expectedLength the object's size
         * @return null when it matched, otherwise what was wrong
         */
        String problem(long expectedLength) {
            if (firstMismatch >= 0) {
                return "content differs at byte " + firstMismatch;
            }
            if (seen != expectedLength) {
                return "length " + seen + " instead of " + expectedLength;
            }
            return null;
        }
    }
}
