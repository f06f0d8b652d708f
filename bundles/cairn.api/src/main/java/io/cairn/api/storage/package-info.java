/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * One drive of the cluster, local or remote.
 *
 * <p>A {@link io.cairn.api.storage.Drive} stores volumes (one per bucket plus the reserved
 * {@link io.cairn.api.storage.Drive#SYSTEM_VOLUME system} and {@link io.cairn.api.storage.Drive#TEMP_VOLUME temp}
 * volumes), per-object metadata ({@link io.cairn.api.storage.FileInfo}) and shard files. The interface is narrow,
 * streaming and made of small value records so that a drive of another node can implement it over the peer
 * transport: no {@code java.io.File} or {@code java.nio.file.Path} appears in it. Every failure is a
 * {@link io.cairn.api.storage.DriveException} with a typed {@link io.cairn.api.storage.DriveException.Reason}.
 *
 * <p>The drive knows nothing of erasure coding: shard files are opaque byte sequences that the object layer frames
 * with bitrot checksums, and {@link io.cairn.api.storage.ErasureLayout} is stored as given.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.8.0")
package io.cairn.api.storage;
