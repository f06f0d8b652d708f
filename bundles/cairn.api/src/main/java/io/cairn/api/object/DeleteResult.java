/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

/**
 * The outcome of one key of a batch delete.
 *
 * @param key the key
 * @param error the failure, or {@code null} when the key was deleted (or did not exist)
 */
public record DeleteResult(String key, ObjectStoreException error) {
}
