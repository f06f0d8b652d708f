/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Erasure coding and bitrot checksums.
 *
 * <p>An {@link io.cairn.api.erasure.ErasureCodec} is a systematic Reed–Solomon code over GF(2^8) named by
 * its {@link io.cairn.api.erasure.ErasureCodec#codecId() codec id}; every object records the id it was
 * written with, and every implementation of one id produces identical bytes. A
 * {@link io.cairn.api.erasure.BitrotChecksum} protects each shard block on disk. Providers register these
 * services with the {@code codec.id} or {@code checksum.id} property and a {@code service.ranking}; the
 * highest-ranked provider of an id serves, and providers may be replaced while the node runs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cairn.api.erasure;
