/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CorsTest {

    private static final String PAGE = "https://app.example.com";

    @Test
    void originPatternsMatchWithWildcards() {
        Cors cors = Cors.parse(" https://app.example.com , https://*.example.org,http://127.0.0.1:*");
        assertTrue(cors.allows("https://app.example.com"));
        assertTrue(cors.allows("https://a.b.example.org"));
        assertTrue(cors.allows("http://127.0.0.1:3000"));
        assertFalse(cors.allows("https://app.example.com.evil.test"));
        assertFalse(cors.allows("http://app.example.com"));
        assertFalse(cors.allows("https://example.org"));
        assertTrue(Cors.parse("").allows("https://anything.test"));
        assertTrue(Cors.parse("*").allows("null"));
    }

    @Test
    void aPreflightIsAnsweredWithoutCredentials() throws Exception {
        try (TestServer s3 = new TestServer()) {
            HttpResponse<byte[]> r = s3.raw("OPTIONS", "/bucket/dir/key.txt", null, Map.of("Origin", PAGE,
                    "Access-Control-Request-Method", "PUT",
                    "Access-Control-Request-Headers", "authorization,x-amz-date,x-amz-content-sha256,content-type"));
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals(PAGE, header(r, "access-control-allow-origin"));
            assertEquals("true", header(r, "access-control-allow-credentials"));
            assertTrue(header(r, "access-control-allow-methods").contains("PUT"));
            assertEquals("authorization,x-amz-date,x-amz-content-sha256,content-type",
                    header(r, "access-control-allow-headers"));
            assertTrue(r.headers().allValues("vary").toString().contains("Origin"));
            assertError(s3.send("GET", "/bucket"), 404, "NoSuchBucket");
        }
    }

    @Test
    void answersToAnAllowedOriginCanBeReadByItsPage() throws Exception {
        try (TestServer s3 = new TestServer()) {
            Map<String, String> put = withOrigin(s3.sign("PUT", "/bucket", null, Map.of(), SigV4.EMPTY_SHA256,
                    Instant.now()));
            assertEquals(200, s3.raw("PUT", "/bucket", null, put).statusCode());
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> r = s3.send("PUT", "/bucket/k", body, Map.of("origin", PAGE));
            assertEquals(200, r.statusCode());
            assertEquals(PAGE, header(r, "access-control-allow-origin"));
            assertTrue(header(r, "access-control-expose-headers").contains("ETag"));
            HttpResponse<byte[]> missing = s3.send("GET", "/bucket/none", null, Map.of("origin", PAGE));
            assertError(missing, 404, "NoSuchKey");
            assertEquals(PAGE, header(missing, "access-control-allow-origin"), "a page reads errors too");
            HttpResponse<byte[]> anonymous = s3.raw("GET", "/bucket/k", null, Map.of("Origin", PAGE));
            assertError(anonymous, 403, "AccessDenied");
        }
    }

    @Test
    void anotherOriginGetsNoCorsHeadersAndItsPreflightIsRefused() throws Exception {
        try (TestServer s3 = new TestServer("", Cors.parse(PAGE))) {
            HttpResponse<byte[]> pre = s3.raw("OPTIONS", "/bucket/k", null, Map.of("Origin", "https://evil.test",
                    "Access-Control-Request-Method", "GET"));
            assertError(pre, 403, "AccessForbidden");
            assertFalse(pre.headers().firstValue("access-control-allow-origin").isPresent());
            HttpResponse<byte[]> method = s3.raw("OPTIONS", "/bucket/k", null, Map.of("Origin", PAGE,
                    "Access-Control-Request-Method", "PATCH"));
            assertError(method, 403, "AccessForbidden");
            Map<String, String> h = withOrigin(s3.sign("PUT", "/bucket", null, Map.of(), SigV4.EMPTY_SHA256,
                    Instant.now()));
            h.put("origin", "https://evil.test");
            HttpResponse<byte[]> r = s3.raw("PUT", "/bucket", null, h);
            assertEquals(200, r.statusCode(), "CORS leaves the request itself alone; the browser withholds it");
            assertFalse(r.headers().firstValue("access-control-allow-origin").isPresent());
        }
    }

    private static Map<String, String> withOrigin(Map<String, String> signed) {
        Map<String, String> h = new HashMap<>(signed);
        h.remove("x-seed-signature");
        h.put("origin", PAGE);
        return h;
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
