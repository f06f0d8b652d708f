/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * Options of a part upload.
 *
 * @param expectedMd5 Content-MD5 (16 bytes) or {@code null}; a mismatch is {@code BAD_DIGEST}
 * @param verifier called after the part's body was read and before the part is stored, or {@code null}; of the
 *     metadata it returns, the {@link Metadata#CHECKSUM_PREFIX} entries are stored with the part and reported in
 *     {@link PartInfo#checksums()}, the others are ignored
 */
public record PartOptions(byte[] expectedMd5, PutVerifier verifier) {

    /** No checks. */
    public static final PartOptions DEFAULT = new PartOptions(null, null);

    /**
     * Validates the components.
     *
     * @param expectedMd5 the expected MD5
     * @param verifier the verifier
     */
    public PartOptions {
        if (expectedMd5 != null && expectedMd5.length != 16) {
            throw new IllegalArgumentException("an MD5 has 16 bytes");
        }
    }
}
