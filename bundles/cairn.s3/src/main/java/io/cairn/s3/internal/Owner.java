/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

/**
 * The single owner of every bucket and object (the root user), as listings and ACLs show it.
 *
 * @param id the canonical user id
 * @param displayName the display name
 */
record Owner(String id, String displayName) {

    /**
     * Derives the owner of an access key: a stable 64-hex-digit id, as S3 canonical ids look.
     *
     * @param accessKey the root access key
     * @return the owner
     */
    static Owner of(String accessKey) {
        return new Owner(SigV4.sha256Hex("cairn-owner:" + accessKey), "cairn");
    }

    /**
     * Tells whether an expected bucket owner ({@code x-amz-expected-bucket-owner} or
     * {@code x-amz-source-expected-bucket-owner}) names this owner.
     *
     * @param expected the header's value, or {@code null} when it was not sent
     * @return {@code true} when the header is absent or names this owner's id
     */
    boolean isExpected(String expected) {
        return expected == null || id.equals(expected.trim());
    }

    void write(XmlWriter xml) {
        xml.start("Owner").element("ID", id).element("DisplayName", displayName).end();
    }
}
