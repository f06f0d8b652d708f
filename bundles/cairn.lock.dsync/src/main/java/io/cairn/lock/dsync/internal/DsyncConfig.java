/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the distributed locks ({@code io.cairn.lock.dsync}); the endpoint arguments come from the node
 * configuration ({@code io.cairn.node}). Every node should use the same values: a lock server's expiry must exceed
 * every holder's refresh interval plus a call's deadline.
 */
@ObjectClassDefinition(name = "Cairn distributed locks",
        description = "Quorum read/write locks across the nodes of a deployment (dsync style).")
public @interface DsyncConfig {

    @AttributeDefinition(description = "Endpoint arguments of cairn server, one per line (from the node"
            + " configuration).")
    String volumes() default "";

    @AttributeDefinition(description = "Milliseconds a lock server keeps an entry that is not refreshed; a dead"
            + " holder blocks a name at most this long.")
    long expiryMs() default 30_000L;

    @AttributeDefinition(description = "Milliseconds between two refreshes of a held lock by its holder; must be"
            + " well below the expiry.")
    long refreshIntervalMs() default 10_000L;

    @AttributeDefinition(description = "Most lock entries a lock server holds at once; beyond, new locks are"
            + " refused.")
    int maxLocks() default 100_000;

    @AttributeDefinition(description = "Milliseconds before the first retry of a refused lock; doubled per retry,"
            + " with random jitter.")
    long retryInitialMs() default 10L;

    @AttributeDefinition(description = "Largest number of milliseconds between two attempts to get a lock.")
    long retryMaxMs() default 500L;

    @AttributeDefinition(description = "Milliseconds a lock server keeps a refused requester's place in a name's"
            + " line without the requester asking again; a requester that died holds the line up this long. Should"
            + " exceed one and a half times retryMaxMs (a waiter's longest pause between two attempts) plus a lock"
            + " call's round trip. 0 turns the line off (first come, first served).")
    long waitExpiryMs() default 3_000L;

    @AttributeDefinition(description = "Milliseconds a lock request keeps trying while so many lock servers are"
            + " unreachable that no quorum is possible; then it fails at once instead of waiting for its timeout.")
    long unreachableGiveUpMs() default 1_000L;

    @AttributeDefinition(description = "Milliseconds a releasing holder waits for the lock servers' answers before"
            + " it leaves the rest to expiry.")
    long releaseWaitMs() default 2_000L;

    @AttributeDefinition(description = "Threads calling the lock servers of other nodes.")
    int callThreads() default 64;
}
