/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.systest.harness.BrowserPage;
import io.cairn.systest.harness.SeededContent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What a web page on another origin goes through to upload and download with presigned URLs: the browser's
 * preflight, then the request with its {@code Origin}, on a node started with MinIO's
 * {@code MINIO_API_CORS_ALLOW_ORIGIN}.
 */
class CorsTest {

    private static final String PAGE = "https://app.example.com";

    private static S3Server server;
    private static S3Client s3;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("cors", Map.of("MINIO_API_CORS_ALLOW_ORIGIN", PAGE + ",http://localhost:*"));
        s3 = server.aws();
        s3.createBucket(b -> b.bucket("web"));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void aPageOfAnAllowedOriginUploadsAndDownloadsWithPresignedUrls() throws Exception {
        byte[] data = new SeededContent(71, 70_001).bytes();
        try (S3Presigner presigner = server.presigner()) {
            URI put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(p -> p.bucket("web").key("uploads/photo.jpg"))).url().toURI();
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(put)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", PAGE)
                    .header("Access-Control-Request-Method", "PUT")
                    .header("Access-Control-Request-Headers", "content-type").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, preflight.statusCode(), preflight.body());
            assertEquals(PAGE, header(preflight, "access-control-allow-origin"));
            assertTrue(header(preflight, "access-control-allow-methods").contains("PUT"));
            assertEquals("content-type", header(preflight, "access-control-allow-headers"));

            HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(put).header("Origin", PAGE)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upload.statusCode(), upload.body());
            assertEquals(PAGE, header(upload, "access-control-allow-origin"));
            assertTrue(header(upload, "access-control-expose-headers").contains("ETag"), "the page reads the ETag");

            URI get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket("web").key("uploads/photo.jpg"))).url().toURI();
            HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(get)
                    .header("Origin", "http://localhost:5173").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertEquals("http://localhost:5173", header(download, "access-control-allow-origin"));
            assertArrayEquals(data, download.body());
        }
    }

    @Test
    void anotherOriginIsRefusedAtPreflightAndGetsNoCorsHeaders() throws Exception {
        URI object = URI.create(server.endpoint() + "/web/secret.txt");
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(object)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, preflight.statusCode());
        assertTrue(preflight.body().contains("<Code>AccessForbidden</Code>"), preflight.body());
        assertFalse(preflight.headers().firstValue("access-control-allow-origin").isPresent());
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(object).header("Origin", "https://evil.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, plain.statusCode(), "anonymous requests stay refused");
        assertFalse(plain.headers().firstValue("access-control-allow-origin").isPresent());
    }

    @Test
    void aRealBrowserPageOfAnAllowedOriginUsesPresignedUrlsAndAnotherOriginIsStopped() throws Exception {
        String allowed = BrowserPage.run("localhost", pageScript("browser/from-page.txt"), server.dir(),
                Duration.ofSeconds(90));
        String etag = s3.headObject(b -> b.bucket("web").key("browser/from-page.txt")).eTag().replace("\"", "");
        assertTrue(allowed.contains("\"put\":200") && allowed.contains("\"get\":200")
                && allowed.contains("\"body\":\"written by a page\"") && allowed.contains(etag), allowed);

        String refused = BrowserPage.run("127.0.0.1", pageScript("browser/refused.txt"), server.dir(),
                Duration.ofSeconds(90));
        assertTrue(refused.contains("\"error\":\"TypeError\"") && !refused.contains("\"put\""), refused);
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("web").key("browser/refused.txt")),
                "the browser never sent the upload");
    }

    /** A page script that uploads and downloads through presigned URLs and reports statuses, ETag and body. */
    private static String pageScript(String key) {
        try (S3Presigner presigner = server.presigner()) {
            String put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(p -> p.bucket("web").key(key))).url().toString();
            String get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket("web").key(key))).url().toString();
            return "(async () => { const out = {}; try {"
                    + " const put = await fetch('" + put + "', {method: 'PUT', body: 'written by a page',"
                    + " headers: {'Content-Type': 'text/plain'}});"
                    + " out.put = put.status; out.etag = put.headers.get('ETag');"
                    + " const get = await fetch('" + get + "'); out.get = get.status; out.body = await get.text();"
                    + " } catch (e) { out.error = e.name; }"
                    + " await report(JSON.stringify(out)); })();";
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }
}
