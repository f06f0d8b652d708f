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

    @AttributeDefinition(description = "Milliseconds a lock server refuses new read locks on a name after it"
            + " refused a write lock because of readers, so that the readers drain and the writer gets in; should"
            + " exceed one and a half times retryMaxMs (a waiting writer's longest pause between two attempts). 0"
            + " turns writer intents off.")
    long writerIntentMs() default 1_000L;

    @AttributeDefinition(description = "Milliseconds a lock server refuses new write locks on a name after a"
            + " write lock, or a writer intent, that made readers wait, so that those readers get in before the"
            + " next writer. 0 turns readers' turns off.")
    long readerTurnMs() default 500L;

    @AttributeDefinition(description = "Milliseconds a lock request keeps trying while so many lock servers are"
            + " unreachable that no quorum is possible; then it fails at once instead of waiting for its timeout.")
    long unreachableGiveUpMs() default 1_000L;

    @AttributeDefinition(description = "Milliseconds a releasing holder waits for the lock servers' answers before"
            + " it leaves the rest to expiry.")
    long releaseWaitMs() default 2_000L;

    @AttributeDefinition(description = "Threads calling the lock servers of other nodes.")
    int callThreads() default 64;
}
