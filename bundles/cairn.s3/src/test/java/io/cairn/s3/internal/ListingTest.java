/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static io.cairn.s3.internal.HandlerTest.tag;
import static io.cairn.s3.internal.HandlerTest.tags;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
        assertEquals(List.of("a/1", "a/2", "b", "c/x/1", "c/y", "d%20e%2Bf", "z"), seen);
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
