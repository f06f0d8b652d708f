/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealResult.Outcome;
import io.cairn.api.heal.ObjectHealer;

class HealEngineTest {

    private static final Duration GRACE = Duration.ofHours(1);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Deque<Outcome> answers = new ArrayDeque<>();
    private final Deque<Boolean> removalsAllowed = new ArrayDeque<>();
    private final ObjectHealer healer = new ObjectHealer() {
        @Override
        public HealResult healObject(String volume, String key, HealOptions options) {
            removalsAllowed.add(options.removeDangling());
            Outcome outcome = answers.removeFirst();
            DriveHealState state = outcome == Outcome.SKIPPED ? DriveHealState.OFFLINE : DriveHealState.MISSING;
            return new HealResult(volume, key, outcome, List.of(DriveHealState.OK, state), 0, 0, 0, "");
        }

        @Override
        public HealResult healBucket(String bucket) {
            throw new UnsupportedOperationException();
        }
    };
    private final HealEngine engine = new HealEngine(healer, 1, 0, GRACE, now::get);

    @Test
    void aDanglingObjectSkippedWhileADriveIsOfflineIsCountedOnceAndKeepsItsGracePeriod() throws Exception {
        answers.add(Outcome.DANGLING);
        engine.heal("b", "k", false);
        later(Duration.ofMinutes(40));
        answers.add(Outcome.SKIPPED);
        engine.heal("b", "k", false);
        later(Duration.ofMinutes(30));
        answers.add(Outcome.DANGLING);
        answers.add(Outcome.DANGLING_REMOVED);
        engine.heal("b", "k", false);

        assertEquals(1, engine.totals().danglingFound());
        assertEquals(1, engine.totals().danglingRemoved(), "dangling for 70 minutes, skipped once on the way");
        assertEquals(List.of(false, false, false, true), List.copyOf(removalsAllowed));
    }

    @Test
    void aDanglingObjectThatWasHealedMeanwhileStartsAnewWhenItDanglesAgain() throws Exception {
        answers.add(Outcome.DANGLING);
        engine.heal("b", "k", false);
        later(Duration.ofMinutes(40));
        answers.add(Outcome.HEALTHY);
        engine.heal("b", "k", false);
        later(Duration.ofMinutes(30));
        answers.add(Outcome.DANGLING);
        engine.heal("b", "k", false);

        assertEquals(2, engine.totals().danglingFound());
        assertEquals(0, engine.totals().danglingRemoved(), "dangling again for no time at all");
    }

    @Test
    void anEngineReplacedForNewSettingsGoesOnWithTheHistory() throws Exception {
        // An edit of conf/io.cairn.heal.cfg replaces the engine; its counters and watched objects started over.
        HealHistory history = new HealHistory();
        HealEngine before = new HealEngine(healer, 1, 0, GRACE, now::get, history);
        answers.add(Outcome.HEALED);
        before.heal("b", "healed", false);
        answers.add(Outcome.DANGLING);
        before.heal("b", "k", false);
        later(Duration.ofMinutes(70));

        HealEngine after = new HealEngine(healer, 2, 0, GRACE, now::get, history);
        answers.add(Outcome.DANGLING);
        answers.add(Outcome.DANGLING_REMOVED);
        after.heal("b", "k", false);

        assertEquals(1, after.totals().objectsHealed());
        assertEquals(1, after.totals().danglingFound(), "the object was already watched");
        assertEquals(1, after.totals().danglingRemoved(), "its grace period ran on across the replacement");
    }

    private void later(Duration d) {
        now.set(now.get().plus(d));
    }
}
