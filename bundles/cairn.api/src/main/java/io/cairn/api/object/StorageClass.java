/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * The storage classes: they differ only in erasure parity, configured as {@code EC:n}.
 */
public enum StorageClass {
    /** The default class; parity from {@code storageClassStandard} or the set-size default. */
    STANDARD,
    /** Less parity, from {@code storageClassRrs} (default {@code EC:1}). */
    REDUCED_REDUNDANCY;

    /**
     * Parses an S3 {@code x-amz-storage-class} value.
     *
     * @param value the header value, {@code null} or empty for the default
     * @return the class
     * @throws ObjectStoreException {@link ErrorKind#INVALID_ARGUMENT} for an unknown class
     */
    public static StorageClass parse(String value) throws ObjectStoreException {
        if (value == null || value.isEmpty()) {
            return STANDARD;
        }
        for (StorageClass c : values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        throw new ObjectStoreException(ErrorKind.INVALID_ARGUMENT, "unsupported storage class " + value);
    }
}
