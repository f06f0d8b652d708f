/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signer against the worked examples of the S3 API reference ("Signature Calculations ... Examples"). */
class SignerTest {

    private static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final ZonedDateTime WHEN = ZonedDateTime.of(2013, 5, 24, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void getObjectExample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "examplebucket.s3.amazonaws.com");
        headers.put("range", "bytes=0-9");
        new Signer(ACCESS, SECRET, "us-east-1").sign("GET", "/test.txt", Map.of(), headers, EMPTY, WHEN);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                headers.get("authorization"));
    }

    @Test
    void listObjectsExample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "examplebucket.s3.amazonaws.com");
        new Signer(ACCESS, SECRET, "us-east-1").sign("GET", "/", Map.of("max-keys", "2", "prefix", "J"), headers,
                EMPTY, WHEN);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
                headers.get("authorization"));
    }

    @Test
    void uriEncodingFollowsSigV4() {
        assertEquals("a/b%20c/%C3%BC~_-.", Signer.uriEncode("a/b c/ü~_-.", false));
        assertEquals("a%2Fb%2Bc%3D", Signer.uriEncode("a/b+c=", true));
        assertEquals("list-type=2&prefix=a%2Fb&uploads=", Signer.canonicalQuery(Map.of("uploads", "", "prefix", "a/b",
                "list-type", "2")));
    }
}
