/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.util.HashMap;
import java.util.Map;

/**
 * Options of a put, a multipart upload's creation, or a complete.
 *
 * @param metadata the content and user metadata to store (see {@link Metadata}); reserved keys are dropped
 * @param storageClass the storage class
 * @param conditions conditional write: {@code ifMatch} (ETag or {@code "*"}) and {@code ifNoneMatch}
 *     ({@code "*"}) are evaluated atomically under the object's lock; failure is {@code PRECONDITION_FAILED},
 *     or {@code NO_SUCH_KEY} when {@code ifMatch} is given and there is no object
 * @param expectedMd5 Content-MD5 (16 bytes) or {@code null}; a mismatch is {@code BAD_DIGEST} before commit
 * @param verifier called after the body was read and before commit, or {@code null}
 */
public record PutOptions(Map<String, String> metadata, StorageClass storageClass, Conditions conditions,
        byte[] expectedMd5, PutVerifier verifier) {

    /** A put with no metadata, the standard class, no conditions and no checks. */
    public static final PutOptions DEFAULT = builder().build();

    /**
     * Normalises the components.
     *
     * @param metadata the metadata
     * @param storageClass the storage class
     * @param conditions the conditions
     * @param expectedMd5 the expected MD5
     * @param verifier the verifier
     */
    public PutOptions {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        storageClass = storageClass == null ? StorageClass.STANDARD : storageClass;
        conditions = conditions == null ? Conditions.NONE : conditions;
        if (expectedMd5 != null && expectedMd5.length != 16) {
            throw new IllegalArgumentException("an MD5 has 16 bytes");
        }
    }

    /**
     * Starts building options.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link PutOptions}. */
    public static final class Builder {
        private final Map<String, String> metadata = new HashMap<>();
        private StorageClass storageClass = StorageClass.STANDARD;
        private Conditions conditions = Conditions.NONE;
        private byte[] expectedMd5;
        private PutVerifier verifier;

        private Builder() {
        }

        /**
         * Adds metadata entries.
         *
         * @param entries the entries
         * @return this builder
         */
        public Builder metadata(Map<String, String> entries) {
            metadata.putAll(entries);
            return this;
        }

        /**
         * Adds one metadata entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        /**
         * Sets the storage class.
         *
         * @param value the class
         * @return this builder
         */
        public Builder storageClass(StorageClass value) {
            storageClass = value;
            return this;
        }

        /**
         * Sets the conditions.
         *
         * @param value the conditions
         * @return this builder
         */
        public Builder conditions(Conditions value) {
            conditions = value;
            return this;
        }

        /**
         * Sets the expected MD5.
         *
         * @param value 16 bytes or {@code null}
         * @return this builder
         */
        public Builder expectedMd5(byte[] value) {
            expectedMd5 = value == null ? null : value.clone();
            return this;
        }

        /**
         * Sets the verifier.
         *
         * @param value the verifier or {@code null}
         * @return this builder
         */
        public Builder verifier(PutVerifier value) {
            verifier = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public PutOptions build() {
            return new PutOptions(metadata, storageClass, conditions, expectedMd5, verifier);
        }
    }
}
