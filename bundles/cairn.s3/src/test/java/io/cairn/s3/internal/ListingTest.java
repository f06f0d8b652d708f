/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static io.cairn.s3.internal.HandlerTest.tag;
import static io.cairn.s3.internal.HandlerTest.tags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listing pagination as S3 defines it: v1 markers, v2 continuation tokens and start-after, delimiters with common
 * prefixes counting toward max-keys, URL encoding, versions and uploads.
 */
class ListingTest {

    private static final List<String> KEYS = List.of("a/1", "a/2", "b", "c/x/1", "c/y", "d e+f", "z");

    private TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        s3.send("PUT", "/list");
        for (String key : KEYS) {
            HttpResponse<byte[]> r = s3.send("PUT", "/list/" + Encoding.uriEncode(key, true),
                    key.getBytes(StandardCharsets.UTF_8), Map.of());
            assertEquals(200, r.statusCode());
        }
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    @Test
    void v1WithDelimiterPagesThroughEverything() throws Exception {
        List<String> seen = new ArrayList<>();
        String marker = "";
        for (int page = 0; page < 10; page++) {
            HttpResponse<byte[]> r = s3.send("GET", "/list?delimiter=%2F&max-keys=2&marker="
                    + Encoding.uriEncode(marker, false));
            assertEquals(200, r.statusCode(), HandlerTest.text(r));
            seen.addAll(tags(r, "Key"));
            for (String p : tags(r, "CommonPrefixes")) {
                seen.add(p.replaceAll("</?Prefix>", ""));
            }
            assertEquals(true, tags(r, "Key").size() + tags(r, "CommonPrefixes").size() <= 2);
            if (!"true".equals(tag(r, "IsTruncated"))) {
                break;
            }
            marker = tag(r, "NextMarker");
        }
        seen.sort(null);
        assertEquals(List.of("a/", "b", "c/", "d e+f", "z"), seen);
    }

    @Test
    void v2TokensStartAfterAndEncoding() throws Exception {
        List<String> seen = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 10; page++) {
            HttpResponse<byte[]> r = s3.send("GET", "/list?list-type=2&max-keys=3&encoding-type=url"
                    + (token == null ? "" : "&continuation-token=" + token));
            seen.addAll(tags(r, "Key"));
            assertEquals(Integer.toString(tags(r, "Key").size()), tag(r, "KeyCount"));
            if (!"true".equals(tag(r, "IsTruncated"))) {
                break;
            }
            token = tag(r, "NextContinuationToken");
        }
        assertEquals(List.of("a/1", "a/2", "b", "c/x/1", "c/y", "d+e%2Bf", "z"), seen);
        HttpResponse<byte[]> after = s3.send("GET", "/list?list-type=2&start-after=c%2Fy&prefix=");
        assertEquals(List.of("d e+f", "z"), tags(after, "Key"));
        HttpResponse<byte[]> prefixed = s3.send("GET", "/list?list-type=2&prefix=c%2F&delimiter=%2F&fetch-owner=true");
        assertEquals(List.of("c/y"), tags(prefixed, "Key"));
        assertEquals(1, tags(prefixed, "Owner").size());
        assertError(s3.send("GET", "/list?list-type=2&continuation-token=%25%25"), 400, "InvalidArgument");
        assertError(s3.send("GET", "/list?max-keys=abc"), 400, "InvalidArgument");
        assertError(s3.send("GET", "/list?encoding-type=xml"), 400, "InvalidArgument");
        assertEquals("0", tag(s3.send("GET", "/list?list-type=2&max-keys=0"), "KeyCount"));
    }

    @Test
    void aContinuationTokenContinuesOnlyItsOwnBucket() throws Exception {
        s3.send("PUT", "/other");
        s3.send("PUT", "/other/b", "x".getBytes(StandardCharsets.UTF_8), Map.of());
        s3.send("PUT", "/other/c", "x".getBytes(StandardCharsets.UTF_8), Map.of());
        String token = tag(s3.send("GET", "/list?list-type=2&max-keys=1"), "NextContinuationToken");
        assertEquals(List.of("a/2"), tags(s3.send("GET", "/list?list-type=2&max-keys=1&continuation-token="
                + token), "Key"));
        HttpResponse<byte[]> foreign = s3.send("GET", "/other?list-type=2&continuation-token=" + token);
        assertError(foreign, 400, "InvalidArgument");
        assertEquals("The continuation token provided is incorrect", tag(foreign, "Message"));
        String bucketsToken = tag(s3.send("GET", "/?max-buckets=1"), "ContinuationToken");
        assertError(s3.send("GET", "/list?list-type=2&continuation-token=" + bucketsToken), 400, "InvalidArgument");
        assertError(s3.send("GET", "/?continuation-token=" + token), 400, "InvalidArgument");
        // The format before the bucket was bound: base64url of the bare key.
        String bare = Base64.getUrlEncoder().withoutPadding().encodeToString("a/1".getBytes(StandardCharsets.UTF_8));
        assertError(s3.send("GET", "/list?list-type=2&continuation-token=" + bare), 400, "InvalidArgument");
    }

    /** S3 sends NextMarker only with a delimiter; without one, the last key of the page is the next marker. */
    @Test
    void v1SendsNextMarkerOnlyWithADelimiter() throws Exception {
        HttpResponse<byte[]> plain = s3.send("GET", "/list?max-keys=2");
        assertEquals("true", tag(plain, "IsTruncated"));
        assertEquals(null, tag(plain, "NextMarker"), HandlerTest.text(plain));
        assertEquals(List.of("a/1", "a/2"), tags(plain, "Key"));
        HttpResponse<byte[]> delimited = s3.send("GET", "/list?max-keys=2&delimiter=%2F");
        assertEquals("b", tag(delimited, "NextMarker"));
    }

    /**
     * With {@code encoding-type=url} every name in the answer is form encoded as S3 encodes it (a space is
     * {@code +}, a plus {@code %2B}), and decodes back, as clients decode it, to the name that was stored.
     */
    @Test
    void urlEncodingFormEncodesEveryNameOfEveryListing() throws Exception {
        String dir = "sp ace+plus%pct\u00fc\u0001/";
        String key = dir + "k ~*";
        s3.send("PUT", "/list/" + Encoding.uriEncode(key, true), new byte[1], Map.of());
        String initiated = HandlerTest.text(s3.send("POST", "/list/" + Encoding.uriEncode(key, true) + "?uploads"));
        assertEquals(true, initiated.contains("<UploadId>"), initiated);
        String encodedDir = "sp+ace%2Bplus%25pct%C3%BC%01/";
        String encodedKey = encodedDir + "k+%7E*";
        assertEquals(key, java.net.URLDecoder.decode(encodedKey, StandardCharsets.UTF_8));
        String q = "&encoding-type=url&prefix=" + Encoding.uriEncode(dir, false);
        HttpResponse<byte[]> v1 = s3.send("GET", "/list?delimiter=%20&max-keys=1&marker=a" + q);
        assertEquals(List.of(encodedDir + "k+"), tags(v1, "CommonPrefixes").stream()
                .map(p -> p.replaceAll("</?Prefix>", "")).toList());
        assertEquals(encodedDir, tag(v1, "Prefix"));
        assertEquals("+", tag(v1, "Delimiter"));
        assertEquals("a", tag(v1, "Marker"));
        assertEquals(null, tag(v1, "NextMarker"));
        HttpResponse<byte[]> v1Page = s3.send("GET", "/list?delimiter=%7E&max-keys=1&marker=%20" + q.replace(
                "&prefix=" + Encoding.uriEncode(dir, false), ""));
        assertEquals("+", tag(v1Page, "Marker"));
        assertEquals("%7E", tag(v1Page, "Delimiter"));
        assertEquals("a/1", tag(v1Page, "NextMarker"));
        HttpResponse<byte[]> v2 = s3.send("GET", "/list?list-type=2&start-after=" + Encoding.uriEncode(dir, false)
                + q);
        assertEquals(List.of(encodedKey), tags(v2, "Key"));
        assertEquals(encodedDir, tag(v2, "StartAfter"));
        HttpResponse<byte[]> versions = s3.send("GET", "/list?versions&key-marker=a" + q);
        assertEquals(List.of(encodedKey), tags(versions, "Key"));
        assertEquals("a", tag(versions, "KeyMarker"));
        HttpResponse<byte[]> uploads = s3.send("GET", "/list?uploads&max-uploads=1&key-marker=%2B" + q);
        assertEquals(List.of(encodedKey), tags(uploads, "Key"));
        assertEquals("%2B", tag(uploads, "KeyMarker"));
        assertEquals(encodedDir, tag(uploads, "Prefix"));
    }

    /**
     * A key with control characters is listed as S3 lists it, with numeric character references, which the AWS SDK
     * for JavaScript v3 reads back as the key that was stored; two such keys are never listed as the same name.
     */
    @Test
    void controlCharactersAreListedAsCharacterReferences() throws Exception {
        for (String key : new String[] {"ctl\u0001x\u001fy", "ctl\u0002x\ry"}) {
            assertEquals(200, s3.send("PUT", "/list/" + Encoding.uriEncode(key, true), new byte[1], Map.of())
                    .statusCode());
        }
        List<String> listed = List.of("ctl&#x1;x&#x1F;y", "ctl&#x2;x&#xD;y");
        HttpResponse<byte[]> v2 = s3.send("GET", "/list?list-type=2&prefix=ctl");
        assertEquals(listed, tags(v2, "Key"), HandlerTest.text(v2));
        assertEquals(listed, tags(s3.send("GET", "/list?prefix=ctl"), "Key"));
        assertEquals(listed, tags(s3.send("GET", "/list?versions&prefix=ctl"), "Key"));
        assertTrue(!HandlerTest.text(v2).contains("\uFFFD"), HandlerTest.text(v2));
    }

    @Test
    void listedTimesAreTheHeadersTimesInWholeSeconds() throws Exception {
        // S3 keeps an object's time in whole seconds: a listing shows the second its Last-Modified header shows
        // (".000Z"), so clients that compare the two see the same time.
        Instant modified = headTime("/list/b");
        for (String listing : List.of("/list?prefix=b", "/list?list-type=2&prefix=b", "/list?versions&prefix=b")) {
            String listed = tag(s3.send("GET", listing), "LastModified");
            assertEquals(modified, Instant.parse(listed), listing);
            assertTrue(listed.endsWith(".000Z"), listed);
        }
        HttpResponse<byte[]> copy = s3.send("PUT", "/list/copy", null, Map.of("x-amz-copy-source", "list/b"));
        assertEquals(headTime("/list/copy"), Instant.parse(tag(copy, "LastModified")));
        String id = tag(s3.send("POST", "/list/up?uploads"), "UploadId");
        Instant initiated = Instant.parse(tag(s3.send("GET", "/list?uploads&prefix=up"), "Initiated"));
        assertEquals(initiated.truncatedTo(ChronoUnit.SECONDS), initiated);
        HttpResponse<byte[]> part = s3.send("PUT", "/list/up?partNumber=1&uploadId=" + id, new byte[] {1}, Map.of());
        assertEquals(200, part.statusCode());
        Instant partTime = Instant.parse(tag(s3.send("GET", "/list/up?uploadId=" + id), "LastModified"));
        assertEquals(partTime.truncatedTo(ChronoUnit.SECONDS), partTime);
    }

    private Instant headTime(String path) throws Exception {
        return ZonedDateTime.parse(s3.send("HEAD", path).headers().firstValue("last-modified").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    @Test
    void versionsListEveryObjectAsItsNullVersion() throws Exception {
        HttpResponse<byte[]> r = s3.send("GET", "/list?versions&max-keys=4");
        assertEquals(4, tags(r, "Version").size());
        assertEquals("null", tag(r, "VersionId"));
        assertEquals("true", tag(r, "IsTruncated"));
        assertEquals("c/x/1", tag(r, "NextKeyMarker"));
        HttpResponse<byte[]> rest = s3.send("GET", "/list?versions&key-marker=c%2Fx%2F1&version-id-marker=null");
        assertEquals(List.of("c/y", "d e+f", "z"), tags(rest, "Key"));
    }
}
