/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The fault soak's judge of answers: which versions a read or a listing may see, given what was acknowledged. */
class SoakHistoryTest {

    private static final String KEY = "k";
    private final SoakHistory history = new SoakHistory(System.nanoTime());

    @Test
    void aReadAfterAnAcknowledgedOverwriteSeesOnlyTheNewVersion() {
        long before = System.nanoTime();
        assertTrue(history.possible(KEY, SoakHistory.ABSENT, before, before), "never written: not found");
        done(KEY, 11, SoakHistory.Outcome.ACKNOWLEDGED);
        long between = System.nanoTime();
        done(KEY, 22, SoakHistory.Outcome.ACKNOWLEDGED);
        long after = System.nanoTime();
        assertFalse(history.possible(KEY, SoakHistory.ABSENT, after, after), "lost after two acknowledged writes");
        assertFalse(history.possible(KEY, 11, after, after), "replaced before the read started");
        assertTrue(history.possible(KEY, 11, between, after), "the read started before the overwrite ended");
        assertTrue(history.possible(KEY, 22, after, after));
        assertEquals(List.of(22L), history.possibleAt(KEY, after));
        assertTrue(history.mustList(KEY, after, after));
        assertFalse(history.mustNotList(KEY, after, after));
    }

    @Test
    void aDeleteAfterAnErrorReplacesTheFailedWriteButNotOneWithoutAnswer() {
        done(KEY, 11, SoakHistory.Outcome.FAILED);
        done("other", 33, SoakHistory.Outcome.NO_ANSWER);
        done(KEY, SoakHistory.ABSENT, SoakHistory.Outcome.ACKNOWLEDGED);
        done("other", SoakHistory.ABSENT, SoakHistory.Outcome.ACKNOWLEDGED);
        long after = System.nanoTime();
        assertFalse(history.possible(KEY, 11, after, after), "answered 503 before the delete started");
        assertTrue(history.mustNotList(KEY, after, after));
        assertTrue(history.possible("other", 33, after, after), "may be carried out after the delete");
        assertFalse(history.mustNotList("other", after, after));
        assertFalse(history.mustList("other", after, after));
    }

    @Test
    void aWriteInFlightMayOrMayNotBeSeen() {
        done(KEY, 11, SoakHistory.Outcome.ACKNOWLEDGED);
        history.begin(KEY, 22);
        long now = System.nanoTime();
        assertTrue(history.possible(KEY, 11, now, now));
        assertTrue(history.possible(KEY, 22, now, now));
        assertFalse(history.possible(KEY, 33, now, now), "never written");
        assertTrue(history.mustList(KEY, now, now));
    }

    private void done(String key, long seed, SoakHistory.Outcome outcome) {
        SoakHistory.Op op = history.begin(key, seed);
        history.end(op, outcome);
    }
}
