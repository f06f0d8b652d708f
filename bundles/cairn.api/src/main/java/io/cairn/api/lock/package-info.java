/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Named read/write locks with bounded waiting.
 *
 * <p>A {@link io.cairn.api.lock.LockService} grants a {@link io.cairn.api.lock.Lease} on a resource name (for
 * example {@code bucket/key}). The contract is shaped so that a distributed quorum lock (dsync style, with
 * refresh and expiry) can implement it: a lease is not tied to a thread, waiting is always bounded, and a lease
 * can become invalid when its holder loses the lock.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cairn.api.lock;
