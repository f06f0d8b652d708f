/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.cairn.api.object.ByteRange;

/**
 * The HTTP syntax the S3 front end reads itself: the three date formats of RFC 7231 and byte ranges.
 */
class HttpSyntaxTest {

    private static final Instant SUNDAY = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void theThreeHttpDateFormatsAreAccepted() {
        assertEquals(SUNDAY, Encoding.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(SUNDAY, Encoding.parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(SUNDAY, Encoding.parseHttpDate("Sun Nov  6 08:49:37 1994"));
        assertEquals(Instant.parse("1994-11-16T08:49:37Z"), Encoding.parseHttpDate("Wed Nov 16 08:49:37 1994"));
        assertEquals(SUNDAY, Encoding.parseHttpDate("1994-11-06T08:49:37Z"));
        assertNull(Encoding.parseHttpDate("Sun, 06 Nov 1994 08:49:37"));
        assertNull(Encoding.parseHttpDate("yesterday"));
        assertNull(Encoding.parseHttpDate(" "));
        assertNull(Encoding.parseHttpDate(null));
    }

    @Test
    void twoDigitYearsMoreThanFiftyYearsAheadAreInThePastCentury() {
        assertEquals(Instant.parse("2075-01-01T00:00:00Z"),
                Encoding.parseHttpDate("Tuesday, 01-Jan-75 00:00:00 GMT", 2025));
        assertEquals(Instant.parse("1976-01-01T00:00:00Z"),
                Encoding.parseHttpDate("Thursday, 01-Jan-76 00:00:00 GMT", 2025));
        assertEquals(Instant.parse("2000-12-06T22:45:54Z"),
                Encoding.parseHttpDate("Wednesday, 06-Dec-00 22:45:54 GMT", 2025));
        assertEquals(Instant.parse("2094-11-06T08:49:37Z"),
                Encoding.parseHttpDate("Saturday, 06-Nov-94 08:49:37 GMT", 2050));
    }

    @Test
    void byteRangesAreDigitsOnly() {
        assertEquals(ByteRange.of(0, 9), ObjectOps.parseRange("bytes=0-9"));
        assertEquals(ByteRange.of(5, -1), ObjectOps.parseRange("bytes=5-"));
        assertEquals(ByteRange.suffix(3), ObjectOps.parseRange("bytes=-3"));
        for (String invalid : new String[] {"bytes=0--1", "bytes=+1-2", "bytes=1-+2", "bytes=-+3", "bytes=--3",
            "bytes=-", "bytes=5-4", "bytes=0x1-2", "bytes=1-2-3", "bytes=1-2,4-5", "items=1-2",
            "bytes=99999999999999999999-"}) {
            assertNull(ObjectOps.parseRange(invalid), invalid);
        }
    }

    @Test
    void anEmptySpanHasNoContentRange() {
        assertEquals("bytes 0-0/1", ObjectOps.contentRange(0, 1, 1));
        assertEquals("bytes 5-9/10", ObjectOps.contentRange(5, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> ObjectOps.contentRange(0, 0, 0));
    }
}
