/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lists a bucket's objects in key order, merged across drives, sets and pools, in bounded memory.
 */
@ProviderType
public interface ObjectLister {

    /**
     * Lists one page.
     *
     * @param bucket the bucket
     * @param request prefix, delimiter, marker and page size
     * @return the page
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, {@code READ_QUORUM}
     */
    ListPage listObjects(String bucket, ListRequest request) throws ObjectStoreException;
}
