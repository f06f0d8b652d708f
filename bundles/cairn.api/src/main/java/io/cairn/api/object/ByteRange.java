/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * A requested byte range: {@code bytes=first-last}, {@code bytes=first-} ({@code last == -1}) or
 * {@code bytes=-suffixLength} ({@code first == -1}).
 *
 * @param first the first byte, or {@code -1} for a suffix range
 * @param last the last byte (inclusive), or {@code -1} for "to the end"
 * @param suffixLength the length of a suffix range, or {@code -1}
 */
public record ByteRange(long first, long last, long suffixLength) {

    /**
     * Validates the components.
     *
     * @param first the first byte
     * @param last the last byte
     * @param suffixLength the suffix length
     */
    public ByteRange {
        boolean suffix = first == -1 && last == -1 && suffixLength >= 0;
        boolean span = first >= 0 && suffixLength == -1 && (last == -1 || last >= first);
        if (!suffix && !span) {
            throw new IllegalArgumentException("bad range " + first + "-" + last + "/" + suffixLength);
        }
    }

    /**
     * Creates {@code bytes=first-last}.
     *
     * @param first the first byte
     * @param last the last byte, or {@code -1} for the end
     * @return the range
     */
    public static ByteRange of(long first, long last) {
        return new ByteRange(first, last, -1);
    }

    /**
     * Creates {@code bytes=-length}.
     *
     * @param length the number of trailing bytes
     * @return the range
     */
    public static ByteRange suffix(long length) {
        return new ByteRange(-1, -1, length);
    }

    /**
     * Resolves the range against an object size as S3 does: a last byte past the end is clipped, a suffix longer
     * than the object means the whole object.
     *
     * @param size the object size
     * @return {@code {start, length}}
     * @throws ObjectStoreException {@code INVALID_RANGE} when the range starts at or after the end, or the suffix
     *     is empty
     */
    public long[] resolve(long size) throws ObjectStoreException {
        if (first == -1) {
            if (suffixLength == 0 || size == 0) {
                throw new ObjectStoreException(ErrorKind.INVALID_RANGE, "range not satisfiable for size " + size);
            }
            long len = Math.min(suffixLength, size);
            return new long[] {size - len, len};
        }
        if (first >= size) {
            throw new ObjectStoreException(ErrorKind.INVALID_RANGE, "range not satisfiable for size " + size);
        }
        long end = last == -1 ? size - 1 : Math.min(last, size - 1);
        return new long[] {first, end - first + 1};
    }
}
