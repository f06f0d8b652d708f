/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.tag;
import static io.cairn.s3.internal.HandlerTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code <Location>} of CompleteMultipartUpload addresses the bucket as the request did: in the path for a
 * path-style request, in the host for a virtual-host-style one.
 */
class CompleteLocationTest {

    private static final String DOMAIN = "s3.test";

    private TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer(DOMAIN);
        assertEquals(200, s3.send("PUT", "/vbucket").statusCode());
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    /** Starts an upload of one part (path style) and returns its id and the body completing it. */
    private String[] upload(String rawKey) throws Exception {
        String uploadId = tag(s3.send("POST", "/vbucket/" + rawKey + "?uploads"), "UploadId");
        HttpResponse<byte[]> part = s3.send("PUT", "/vbucket/" + rawKey + "?partNumber=1&uploadId=" + uploadId,
                "part".getBytes(StandardCharsets.UTF_8), Map.of());
        String complete = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"
                + part.headers().firstValue("ETag").orElseThrow() + "</ETag></Part></CompleteMultipartUpload>";
        return new String[] {uploadId, complete};
    }

    @Test
    void aPathStyleCompletionAnswersAPathStyleUrl() throws Exception {
        String[] upload = upload("dir/a%20b");
        HttpResponse<byte[]> done = s3.send("POST", "/vbucket/dir/a%20b?uploadId=" + upload[0],
                upload[1].getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, done.statusCode(), text(done));
        assertEquals("http://" + s3.host() + "/vbucket/dir/a%20b", tag(done, "Location"));
    }

    @Test
    void aCompletionBehindATlsProxyAnswersAnHttpsUrl() throws Exception {
        for (Map<String, String> proxy : List.of(Map.of("x-forwarded-proto", "https"),
                Map.of("forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43"))) {
            String[] upload = upload("k");
            HttpResponse<byte[]> done = s3.send("POST", "/vbucket/k?uploadId=" + upload[0],
                    upload[1].getBytes(StandardCharsets.UTF_8), proxy);
            assertEquals(200, done.statusCode(), text(done));
            assertEquals("https://" + s3.host() + "/vbucket/k", tag(done, "Location"), proxy.toString());
        }
        String[] upload = upload("k");
        HttpResponse<byte[]> done = s3.send("POST", "/vbucket/k?uploadId=" + upload[0],
                upload[1].getBytes(StandardCharsets.UTF_8), Map.of("x-forwarded-proto", "gopher"));
        assertEquals("http://" + s3.host() + "/vbucket/k", tag(done, "Location"), "an unknown scheme is ignored");
    }

    @Test
    void aVirtualHostStyleCompletionAnswersAVirtualHostStyleUrl() throws Exception {
        String[] upload = upload("dir/a%20b");
        String host = "vbucket." + DOMAIN + ":" + s3.port;
        String answer = s3.socket(signedRequest(host, "/dir/a%20b", "uploadId=" + upload[0],
                upload[1].getBytes(StandardCharsets.UTF_8)));
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        Matcher location = Pattern.compile("<Location>(.*?)</Location>").matcher(answer);
        assertTrue(location.find(), answer);
        assertEquals("http://" + host + "/dir/a%20b", location.group(1));
    }

    /** A POST signed for a virtual-host-style host, which java.net.http cannot send (it sets Host itself). */
    private static byte[] signedRequest(String host, String rawPath, String rawQuery, byte[] body) {
        String amzDate = Encoding.amzDate(Instant.now());
        String day = amzDate.substring(0, 8);
        String scope = day + "/us-east-1/s3/aws4_request";
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonical = SigV4.canonicalRequest("POST", Authenticator.canonicalUri(rawPath),
                SigV4.canonicalQuery(Encoding.parseQuery(rawQuery), null), "host:" + host
                        + "\nx-amz-content-sha256:" + SigV4.UNSIGNED_PAYLOAD + "\nx-amz-date:" + amzDate + "\n",
                signedHeaders, SigV4.UNSIGNED_PAYLOAD);
        String signature = SigV4.sign(SigV4.signingKey(TestServer.SECRET, day, "us-east-1", "s3"),
                SigV4.stringToSign(amzDate, scope, canonical));
        String head = "POST " + rawPath + "?" + rawQuery + " HTTP/1.1\r\nHost: " + host + "\r\nx-amz-date: "
                + amzDate + "\r\nx-amz-content-sha256: " + SigV4.UNSIGNED_PAYLOAD + "\r\nAuthorization: "
                + SigV4.ALGORITHM + " Credential=" + TestServer.ACCESS + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
