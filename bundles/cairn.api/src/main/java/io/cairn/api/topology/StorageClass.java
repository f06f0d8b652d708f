/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.util.Locale;

/**
 * A storage class value {@code EC:n}: the number of parity drives of an erasure set, as in
 * {@code CAIRN_STORAGE_CLASS_STANDARD=EC:2}, and the default parity when none is configured.
 *
 * <p>Default parity by set size (the design's table): 1 drive → 0, 2–3 → 1, 4–5 → 2, 6–7 → 3, 8–16 → 4. A
 * configured parity must satisfy {@code 0 <= n <= setSize / 2}: more parity than data would waste space without
 * adding a useful guarantee, and MinIO draws the same line.
 *
 * @param parity the number of parity drives per erasure set
 */
public record StorageClass(int parity) {

    /** The prefix of a storage class value. */
    public static final String PREFIX = "EC:";

    /**
     * Creates a storage class.
     *
     * @param parity the number of parity drives, not negative
     */
    public StorageClass {
        if (parity < 0) {
            throw new LayoutException("Parity cannot be negative: " + parity);
        }
    }

    /**
     * Returns the parity used when no storage class is configured.
     *
     * @param setSize drives per erasure set, 1 to 16
     * @return the default number of parity drives
     */
    public static int defaultParity(int setSize) {
        if (setSize < 1 || setSize > Topology.MAX_SET_SIZE) {
            throw new IllegalArgumentException("set size must be 1 to " + Topology.MAX_SET_SIZE + ": " + setSize);
        }
        if (setSize == 1) {
            return 0;
        }
        return Math.min(setSize / 2, 4);
    }

    /**
     * Parses {@code EC:n} without checking it against a set size (the prefix is case-insensitive).
     *
     * @param value the configured value
     * @return the storage class
     * @throws LayoutException when the value is not {@code EC:} followed by a non-negative number
     */
    public static StorageClass parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (!trimmed.toUpperCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new LayoutException("Storage class '" + value + "' must look like EC:2 (EC: and a parity count)");
        }
        String digits = trimmed.substring(PREFIX.length());
        if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LayoutException("Storage class '" + value + "' must look like EC:2 (EC: and a parity count)");
        }
        return new StorageClass(Integer.parseInt(digits));
    }

    /**
     * Parses {@code EC:n} and checks that an erasure set of the given size can carry that parity.
     *
     * @param value the configured value
     * @param setSize drives per erasure set
     * @return the storage class
     * @throws LayoutException when the value is malformed or {@code n > setSize / 2}
     */
    public static StorageClass parse(String value, int setSize) {
        StorageClass storageClass = parse(value);
        storageClass.checkFits(setSize);
        return storageClass;
    }

    /**
     * Checks that an erasure set of the given size can carry this parity.
     *
     * @param setSize drives per erasure set
     * @throws LayoutException when the parity exceeds half the set size
     */
    public void checkFits(int setSize) {
        if (parity > setSize / 2) {
            throw new LayoutException("Storage class " + this + " needs more parity than an erasure set of " + setSize
                    + (setSize == 1 ? " drive" : " drives") + " allows; use EC:0 to EC:" + setSize / 2);
        }
    }

    /** @return the value in its configuration form, e.g. {@code EC:2} */
    @Override
    public String toString() {
        return PREFIX + parity;
    }
}
