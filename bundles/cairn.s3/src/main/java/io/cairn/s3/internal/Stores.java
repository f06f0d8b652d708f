/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import io.cairn.api.object.BucketStore;
import io.cairn.api.object.MultipartStore;
import io.cairn.api.object.ObjectLister;
import io.cairn.api.object.ObjectStore;

/**
 * The object store services the S3 front end speaks to.
 *
 * @param buckets buckets
 * @param objects objects
 * @param multipart multipart uploads
 * @param lister listings
 */
record Stores(BucketStore buckets, ObjectStore objects, MultipartStore multipart, ObjectLister lister) {
}
