/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    private static final String ETAG = "9e107d9d372bb6826bd81d3542a419d6";
    private static final String MULTIPART = "c0ffee00c0ffee00c0ffee00c0ffee00-3";

    @Test
    void singleTagsQuotedOrBare() {
        assertTrue(EntityTags.matchesStrong("\"" + ETAG + "\"", ETAG));
        assertTrue(EntityTags.matchesStrong(ETAG, ETAG));
        assertTrue(EntityTags.matchesStrong(" \"" + MULTIPART + "\" ", MULTIPART));
        assertFalse(EntityTags.matchesStrong("\"0000\"", ETAG));
        assertFalse(EntityTags.matchesStrong("\"" + ETAG.toUpperCase() + "\"", ETAG));
        assertFalse(EntityTags.matchesStrong("", ETAG));
    }

    @Test
    void anyTagOfAListMatches() {
        assertTrue(EntityTags.matchesStrong("\"0000\", \"" + ETAG + "\"", ETAG));
        assertTrue(EntityTags.matchesStrong("\"" + ETAG + "\",\"0000\"", ETAG));
        assertTrue(EntityTags.matchesStrong("0000, " + ETAG, ETAG));
        assertTrue(EntityTags.matchesStrong(" , ,\"0000\" ,\t\"" + ETAG + "\" ,", ETAG));
        assertTrue(EntityTags.matchesWeak("\"0000\", W/\"" + MULTIPART + "\"", MULTIPART));
        assertFalse(EntityTags.matchesStrong("\"0000\", \"1111\"", ETAG));
        assertFalse(EntityTags.matchesWeak("\"0000\", W/\"1111\"", ETAG));
    }

    @Test
    void aQuotedTagMayHoldAComma() {
        assertTrue(EntityTags.matchesStrong("\"a,b\", \"c\"", "a,b"));
        assertFalse(EntityTags.matchesStrong("\"a,b\"", "a"));
        assertFalse(EntityTags.matchesStrong("\"a,b\"", "b"));
    }

    @Test
    void weakTagsMatchOnlyWithTheWeakComparison() {
        // RFC 9110 13.1.1: If-Match compares strongly; 13.1.2: If-None-Match compares weakly.
        assertFalse(EntityTags.matchesStrong("W/\"" + ETAG + "\"", ETAG));
        assertTrue(EntityTags.matchesStrong("W/\"" + ETAG + "\", \"" + ETAG + "\"", ETAG));
        assertTrue(EntityTags.matchesWeak("W/\"" + ETAG + "\"", ETAG));
        assertTrue(EntityTags.matchesWeak("\"" + ETAG + "\"", ETAG));
    }

    @Test
    void aStarMatchesAnyObject() {
        assertTrue(EntityTags.matchesStrong("*", ETAG));
        assertTrue(EntityTags.matchesWeak(" * ", ETAG));
        assertTrue(EntityTags.matchesWeak("\"0000\", *", ETAG));
    }

    @Test
    void anUnterminatedTagKeepsTheRest() {
        assertTrue(EntityTags.matchesStrong("\"" + ETAG, ETAG));
        assertFalse(EntityTags.matchesStrong("\"" + ETAG + ", \"0000\"", ETAG));
    }
}
