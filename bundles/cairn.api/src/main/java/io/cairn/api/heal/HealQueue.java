/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.heal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Accepts objects that need healing. Implementations must return quickly (enqueue, never repair inline), must be
 * thread-safe, and may drop requests when their bounded queue is full (the background scanner finds them later).
 */
@ProviderType
public interface HealQueue {

    /**
     * Queues an object for healing.
     *
     * @param request what to heal and why
     */
    void queue(HealRequest request);
}
