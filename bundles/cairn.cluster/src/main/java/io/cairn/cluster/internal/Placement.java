/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Places objects: the erasure set is SipHash-2-4 of the object name keyed by the deployment id, so placement is
 * stable for a deployment and not predictable from outside it; the order of shards over a set's drives is rotated
 * by a CRC of the name so that data shards spread over all drives.
 */
final class Placement {

    private final long k0;
    private final long k1;

    /**
     * Creates the placement of a deployment.
     *
     * @param deploymentId the deployment id; a UUID string gives the 128-bit key directly
     */
    Placement(String deploymentId) {
        long a;
        long b;
        try {
            UUID id = UUID.fromString(deploymentId);
            a = id.getMostSignificantBits();
            b = id.getLeastSignificantBits();
        } catch (IllegalArgumentException e) {
            UUID id = UUID.nameUUIDFromBytes(deploymentId.getBytes(StandardCharsets.UTF_8));
            a = id.getMostSignificantBits();
            b = id.getLeastSignificantBits();
        }
        this.k0 = a;
        this.k1 = b;
    }

    /**
     * Creates a placement with an explicit SipHash key (for reference vectors).
     *
     * @param k0 the first key half
     * @param k1 the second key half
     */
    Placement(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * Returns the set of an object.
     *
     * @param name the object's full name ({@code bucket/key})
     * @param setCount the number of sets of the pool
     * @return the set index
     */
    int setIndex(String name, int setCount) {
        return (int) Long.remainderUnsigned(sipHash(name.getBytes(StandardCharsets.UTF_8)), setCount);
    }

    /**
     * Returns, for each drive position of a set of {@code n}, the shard index it holds for an object.
     *
     * @param name the object's full name
     * @param n the set size
     * @return the distribution (a rotation of {@code 0..n-1})
     */
    static List<Integer> distribution(String name, int n) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        int start = (int) (crc.getValue() % n);
        List<Integer> dist = new ArrayList<>(n);
        for (int pos = 0; pos < n; pos++) {
            dist.add((pos + n - start) % n);
        }
        return dist;
    }

    /**
     * Computes SipHash-2-4 of {@code data} with this deployment's key.
     *
     * @param data the input
     * @return the 64-bit hash
     */
    long sipHash(byte[] data) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
            0x7465646279746573L ^ k1};
        int len = data.length;
        int end = len - (len % 8);
        for (int i = 0; i < end; i += 8) {
            compress(v, readLong(data, i));
        }
        long last = ((long) len & 0xff) << 56;
        for (int i = 0; i < len % 8; i++) {
            last |= (data[end + i] & 0xffL) << (8 * i);
        }
        compress(v, last);
        v[2] ^= 0xff;
        for (int r = 0; r < 4; r++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long m) {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    private static long readLong(byte[] b, int i) {
        long v = 0;
        for (int j = 7; j >= 0; j--) {
            v = (v << 8) | (b[i + j] & 0xffL);
        }
        return v;
    }
}
