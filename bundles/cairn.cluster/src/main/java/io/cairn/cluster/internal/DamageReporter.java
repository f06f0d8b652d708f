/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import io.cairn.api.heal.HealRequest;

/**
 * Receives damage found on the data path: counted, logged and queued for healing by the object layer.
 */
interface DamageReporter {

    /**
     * Reports damage.
     *
     * @param volume the bucket or system volume
     * @param key the object key
     * @param reason the kind of damage
     * @param detail the drive and file concerned
     */
    void report(String volume, String key, HealRequest.Reason reason, String detail);
}
