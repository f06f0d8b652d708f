/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.api.object.ObjectStoreException;

/**
 * Repairs single objects and buckets; provided by the object layer, driven by the healing service.
 * <p>Healing an object reads its metadata from every drive of its erasure set, takes the version a read quorum
 * agrees on, rebuilds the shards of every drive that lacks it, holds another version, or holds a corrupt copy from
 * any {@code k} good shards, and commits them there, all under the object's write lock. Drives that do not answer
 * are left alone. Methods are thread-safe and block while they work.
 */
@ProviderType
public interface ObjectHealer {

    /**
     * Heals one object in every pool that holds it.
     *
     * @param volume the bucket, or {@link io.cairn.api.storage.Drive#SYSTEM_VOLUME} for bucket metadata
     * @param key the object key
     * @param options how deep to look and whether a dangling object may be removed
     * @return what was found and done
     * @throws ObjectStoreException {@code INVALID_KEY}, {@code LOCK_TIMEOUT}, {@code INTERNAL} (no codec)
     */
    HealResult healObject(String volume, String key, HealOptions options) throws ObjectStoreException;

    /**
     * Heals a bucket: creates its volume on drives that lack it when a quorum of drives holds it, and removes it
     * from the drives that still hold it when a quorum no longer does and it is empty there.
     *
     * @param bucket the bucket name
     * @return what was found and done ({@code key} is empty; {@code before} lists every drive of the deployment)
     * @throws ObjectStoreException {@code INVALID_BUCKET_NAME}, {@code READ_QUORUM}
     */
    HealResult healBucket(String bucket) throws ObjectStoreException;
}
