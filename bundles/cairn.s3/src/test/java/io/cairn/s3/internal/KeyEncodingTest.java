/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Keys that need care in a URI (double slashes, encoded slashes and percent signs, semicolons, plus signs,
 * non-ASCII) travel as S3 clients send them, when the listener's URI compliance lets them through (the node
 * configures Jetty with {@code UriCompliance.UNSAFE}; the engine validates names).
 */
class KeyEncodingTest {

    @Test
    void oddKeysRoundTrip() throws Exception {
        try (TestServer s3 = new TestServer()) {
            s3.send("PUT", "/bucket");
            Map<String, String> paths = Map.of("/bucket/a//b", "a//b", "/bucket/x%2Fy", "x/y",
                    "/bucket/pct%25x", "pct%x", "/bucket/semi;colon", "semi;colon", "/bucket/plus+sign", "plus+sign",
                    "/bucket/%C3%BCml%20aut", "\u00fcml aut");
            for (Map.Entry<String, String> e : paths.entrySet()) {
                byte[] body = e.getValue().getBytes(StandardCharsets.UTF_8);
                HttpResponse<byte[]> put = s3.send("PUT", e.getKey(), body, Map.of());
                assertEquals(200, put.statusCode(), e.getKey() + ": " + HandlerTest.text(put));
                String canonical = "/bucket/" + Encoding.uriEncode(e.getValue(), true);
                assertEquals(e.getValue(), HandlerTest.text(s3.send("GET", canonical)), canonical);
            }
            List<String> keys = HandlerTest.tags(s3.send("GET", "/bucket?list-type=2"), "Key");
            assertEquals(List.of("a//b", "pct%x", "plus+sign", "semi;colon", "x/y", "\u00fcml aut"), keys);
        }
    }

    /**
     * Escapes that are not UTF-8 (a cut sequence, an overlong slash, an encoded surrogate) name no key: S3 answers
     * 400 InvalidURI. Decoding them to U+FFFD used to name another key, and the signature, which the client computed
     * over its own bytes, never matched: clients saw SignatureDoesNotMatch and blamed their credentials. The path is
     * decoded before the request is authenticated, so the answer does not depend on the signature.
     */
    @Test
    void escapesThatAreNotUtf8AreInvalidUri() throws Exception {
        try (TestServer s3 = new TestServer()) {
            s3.send("PUT", "/bucket");
            for (String path : List.of("/bucket/cut%C3", "/bucket/overlong%C0%AF", "/bucket/surrogate%ED%A0%80",
                    "/bucket?list-type=2&prefix=%E2%82")) {
                for (String method : List.of("GET", "PUT")) {
                    HttpResponse<byte[]> r = s3.raw(method, path, new byte[1], Map.of());
                    HandlerTest.assertError(r, 400, "InvalidURI");
                }
            }
            HttpResponse<byte[]> ok = s3.send("PUT", "/bucket/ok%E2%82%AC", new byte[1], Map.of());
            assertEquals(200, ok.statusCode(), HandlerTest.text(ok));
        }
    }
}
