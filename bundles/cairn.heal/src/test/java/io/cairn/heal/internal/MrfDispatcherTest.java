/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.DriveHealState;
import io.cairn.api.heal.HealOptions;
import io.cairn.api.heal.HealResult;
import io.cairn.api.heal.HealResult.Outcome;
import io.cairn.api.heal.ObjectHealer;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;

class MrfDispatcherTest {

    private final AtomicLong now = new AtomicLong();
    private final Deque<Object> answers = new ArrayDeque<>();
    private final ObjectHealer healer = new ObjectHealer() {
        @Override
        public HealResult healObject(String volume, String key, HealOptions options) throws ObjectStoreException {
            Object next = answers.removeFirst();
            if (next instanceof ObjectStoreException e) {
                throw e;
            }
            return (HealResult) next;
        }

        @Override
        public HealResult healBucket(String bucket) {
            throw new UnsupportedOperationException();
        }
    };

    private static HealResult result(Outcome outcome, DriveHealState... before) {
        return new HealResult("b", "k", outcome, List.of(before), 0, 0, 0, "");
    }

    private final HealEngine engine = new HealEngine(healer, 1, 0, Duration.ofHours(1), Instant::now);

    private MrfDispatcher dispatcher(MrfQueue queue, int maxAttempts) {
        return new MrfDispatcher(queue, engine, new MrfDispatcher.Retry(1_000, 4_000, maxAttempts));
    }

    @Test
    void anObjectHealedWhileADriveIsOfflineIsRetriedLaterUntilEveryDriveAnswers() throws Exception {
        MrfQueue queue = new MrfQueue(10, now::get);
        MrfDispatcher d = dispatcher(queue, 10);
        answers.add(result(Outcome.HEALED, DriveHealState.OK, DriveHealState.MISSING, DriveHealState.OFFLINE));
        answers.add(result(Outcome.HEALED, DriveHealState.OK, DriveHealState.OK, DriveHealState.MISSING));
        queue.add("b", "k", false);
        d.process(queue.take(0));
        assertNull(queue.take(0), "the retry is not due yet");
        now.addAndGet(1_000_000_000L);
        d.process(queue.take(0));
        assertEquals(0, queue.size(), "every drive answered: done");
        assertTrue(answers.isEmpty());
    }

    @Test
    void lockTimeoutsAndSkipsAreRetriedAndGivenUpAfterMaxAttempts() throws Exception {
        MrfQueue queue = new MrfQueue(10, now::get);
        MrfDispatcher d = dispatcher(queue, 3);
        answers.add(new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, "busy"));
        answers.add(result(Outcome.SKIPPED, DriveHealState.OFFLINE));
        answers.add(result(Outcome.SKIPPED, DriveHealState.OFFLINE));
        queue.add("b", "k", false);
        for (int i = 0; i < 3; i++) {
            now.addAndGet(10_000_000_000L);
            MrfQueue.Entry e = queue.take(0);
            assertEquals(i, e.attempts());
            d.process(e);
        }
        now.addAndGet(10_000_000_000L);
        assertNull(queue.take(0), "given up after three attempts");
        assertEquals(1, engine.totals().failures(), "one object given up on is one failure");
    }

    @Test
    void attemptsThatFailWhileQuorumIsLostAreNoFailureOnceTheObjectIsHealed() throws Exception {
        MrfQueue queue = new MrfQueue(10, now::get);
        MrfDispatcher d = dispatcher(queue, 10);
        answers.add(new ObjectStoreException(ErrorKind.LOCK_TIMEOUT, "no quorum of lock servers"));
        answers.add(new ObjectStoreException(ErrorKind.READ_QUORUM, "4 of 8 drives offline"));
        answers.add(result(Outcome.HEALED, DriveHealState.OK, DriveHealState.MISSING));
        queue.add("b", "k", false);
        for (int i = 0; i < 3; i++) {
            now.addAndGet(10_000_000_000L);
            d.process(queue.take(0));
        }
        assertEquals(0, queue.size(), "healed on the third attempt");
        assertEquals(0, engine.totals().failures());
        assertEquals(1, engine.totals().objectsHealed());
    }

    @Test
    void delaysDoubleUpToTheCap() {
        MrfDispatcher d = dispatcher(new MrfQueue(1, now::get), 10);
        assertEquals(1_000, d.delayMillis(0));
        assertEquals(2_000, d.delayMillis(1));
        assertEquals(4_000, d.delayMillis(2));
        assertEquals(4_000, d.delayMillis(40));
    }

    @Test
    void onlyResultsThatLeftADriveBehindAreRetried() {
        assertFalse(MrfDispatcher.needsRetry(result(Outcome.HEALED, DriveHealState.OK, DriveHealState.MISSING)));
        assertFalse(MrfDispatcher.needsRetry(result(Outcome.NOT_FOUND, DriveHealState.MISSING)));
        assertTrue(MrfDispatcher.needsRetry(result(Outcome.HEALTHY, DriveHealState.OK, DriveHealState.OFFLINE)));
        assertTrue(MrfDispatcher.needsRetry(result(Outcome.SKIPPED)));
    }
}
