/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import io.cairn.node.internal.NewestVersionPolicy.Candidate;

/** Which version of a hot-swappable bundle runs. */
class NewestVersionPolicyTest {

    private static final Candidate RUNTIME = new Candidate(10, Version.parseVersion("0.1.0.SNAPSHOT"));
    private static final Candidate DROPPED = new Candidate(48, Version.parseVersion("0.1.1.v2"));

    @Test
    void theHigherVersionRunsWhicheverStartedFirst() {
        assertEquals(Optional.of(DROPPED), NewestVersionPolicy.newest(List.of(RUNTIME, DROPPED)));
        assertEquals(List.of(RUNTIME), NewestVersionPolicy.losers(List.of(DROPPED, RUNTIME)));
        assertEquals(List.of(RUNTIME), NewestVersionPolicy.losers(List.of(RUNTIME, DROPPED)));
    }

    @Test
    void ofEqualVersionsTheOneInstalledLastRuns() {
        Candidate again = new Candidate(60, RUNTIME.version());
        assertEquals(List.of(RUNTIME), NewestVersionPolicy.losers(List.of(again, RUNTIME)));
    }

    @Test
    void aSingleVersionIsLeftAlone() {
        assertEquals(List.of(), NewestVersionPolicy.losers(List.of(RUNTIME)));
        assertEquals(Optional.empty(), NewestVersionPolicy.newest(List.of()));
    }

    @Test
    void anOlderVersionStartedAfterANewerOneIsTheOneStopped() {
        Candidate older = new Candidate(70, Version.parseVersion("0.0.9"));
        assertEquals(List.of(older, RUNTIME), NewestVersionPolicy.losers(List.of(older, DROPPED, RUNTIME)));
    }
}
