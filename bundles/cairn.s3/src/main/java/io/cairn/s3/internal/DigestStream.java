/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.Executor;

/**
 * Passes a request body through while computing the digests the request asked for: the SigV4 payload SHA-256
 * (only when a hash was signed) and one {@code x-amz-checksum-*} algorithm (only when one was sent). For large
 * bodies a SHA digest or the CRC-64/NVME runs on a {@link DigestLane}, so it overlaps with the engine's own MD5
 * and erasure coding instead of adding to them on the request thread. CRC32 and CRC32C alone always run on the
 * request thread: the JDK computes them faster than it could copy the bytes for another thread.
 */
final class DigestStream extends BodyStream {

    private final MessageDigest sha256;
    private final ChecksumAlgorithm.Hasher checksum;
    private final DigestLane lane;

    /**
     * Creates the stream.
     *
     * @param in the body
     * @param sha256 whether to compute the SHA-256
     * @param algorithm the checksum to compute, or {@code null}
     * @param executor where to compute digests off the request thread, or {@code null} to compute inline
     */
    DigestStream(InputStream in, boolean sha256, ChecksumAlgorithm algorithm, Executor executor) {
        super(in);
        this.sha256 = sha256 ? SigV4.sha256() : null;
        this.checksum = algorithm == null ? null : algorithm.newHasher();
        boolean cheap = !sha256 && (algorithm == null || algorithm.intrinsic());
        this.lane = cheap || executor == null ? null : new DigestLane(executor, this::apply);
    }

    @Override
    void passed(byte[] buffer, int offset, int length) {
        if (sha256 == null && checksum == null) {
            return;
        }
        if (lane == null) {
            apply(buffer, offset, length);
        } else {
            lane.update(buffer, offset, length);
        }
    }

    private void apply(byte[] buffer, int offset, int length) {
        if (sha256 != null) {
            sha256.update(buffer, offset, length);
        }
        if (checksum != null) {
            checksum.update(buffer, offset, length);
        }
    }

    /**
     * Waits for the digests and returns them.
     *
     * @return {@code {sha256 or null, checksum or null}}
     */
    byte[][] finish() {
        if (lane != null) {
            lane.join();
        }
        return new byte[][] {sha256 == null ? null : sha256.digest(), checksum == null ? null : checksum.finish()};
    }
}
