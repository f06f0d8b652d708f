/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The object store as the S3 front end sees it.
 *
 * <p>Several narrow services instead of one wide object layer: {@link io.cairn.api.object.BucketStore},
 * {@link io.cairn.api.object.ObjectStore}, {@link io.cairn.api.object.MultipartStore},
 * {@link io.cairn.api.object.ObjectLister} and {@link io.cairn.api.object.StorageStatus}. Each is small enough to
 * fake in a test. Every failure is an {@link io.cairn.api.object.ObjectStoreException} carrying an
 * {@link io.cairn.api.object.ErrorKind}; the S3 layer maps the kinds to S3 error codes in one table.
 *
 * <p>Bodies stream: puts read an {@link java.io.InputStream} once, gets return one, and nothing holds a whole
 * object in memory. ETags are hex strings without quotes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.cairn.api.object;
