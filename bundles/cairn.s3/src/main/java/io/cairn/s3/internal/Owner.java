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

    void write(XmlWriter xml) {
        xml.start("Owner").element("ID", id).element("DisplayName", displayName).end();
    }
}
