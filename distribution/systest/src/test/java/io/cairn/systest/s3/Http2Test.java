/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The S3 port also speaks cleartext HTTP/2 (h2c, by upgrade): Java's HTTP client upgrades the first request and
 * sends every later one over HTTP/2 on the same connection, so both paths must answer.
 */
@ExtendWith(SharedS3Server.class)
class Http2Test {

    @Test
    void requestsAfterAnH2cUpgradeAreAnswered(S3Server server) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(server.endpoint()
                    + "/minio/health/live")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode(), "request " + i);
            assertEquals(HttpClient.Version.HTTP_2, response.version(), "request " + i);
        }
    }
}
