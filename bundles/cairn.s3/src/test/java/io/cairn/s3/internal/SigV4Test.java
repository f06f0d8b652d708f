/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * SigV4 against AWS's published vectors: the aws-sig-v4-test-suite ({@code get-vanilla},
 * {@code post-x-www-form-urlencoded}) and the examples of the S3 API reference (GET object with a range, PUT
 * object, GET lifecycle, list objects, presigned GET).
 */
class SigV4Test {

    static final String S3_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant S3_TIME = Instant.parse("2013-05-24T00:00:00Z");

    private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static Map<String, List<String>> headers(String... pairs) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            h.put(pairs[i], List.of(pairs[i + 1]));
        }
        return h;
    }

    private static String suiteSignature(String method, String query, Map<String, List<String>> headers,
            String body) {
        RequestInfo r = new RequestInfo(method, "/", query, headers, "example.amazonaws.com");
        List<String> names = new java.util.ArrayList<>(r.headers().keySet());
        names.sort(null);
        String canonical = SigV4.canonicalRequest(method, "/", SigV4.canonicalQuery(r.query(), null),
                SigV4.canonicalHeaders(names, r::headerValues), String.join(";", names), SigV4.sha256Hex(body));
        byte[] key = SigV4.signingKey(SUITE_SECRET, "20150830", "us-east-1", "service");
        return SigV4.sign(key, SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request",
                canonical));
    }

    @Test
    void getVanilla() {
        assertEquals("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                suiteSignature("GET", null, headers("Host", "example.amazonaws.com", "X-Amz-Date",
                        "20150830T123600Z"), ""));
    }

    @Test
    void postFormUrlencoded() {
        assertEquals("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
                suiteSignature("POST", null, headers("Content-Type", "application/x-www-form-urlencoded",
                        "Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), "Param1=value1"));
    }

    static Authenticator s3Authenticator() {
        return new Authenticator(S3_KEY, S3_SECRET, "us-east-1", Duration.ofMinutes(15));
    }

    private static String authorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + S3_KEY + "/20130524/us-east-1/s3/aws4_request,SignedHeaders="
                + signedHeaders + ",Signature=" + signature;
    }

    @Test
    void getObjectWithRange() {
        String sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
        RequestInfo r = new RequestInfo("GET", "/test.txt", null, headers("Range", "bytes=0-9",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256, "x-amz-date", "20130524T000000Z", "Authorization",
                authorization("host;range;x-amz-content-sha256;x-amz-date", sig)), "examplebucket.s3.amazonaws.com");
        AuthResult result = s3Authenticator().authenticate(r, "/examplebucket/test.txt", S3_TIME);
        assertEquals(sig, result.seedSignature());
        assertEquals(SigV4.EMPTY_SHA256, result.payloadHash());
    }

    @Test
    void putObject() {
        String sig = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";
        String hash = SigV4.sha256Hex("Welcome to Amazon S3.");
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", hash);
        RequestInfo r = new RequestInfo("PUT", "/test$file.text", null, headers("Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", "20130524T000000Z", "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", hash, "Authorization",
                authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", sig)),
                "examplebucket.s3.amazonaws.com");
        assertEquals(hash, s3Authenticator().authenticate(r, "/examplebucket/test$file.text", S3_TIME)
                .payloadHash());
    }

    @Test
    void getBucketLifecycle() {
        String sig = "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543";
        RequestInfo r = new RequestInfo("GET", "/", "lifecycle", headers("x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256, "Authorization",
                authorization("host;x-amz-content-sha256;x-amz-date", sig)), "examplebucket.s3.amazonaws.com");
        s3Authenticator().authenticate(r, "/examplebucket/", S3_TIME);
    }

    @Test
    void listObjects() {
        String sig = "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7";
        RequestInfo r = new RequestInfo("GET", "/", "max-keys=2&prefix=J", headers("x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256, "Authorization",
                authorization("host;x-amz-content-sha256;x-amz-date", sig)), "examplebucket.s3.amazonaws.com");
        s3Authenticator().authenticate(r, "/examplebucket/", S3_TIME);
    }

    @Test
    void presignedGet() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
                + "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
                + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        RequestInfo r = new RequestInfo("GET", "/test.txt", query, Map.of(), "examplebucket.s3.amazonaws.com");
        AuthResult result = s3Authenticator().authenticate(r, "/examplebucket/test.txt", S3_TIME.plusSeconds(60));
        assertEquals(SigV4.UNSIGNED_PAYLOAD, result.payloadHash());
        S3Exception expired = assertThrows(S3Exception.class, () -> s3Authenticator().authenticate(r,
                "/examplebucket/test.txt", S3_TIME.plusSeconds(86401)));
        assertEquals(S3Error.ACCESS_DENIED, expired.error());
    }

    @Test
    void presignedExpiryOverAWeekIsRefused() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
                + "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=604801"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=00";
        RequestInfo r = new RequestInfo("GET", "/test.txt", query, Map.of(), "examplebucket.s3.amazonaws.com");
        assertEquals(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, assertThrows(S3Exception.class,
                () -> s3Authenticator().authenticate(r, "/examplebucket/test.txt", S3_TIME)).error());
    }

    @Test
    void wrongSignatureSkewAndKeyAreRefused() {
        String sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
        Map<String, List<String>> h = headers("Range", "bytes=0-8", "x-amz-content-sha256", SigV4.EMPTY_SHA256,
                "x-amz-date", "20130524T000000Z", "Authorization",
                authorization("host;range;x-amz-content-sha256;x-amz-date", sig));
        RequestInfo tampered = new RequestInfo("GET", "/test.txt", null, h, "examplebucket.s3.amazonaws.com");
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class,
                () -> s3Authenticator().authenticate(tampered, "/", S3_TIME)).error());
        assertEquals(S3Error.REQUEST_TIME_TOO_SKEWED, assertThrows(S3Exception.class,
                () -> s3Authenticator().authenticate(tampered, "/", S3_TIME.plusSeconds(16 * 60))).error());
        Authenticator other = new Authenticator("someone", S3_SECRET, "", Duration.ofMinutes(15));
        assertEquals(S3Error.INVALID_ACCESS_KEY_ID, assertThrows(S3Exception.class,
                () -> other.authenticate(tampered, "/", S3_TIME)).error());
        RequestInfo anonymous = new RequestInfo("GET", "/test.txt", null, Map.of(), "h");
        assertEquals(S3Error.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> other.authenticate(anonymous, "/", S3_TIME)).error());
    }

    @Test
    void sigV2HeaderExampleFromTheS3Guide() {
        // The "Object GET" example of the S3 SigV2 documentation.
        RequestInfo r = new RequestInfo("GET", "/photos/puppy.jpg", null, headers("Date",
                "Tue, 27 Mar 2007 19:36:42 +0000", "Authorization", "AWS AKIAIOSFODNN7EXAMPLE:"
                        + "qgk2+6Sv9/oM7G3qLEjTH1a1l1g="), "awsexamplebucket1.s3.us-west-1.amazonaws.com");
        String sts = Authenticator.stringToSignV2(r, "Tue, 27 Mar 2007 19:36:42 +0000",
                "/awsexamplebucket1/photos/puppy.jpg");
        assertEquals("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg", sts);
        assertEquals("qgk2+6Sv9/oM7G3qLEjTH1a1l1g=", Authenticator.signV2(S3_SECRET, sts));
    }
}
