/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static io.cairn.s3.internal.HandlerTest.assertError;
import static io.cairn.s3.internal.HandlerTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Browser POST uploads: SigV4-signed policies, condition enforcement (exact match, starts-with, content length
 * range, extra fields), expiry, and success_action_status.
 */
class PostObjectTest {

    private static final String BOUNDARY = "----cairnBoundary7MA4YWxkTrZu0gW";

    private TestServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new TestServer();
        s3.send("PUT", "/forms");
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    private static String policy(Instant expiration, String conditions) {
        String json = "{\"expiration\": \"" + expiration + "\", \"conditions\": [" + conditions + "]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> signedFields(String policy) {
        return signedFields(policy, Encoding.amzDate(Instant.now()).substring(0, 8));
    }

    /** The signature fields of a policy signed with the key of {@code date}, sent with today's x-amz-date. */
    private Map<String, String> signedFields(String policy, String date) {
        String amzDate = Encoding.amzDate(Instant.now());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        f.put("x-amz-credential", TestServer.ACCESS + "/" + date + "/us-east-1/s3/aws4_request");
        f.put("x-amz-date", amzDate);
        f.put("policy", policy);
        f.put("x-amz-signature", SigV4.sign(SigV4.signingKey(TestServer.SECRET, date, "us-east-1", "s3"), policy));
        return f;
    }

    private HttpResponse<byte[]> post(Map<String, String> fields, byte[] file) throws Exception {
        return s3.raw("POST", "/forms", form(fields, file), Map.of("content-type",
                "multipart/form-data; boundary=" + BOUNDARY));
    }

    private static byte[] form(Map<String, String> fields, byte[] file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + e.getKey()
                    + "\"\r\n\r\n" + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.txt\""
                + "\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @Test
    void formsThatArriveInPiecesUpload() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "pieces");
        fields.putAll(signedFields(policy(Instant.now().plusSeconds(600), "{\"bucket\": \"forms\"},"
                + " [\"starts-with\", \"$key\", \"\"], {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},"
                + " [\"starts-with\", \"$x-amz-credential\", \"\"], [\"starts-with\", \"$x-amz-date\", \"\"]")));
        byte[] body = form(fields, "sent in pieces".getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("127.0.0.1", s3.port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /forms HTTP/1.1\r\nHost: " + s3.host() + "\r\nContent-Type: multipart/form-data;"
                    + " boundary=" + BOUNDARY + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // Pieces that split boundaries and part headers, each read on its own by the server.
            for (int i = 0; i < body.length; i += 7) {
                out.write(body, i, Math.min(7, body.length - i));
                out.flush();
                Thread.sleep(1);
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
        }
        assertEquals("sent in pieces", text(s3.send("GET", "/forms/pieces")));
    }

    @Test
    void fieldsBeyondTheLimitAreRejected() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "big");
        for (int i = 0; i < 20; i++) {
            fields.put("x-amz-meta-f" + i, "v".repeat(60 << 10));
        }
        assertError(post(fields, new byte[1]), 400, "MaxPostPreDataLengthExceeded");
    }

    /**
     * The fields before the file are limited about as S3 limits them (20 KB there): room for the largest policy, but
     * far less than the 1 MiB once allowed, and a form over the limit is S3's {@code MaxPostPreDataLengthExceeded}.
     */
    @Test
    void fieldsAreLimitedLikeS3sAndABigPolicyStillFits() throws Exception {
        String padding = "x".repeat(PostPolicy.MAX_POLICY - 400);
        String conditions = "{\"bucket\": \"forms\"}, [\"starts-with\", \"$key\", \"\"],"
                + " {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}, [\"starts-with\", \"$x-amz-credential\", \"\"],"
                + " [\"starts-with\", \"$x-amz-date\", \"\"], [\"starts-with\", \"$x-amz-meta-pad\", \"" + padding
                + "\"]";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "big-policy");
        fields.put("x-amz-meta-pad", padding);
        fields.putAll(signedFields(policy(Instant.now().plusSeconds(600), conditions)));
        HttpResponse<byte[]> ok = post(fields, new byte[1]);
        assertEquals(204, ok.statusCode(), text(ok));
        for (int size : new int[] {MultipartForm.MAX_FIELDS_TOTAL + 1, 100 << 10}) {
            Map<String, String> big = new LinkedHashMap<>();
            big.put("key", "too-big");
            big.put("x-amz-meta-a", "v".repeat(size / 2));
            big.put("x-amz-meta-b", "v".repeat(size - size / 2));
            assertError(post(big, new byte[1]), 400, "MaxPostPreDataLengthExceeded");
        }
    }

    /**
     * A form is checked against the bucket it is posted to; a {@code bucket} field naming another bucket is refused
     * (403, as S3 refuses a form outside its policy) rather than ignored.
     */
    @Test
    void aBucketFieldNamingAnotherBucketIsRefused() throws Exception {
        String conditions = "{\"bucket\": \"forms\"}, [\"starts-with\", \"$key\", \"\"],"
                + " {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}, [\"starts-with\", \"$x-amz-credential\", \"\"],"
                + " [\"starts-with\", \"$x-amz-date\", \"\"]";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "elsewhere");
        fields.put("bucket", "other");
        fields.putAll(signedFields(policy(Instant.now().plusSeconds(600), conditions)));
        assertError(post(fields, new byte[1]), 403, "AccessDenied");
        assertError(s3.send("HEAD", "/forms/elsewhere"), 404, null);
        fields.put("bucket", "forms");
        assertEquals(204, post(fields, new byte[1]).statusCode());
    }

    @Test
    void policyUploadsAndConditions() throws Exception {
        String conditions = "{\"bucket\": \"forms\"}, [\"starts-with\", \"$key\", \"user/\"],"
                + " [\"content-length-range\", 1, 1000], {\"success_action_status\": \"201\"},"
                + " [\"starts-with\", \"$Content-Type\", \"text/\"], {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},"
                + " [\"starts-with\", \"$x-amz-credential\", \"\"], [\"starts-with\", \"$x-amz-date\", \"\"]";
        String policy = policy(Instant.now().plusSeconds(600), conditions);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "user/${filename}");
        fields.put("success_action_status", "201");
        fields.put("Content-Type", "text/plain");
        fields.putAll(signedFields(policy));
        byte[] data = "form upload\r\n--not the boundary\r\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> ok = post(fields, data);
        assertEquals(201, ok.statusCode(), text(ok));
        String location = "http://" + s3.host() + "/forms/user/up.txt";
        assertTrue(text(ok).contains("<Location>" + location + "</Location>"), text(ok));
        assertEquals(location, ok.headers().firstValue("location").orElse(null));
        HttpResponse<byte[]> get = s3.send("GET", "/forms/user/up.txt");
        assertEquals(new String(data, StandardCharsets.UTF_8), text(get));
        assertEquals("text/plain", get.headers().firstValue("content-type").orElseThrow());

        Map<String, String> wrongKey = new LinkedHashMap<>(fields);
        wrongKey.put("key", "other/x");
        assertError(post(wrongKey, data), 403, "AccessDenied");
        assertError(post(fields, new byte[2000]), 400, "EntityTooLarge");
        assertError(post(fields, new byte[0]), 400, "EntityTooSmall");
        Map<String, String> extra = new LinkedHashMap<>(fields);
        extra.put("x-amz-meta-sneaky", "1");
        assertError(post(extra, data), 403, "AccessDenied");
        Map<String, String> forged = new LinkedHashMap<>(fields);
        forged.put("policy", policy(Instant.now().plusSeconds(600), "{\"bucket\": \"forms\"}"));
        assertError(post(forged, data), 403, "SignatureDoesNotMatch");
        String expired = policy(Instant.now().minusSeconds(60), conditions);
        Map<String, String> old = new LinkedHashMap<>(fields);
        old.putAll(signedFields(expired));
        assertError(post(old, data), 403, "AccessDenied");
        Map<String, String> anonymous = new LinkedHashMap<>();
        anonymous.put("key", "user/anon");
        assertError(post(anonymous, data), 403, "AccessDenied");
    }

    @Test
    void policiesAreSignedForTheirDayAndWellFormed() throws Exception {
        String conditions = "{\"bucket\": \"forms\"}, [\"starts-with\", \"$key\", \"\"],"
                + " {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}, [\"starts-with\", \"$x-amz-credential\", \"\"],"
                + " [\"starts-with\", \"$x-amz-date\", \"\"]";
        String policy = policy(Instant.now().plusSeconds(600), conditions);
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "dated");
        fields.putAll(signedFields(policy, "20200101"));
        assertError(post(fields, data), 400, "AuthorizationQueryParametersError");
        assertError(s3.send("HEAD", "/forms/dated"), 404, null);
        Map<String, String> undated = new LinkedHashMap<>(fields);
        undated.putAll(signedFields(policy));
        undated.remove("x-amz-date");
        assertError(post(undated, data), 400, "AuthorizationQueryParametersError");

        String words = policy(Instant.now().plusSeconds(600), conditions + ", [\"content-length-range\", \"a\", 9]");
        fields.putAll(signedFields(words));
        assertError(post(fields, data), 400, "InvalidPolicyDocument");
        String noExpiry = Base64.getEncoder().encodeToString(("{\"conditions\": [" + conditions + "]}")
                .getBytes(StandardCharsets.UTF_8));
        fields.putAll(signedFields(noExpiry));
        HttpResponse<byte[]> r = post(fields, data);
        assertError(r, 400, "InvalidPolicyDocument");
        assertTrue(text(r).contains("Policy missing expiration"), text(r));
        String quoted = policy(Instant.now().plusSeconds(600),
                conditions + ", [\"content-length-range\", \"1\", \"9\"]");
        fields.putAll(signedFields(quoted));
        assertEquals(204, post(fields, data).statusCode());
    }

    private static final String OPEN_CONDITIONS = "{\"bucket\": \"forms\"}, [\"starts-with\", \"$key\", \"\"],"
            + " {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}, [\"starts-with\", \"$x-amz-credential\", \"\"],"
            + " [\"starts-with\", \"$x-amz-date\", \"\"]";

    @Test
    void aRedirectLocationFieldIsCheckedAndStored() throws Exception {
        String policy = policy(Instant.now().plusSeconds(600), OPEN_CONDITIONS
                + ", [\"starts-with\", \"$x-amz-website-redirect-location\", \"\"]");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "redirected");
        fields.put("x-amz-website-redirect-location", "relative.html");
        fields.putAll(signedFields(policy));
        assertError(post(fields, new byte[1]), 400, "InvalidRedirectLocation");
        assertError(s3.send("HEAD", "/forms/redirected"), 404, null);
        fields.put("x-amz-website-redirect-location", "/index.html");
        assertEquals(204, post(fields, new byte[1]).statusCode());
        assertEquals("/index.html", s3.send("HEAD", "/forms/redirected").headers()
                .firstValue("x-amz-website-redirect-location").orElseThrow());
    }

    private static final String TAGS = "<Tagging><TagSet><Tag><Key>team</Key><Value>web &amp; mobile</Value></Tag>"
            + "<Tag><Key>stage</Key><Value>prod</Value></Tag></TagSet></Tagging>";

    /** A form whose policy covers {@code key} and the given field with any value. */
    private Map<String, String> formWith(String key, String field, String value) {
        String policy = policy(Instant.now().plusSeconds(600), OPEN_CONDITIONS
                + ", [\"starts-with\", \"$" + field + "\", \"\"]");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put(field, value);
        fields.putAll(signedFields(policy));
        return fields;
    }

    @Test
    void aTaggingFieldTagsTheObjectAsTheHeaderDoes() throws Exception {
        HttpResponse<byte[]> ok = post(formWith("tagged", "tagging", TAGS), new byte[1]);
        assertEquals(204, ok.statusCode(), text(ok));
        HttpResponse<byte[]> tags = s3.send("GET", "/forms/tagged?tagging");
        assertEquals(List.of("stage", "team"), HandlerTest.tags(tags, "Key"));
        assertEquals(List.of("prod", "web &amp; mobile"), HandlerTest.tags(tags, "Value"));
        assertEquals("2", s3.send("HEAD", "/forms/tagged").headers().firstValue("x-amz-tagging-count").orElseThrow());

        assertError(post(formWith("bad-tags", "tagging", "team=web"), new byte[1]), 400, "MalformedXML");
        assertError(post(formWith("bad-tags", "tagging", TAGS.replace("stage", "aws:stage")), new byte[1]), 400,
                "InvalidTag");
        assertError(s3.send("HEAD", "/forms/bad-tags"), 404, null);
    }

    @Test
    void theTaggingFieldIsSubjectToThePolicy() throws Exception {
        Map<String, String> fields = formWith("uncovered", "x-amz-meta-a", "1");
        fields.put("tagging", TAGS);
        assertError(post(fields, new byte[1]), 403, "AccessDenied");
        String policy = policy(Instant.now().plusSeconds(600), OPEN_CONDITIONS + ", {\"tagging\": \"" + TAGS + "\"}");
        Map<String, String> exact = new LinkedHashMap<>();
        exact.put("key", "exact");
        exact.put("tagging", TAGS.replace("prod", "dev"));
        exact.putAll(signedFields(policy));
        assertError(post(exact, new byte[1]), 403, "AccessDenied");
        assertError(s3.send("HEAD", "/forms/uncovered"), 404, null);
        assertError(s3.send("HEAD", "/forms/exact"), 404, null);
        exact.put("tagging", TAGS);
        assertEquals(204, post(exact, new byte[1]).statusCode(), "the tag set the policy names");
        assertEquals("2", s3.send("HEAD", "/forms/exact").headers().firstValue("x-amz-tagging-count").orElseThrow());
    }

    @Test
    void aStorageClassFieldIsAppliedOrRefusedAsTheHeader() throws Exception {
        HttpResponse<byte[]> ok = post(formWith("reduced", "x-amz-storage-class", "REDUCED_REDUNDANCY"),
                new byte[1]);
        assertEquals(204, ok.statusCode(), text(ok));
        assertEquals("REDUCED_REDUNDANCY", s3.send("HEAD", "/forms/reduced").headers()
                .firstValue("x-amz-storage-class").orElseThrow());
        assertError(post(formWith("frozen", "x-amz-storage-class", "DEEP_FROZEN"), new byte[1]), 400,
                "InvalidStorageClass");
        assertError(s3.send("HEAD", "/forms/frozen"), 404, null);
    }

    @Test
    void anAclFieldIsAcceptedOrRefusedAsTheHeader() throws Exception {
        for (String acl : List.of("private", "bucket-owner-full-control")) {
            HttpResponse<byte[]> ok = post(formWith("acl-" + acl, "acl", acl), new byte[1]);
            assertEquals(204, ok.statusCode(), acl + ": " + text(ok));
        }
        for (String acl : List.of("public-read", "public-read-write", "authenticated-read")) {
            assertError(post(formWith("public", "acl", acl), new byte[1]), 501, "NotImplemented");
        }
        assertError(s3.send("HEAD", "/forms/public"), 404, null);
    }

    @Test
    void encryptionFieldsAreNotImplemented() throws Exception {
        for (String field : List.of("x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
                "x-amz-server-side-encryption-customer-algorithm")) {
            assertError(post(formWith("sealed", field, "AES256"), new byte[1]), 501, "NotImplemented");
        }
        assertError(s3.send("HEAD", "/forms/sealed"), 404, null);
    }

    @Test
    void malformedConditionsAreInvalidPolicyDocuments() throws Exception {
        String expiration = "\"expiration\": \"" + Instant.now().plusSeconds(600) + "\"";
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("{" + expiration + "}", "Policy missing conditions.");
        documents.put("{" + expiration + ", \"CONDITIONS\": [[\"starts-with\", \"$key\", \"\"]]}",
                "Policy missing conditions.");
        documents.put("{" + expiration + ", \"conditions\": {\"key\": \"k\"}}", "Policy conditions must be a list.");
        String oneProperty = "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one"
                + " property specified.";
        documents.put("{" + expiration + ", \"conditions\": [{}]}", oneProperty);
        documents.put("{" + expiration + ", \"conditions\": [{\"key\": \"k\", \"bucket\": \"forms\"}]}",
                oneProperty);
        for (Map.Entry<String, String> document : documents.entrySet()) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("key", "k");
            fields.putAll(signedFields(Base64.getEncoder().encodeToString(
                    document.getKey().getBytes(StandardCharsets.UTF_8))));
            HttpResponse<byte[]> r = post(fields, "x".getBytes(StandardCharsets.UTF_8));
            assertError(r, 400, "InvalidPolicyDocument");
            assertTrue(text(r).contains(document.getValue()), document.getKey() + ": " + text(r));
        }
        assertError(s3.send("HEAD", "/forms/k"), 404, null);
    }

    @Test
    void signedFormsWithoutAFieldTheyNeedAreInvalidArguments() throws Exception {
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        String policy = policy(Instant.now().plusSeconds(600), "[\"starts-with\", \"$key\", \"\"]");
        Map<String, String> v2 = new LinkedHashMap<>();
        v2.put("key", "v2");
        v2.put("AWSAccessKeyId", TestServer.ACCESS);
        v2.put("policy", policy);
        assertMissingField(post(v2, data), "Signature");
        v2.put("signature", Authenticator.signV2(TestServer.SECRET, policy));
        Map<String, String> noPolicy = new LinkedHashMap<>(v2);
        noPolicy.remove("policy");
        assertMissingField(post(noPolicy, data), "Policy");
        Map<String, String> noAccessKey = new LinkedHashMap<>(v2);
        noAccessKey.remove("AWSAccessKeyId");
        assertMissingField(post(noAccessKey, data), "AWSAccessKeyId");
        assertError(s3.send("HEAD", "/forms/v2"), 404, null);
        assertEquals(204, post(v2, data).statusCode(), "the complete form uploads");

        Map<String, String> v4 = new LinkedHashMap<>();
        v4.put("key", "v4");
        v4.putAll(signedFields(policy(Instant.now().plusSeconds(600), OPEN_CONDITIONS)));
        Map<String, String> unsigned = new LinkedHashMap<>(v4);
        unsigned.remove("x-amz-signature");
        assertMissingField(post(unsigned, data), "X-Amz-Signature");
        v4.remove("policy");
        assertMissingField(post(v4, data), "Policy");
        Map<String, String> anonymous = new LinkedHashMap<>();
        anonymous.put("key", "anon");
        anonymous.put("policy", policy);
        assertError(post(anonymous, data), 403, "AccessDenied");
    }

    private static void assertMissingField(HttpResponse<byte[]> r, String field) {
        assertError(r, 400, "InvalidArgument");
        // The error XML escapes the quotes.
        assertEquals("Bucket POST must contain a field named &apos;" + field + "&apos;. If it is specified, please"
                + " check the order of the fields.", HandlerTest.tag(r, "Message"));
    }
}
