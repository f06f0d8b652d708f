/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * Options of a get or head.
 *
 * @param range the byte range, or {@code null} for the whole object
 * @param partNumber the part to return (1..N) instead of a range, or 0; on a simple object part 1 is the whole
 *     object
 * @param conditions conditionals evaluated as S3 does for GET/HEAD: a failed If-Match / If-Unmodified-Since is
 *     {@code PRECONDITION_FAILED}, a failed If-None-Match / If-Modified-Since is {@code NOT_MODIFIED}
 */
public record GetOptions(ByteRange range, int partNumber, Conditions conditions) {

    /** The whole object, no conditions. */
    public static final GetOptions DEFAULT = new GetOptions(null, 0, null);

    /**
     * Normalises the components.
     *
     * @param range the range
     * @param partNumber the part number
     * @param conditions the conditions
     */
    public GetOptions {
        conditions = conditions == null ? Conditions.NONE : conditions;
        if (partNumber < 0 || partNumber > 10000 || (partNumber > 0 && range != null)) {
            throw new IllegalArgumentException("bad part number or both range and part number");
        }
    }

    /**
     * Creates options for a range.
     *
     * @param range the range
     * @return the options
     */
    public static GetOptions range(ByteRange range) {
        return new GetOptions(range, 0, null);
    }
}
