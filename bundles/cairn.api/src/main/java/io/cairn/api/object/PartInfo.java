/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;
import java.util.Map;

/**
 * An uploaded part.
 *
 * @param partNumber the part number, 1 to 10000
 * @param etag the part's ETag (hex MD5, no quotes)
 * @param size the part's size in bytes
 * @param lastModified when the part was uploaded
 * @param checksums the {@code x-amz-checksum-*} entries the part's verifier returned, stored with the part (see
 *     {@link PartOptions#verifier()}); empty when there were none
 */
public record PartInfo(int partNumber, String etag, long size, Instant lastModified, Map<String, String> checksums) {

    /**
     * Copies the checksums.
     *
     * @param partNumber the part number
     * @param etag the ETag
     * @param size the size
     * @param lastModified when the part was uploaded
     * @param checksums the checksum entries, {@code null} for none
     */
    public PartInfo {
        checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }

    /**
     * Describes a part without checksums.
     *
     * @param partNumber the part number
     * @param etag the ETag
     * @param size the size
     * @param lastModified when the part was uploaded
     */
    public PartInfo(int partNumber, String etag, long size, Instant lastModified) {
        this(partNumber, etag, size, lastModified, Map.of());
    }
}
