/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The API over cleartext HTTP/2 (the node's listener speaks h2c): the host comes from the :authority pseudo
 * header, bodies have no Transfer-Encoding, and signatures still match.
 */
class Http2Test {

    private static HttpResponse<byte[]> send(TestServer s3, HttpClient client, String method, String path,
            byte[] body) throws Exception {
        return send(s3, client, method, path, body, Map.of());
    }

    private static HttpResponse<byte[]> send(TestServer s3, HttpClient client, String method, String path,
            byte[] body, Map<String, String> headers) throws Exception {
        String hash = body == null ? SigV4.EMPTY_SHA256 : Encoding.hex(SigV4.sha256().digest(body));
        Map<String, String> h = s3.sign(method, path, null, headers, hash, Instant.now());
        h.remove("x-seed-signature");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s3.host() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        h.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void signedRequestsOverH2c() throws Exception {
        try (TestServer s3 = new TestServer()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            assertEquals(200, send(s3, client, "PUT", "/h2bucket", null).statusCode());
            byte[] data = "over h2".getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> put = send(s3, client, "PUT", "/h2bucket/key", data);
            assertEquals(200, put.statusCode(), HandlerTest.text(put));
            assertEquals(HttpClient.Version.HTTP_2, put.version());
            HttpResponse<byte[]> get = send(s3, client, "GET", "/h2bucket/key", null);
            assertEquals(HttpClient.Version.HTTP_2, get.version());
            assertEquals("over h2", HandlerTest.text(get));
            HttpResponse<byte[]> missing = send(s3, client, "GET", "/h2bucket/nokey", null);
            HandlerTest.assertError(missing, 404, "NoSuchKey");
        }
    }

    @Test
    void notModifiedOverH2cHasNoContentLength() throws Exception {
        try (TestServer s3 = new TestServer()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            send(s3, client, "PUT", "/h2bucket", null);
            String etag = send(s3, client, "PUT", "/h2bucket/key", "eleven byte".getBytes(StandardCharsets.UTF_8))
                    .headers().firstValue("etag").orElseThrow();
            HttpResponse<byte[]> notModified = send(s3, client, "GET", "/h2bucket/key", null,
                    Map.of("if-none-match", etag));
            assertEquals(304, notModified.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, notModified.version());
            assertEquals(Optional.empty(), notModified.headers().firstValue("content-length"));
            assertEquals(etag, notModified.headers().firstValue("etag").orElse(null));
        }
    }
}
