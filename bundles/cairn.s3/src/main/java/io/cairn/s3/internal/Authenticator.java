/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates S3 requests with the root credentials: SigV4 in the {@code Authorization} header or in the query
 * (presigned URLs), and SigV2 in the header or query for older clients. Anonymous requests are refused. Signatures
 * are compared in constant time; request times more than {@code maxSkew} away from the server's clock are refused.
 */
final class Authenticator {

    /** The longest validity of a presigned URL (7 days). */
    static final long MAX_PRESIGN_SECONDS = 7L * 24 * 3600;

    /** Query sub-resources that are part of a SigV2 canonical resource. */
    private static final Set<String> V2_SUBRESOURCES = Set.of("acl", "cors", "delete", "encryption", "legal-hold",
            "lifecycle", "location", "logging", "notification", "object-lock", "partNumber", "policy",
            "replication", "requestPayment", "response-cache-control", "response-content-disposition",
            "response-content-encoding", "response-content-language", "response-content-type", "response-expires",
            "restore", "retention", "select", "select-type", "tagging", "torrent", "uploadId", "uploads",
            "versionId", "versioning", "versions", "website", "attributes");

    /** The query parameters of a SigV4 presigned URL; each may be given once. */
    private static final List<String> V4_QUERY = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Content-Sha256",
            "X-Amz-Security-Token");
    /** The query parameters of a SigV2 presigned URL; each may be given once. */
    private static final List<String> V2_QUERY = List.of("AWSAccessKeyId", "Signature", "Expires");

    /** Scopes whose signing keys are kept; clients sign with today's date, so a handful suffice. */
    private static final int MAX_CACHED_SIGNING_KEYS = 32;

    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final Duration maxSkew;
    /** Signing keys by scope (date/region/service): four HMACs saved per request; a day's scopes are few. */
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    /**
     * Creates the authenticator.
     *
     * @param accessKey the root user
     * @param secretKey the root password
     * @param region the region requests must be signed for, or empty to accept any region
     * @param maxSkew the largest accepted clock difference
     */
    Authenticator(String accessKey, String secretKey, String region, Duration maxSkew) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.maxSkew = maxSkew;
    }

    String secretKey() {
        return secretKey;
    }

    String accessKey() {
        return accessKey;
    }

    /**
     * Authenticates a request.
     *
     * @param request the request
     * @param resourcePath the decoded path-style resource {@code /bucket/key} (SigV2 signs it even for
     *     virtual-host requests)
     * @param now the server's time
     * @return the result
     * @throws S3Exception the S3 error explaining the refusal
     */
    AuthResult authenticate(RequestInfo request, String resourcePath, Instant now) {
        String authorization = request.header("authorization");
        boolean presignedV4 = request.hasParam("X-Amz-Algorithm") || request.hasParam("X-Amz-Credential");
        boolean presignedV2 = request.hasParam("AWSAccessKeyId") && request.hasParam("Signature");
        if (authorization != null && (presignedV4 || presignedV2)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the X-Amz-Algorithm"
                    + " query parameter, Signature query string parameter or the Authorization header should be"
                    + " specified").with("ArgumentName", "Authorization").with("ArgumentValue", authorization);
        }
        refuseSessionTokens(request);
        if (presignedV4) {
            refuseRepeated(request, V4_QUERY, S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        } else if (presignedV2) {
            refuseRepeated(request, V2_QUERY, S3Error.INVALID_ARGUMENT);
        }
        if (presignedV4) {
            return presignedV4(request, now);
        }
        if (authorization != null && authorization.startsWith(SigV4.ALGORITHM)) {
            return headerV4(request, authorization, now);
        }
        if (authorization != null && authorization.startsWith("AWS ")) {
            return headerV2(request, authorization, resourcePath, now);
        }
        if (presignedV2) {
            return presignedV2(request, resourcePath, now);
        }
        if (authorization != null) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Unsupported Authorization Type");
        }
        throw new S3Exception(S3Error.ACCESS_DENIED, "Access Denied.");
    }

    private AuthResult headerV4(RequestInfo request, String authorization, Instant now) {
        Map<String, String> fields = parseAuthorization(authorization.substring(SigV4.ALGORITHM.length()));
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED,
                    "The authorization header is malformed; the authorization header requires three components:"
                            + " Credential, SignedHeaders, and Signature.");
        }
        Scope scope = parseScope(credential, S3Error.AUTHORIZATION_HEADER_MALFORMED);
        String amzDate = request.header("x-amz-date");
        Instant time;
        if (amzDate != null) {
            time = Encoding.parseAmzDate(amzDate);
        } else {
            time = Encoding.parseHttpDate(request.header("date"));
            amzDate = time == null ? null : Encoding.amzDate(time);
        }
        if (time == null) {
            throw new S3Exception(S3Error.ACCESS_DENIED,
                    "AWS authentication requires a valid Date or x-amz-date header");
        }
        checkSkew(time, now);
        checkScopeDate(scope, amzDate, S3Error.AUTHORIZATION_HEADER_MALFORMED);
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash == null) {
            if (hasBody(request)) {
                // As S3: the body's hash cannot be taken on trust from a signature that was computed over it.
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "Missing required header for this request: x-amz-content-sha256");
            }
            payloadHash = SigV4.EMPTY_SHA256;
        }
        checkPayloadHash(payloadHash);
        return verifyV4(request, scope, signedHeaders, signature, amzDate, payloadHash, null);
    }

    private AuthResult presignedV4(RequestInfo request, Instant now) {
        if (!SigV4.ALGORITHM.equals(request.param("X-Amz-Algorithm"))) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        String credential = request.param("X-Amz-Credential");
        String amzDate = request.param("X-Amz-Date");
        String expires = request.param("X-Amz-Expires");
        String signedHeaders = request.param("X-Amz-SignedHeaders");
        String signature = request.param("X-Amz-Signature");
        if (credential == null || amzDate == null || expires == null || signedHeaders == null
                || signature == null) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
                            + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        Scope scope = parseScope(credential, S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        Instant time = Encoding.parseAmzDate(amzDate);
        if (time == null) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        checkScopeDate(scope, amzDate, S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        long seconds = parseExpires(expires);
        if (time.isAfter(now.plus(maxSkew))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request is not valid yet");
        }
        if (now.isAfter(time.plusSeconds(seconds))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request has expired");
        }
        String payloadHash = request.param("X-Amz-Content-Sha256");
        if (payloadHash == null) {
            payloadHash = SigV4.UNSIGNED_PAYLOAD;
        }
        checkPayloadHash(payloadHash);
        return verifyV4(request, scope, signedHeaders, signature, amzDate, payloadHash, "X-Amz-Signature");
    }

    private static long parseExpires(String expires) {
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires should be a number");
        }
        if (seconds < 0) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires must be non-negative");
        }
        if (seconds > MAX_PRESIGN_SECONDS) {
            throw new S3Exception(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return seconds;
    }

    private AuthResult verifyV4(RequestInfo request, Scope scope, String signedHeaders, String signature,
            String amzDate, String payloadHash, String excludeParam) {
        List<String> names = Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        if (!names.contains("host")) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "The host header must be signed.");
        }
        for (String name : names) {
            if (request.headerValues(name).isEmpty() && !"host".equals(name)) {
                throw new S3Exception(S3Error.ACCESS_DENIED,
                        "There were headers present in the request which were not signed: " + name);
            }
        }
        refuseUnsignedAmzHeaders(request, names);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        String canonical = SigV4.canonicalRequest(request.method(), canonicalUri(request.rawPath()),
                SigV4.canonicalQuery(request.query(), excludeParam),
                SigV4.canonicalHeaders(sorted, request::headerValues), String.join(";", sorted), payloadHash);
        String scopeText = scope.date + "/" + scope.region + "/" + scope.service + "/aws4_request";
        byte[] key = signingKey(scope);
        String expected = SigV4.sign(key, SigV4.stringToSign(amzDate, scopeText, canonical));
        if (!SigV4.matches(expected, signature)) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
        return new AuthResult(accessKey, payloadHash, key, expected, amzDate, scopeText);
    }

    private byte[] signingKey(Scope scope) {
        String id = scope.date + '/' + scope.region + '/' + scope.service;
        byte[] key = signingKeys.get(id);
        if (key == null) {
            if (signingKeys.size() >= MAX_CACHED_SIGNING_KEYS) {
                signingKeys.clear();
            }
            key = SigV4.signingKey(secretKey, scope.date, scope.region, scope.service);
            signingKeys.put(id, key);
        }
        return key.clone();
    }

    /**
     * Builds the S3 canonical URI: the decoded path encoded once more with SigV4's rules (S3 does not normalise
     * paths), so clients that encode differently still match.
     *
     * @param rawPath the path as sent
     * @return the canonical URI
     */
    static String canonicalUri(String rawPath) {
        return Encoding.uriEncode(Encoding.decode(rawPath, false), true);
    }

    private Scope parseScope(String credential, S3Error malformed) {
        String[] parts = credential.trim().split("/");
        if (parts.length < 5 || !"aws4_request".equals(parts[parts.length - 1])) {
            throw new S3Exception(malformed, "Error parsing the X-Amz-Credential parameter; the Credential is"
                    + " mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        int n = parts.length;
        String key = String.join("/", Arrays.copyOfRange(parts, 0, n - 4));
        Scope scope = new Scope(parts[n - 4], parts[n - 3], parts[n - 2]);
        if (!key.equals(accessKey)) {
            throw new S3Exception(S3Error.INVALID_ACCESS_KEY_ID);
        }
        if (!region.isEmpty() && !region.equals(scope.region)) {
            throw new S3Exception(malformed, "The authorization header is malformed; the region '" + scope.region
                    + "' is wrong; expecting '" + region + "'");
        }
        if (!"s3".equals(scope.service)) {
            throw new S3Exception(malformed, "The authorization header is malformed; incorrect service \""
                    + scope.service + "\". This endpoint belongs to \"s3\".");
        }
        if (scope.date.length() != 8) {
            throw new S3Exception(malformed, "The authorization header is malformed; invalid date format.");
        }
        return scope;
    }

    /**
     * Refuses a request with an {@code x-amz-*} header its signature does not cover, as S3 does: such a header
     * changes what the request does (a copy source, metadata, tags, a storage class), so whoever holds a presigned
     * URL or replays a signed request must not be able to add one.
     */
    private static void refuseUnsignedAmzHeaders(RequestInfo request, List<String> signed) {
        List<String> unsigned = new ArrayList<>();
        for (String name : request.headers().keySet()) {
            if (name.startsWith("x-amz-") && !signed.contains(name)) {
                unsigned.add(name);
            }
        }
        if (!unsigned.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "There were headers present in the request which were not"
                    + " signed").with("HeadersNotSigned", String.join(", ", unsigned));
        }
    }

    /**
     * Refuses a presigned URL that gives one of its authentication parameters more than once. Only the first value
     * is checked, so a URL with a second signature, date or expiry would be accepted with a value nobody
     * verified, and a proxy or cache that reads the last one would see another request than Cairn served.
     */
    private static void refuseRepeated(RequestInfo request, List<String> names, S3Error error) {
        for (String name : names) {
            long count = request.query().stream().filter(p -> p.name().equals(name)).count();
            if (count > 1) {
                throw new S3Exception(error, "The " + name + " query parameter must be given once.")
                        .with("ArgumentName", name);
            }
        }
    }

    /**
     * Refuses a session token: Cairn issues no temporary credentials, so a token cannot be valid, and ignoring it
     * would accept a request its sender meant to be checked against it.
     */
    private static void refuseSessionTokens(RequestInfo request) {
        if (request.header("x-amz-security-token") != null || request.hasParam("X-Amz-Security-Token")) {
            throw new S3Exception(S3Error.INVALID_TOKEN);
        }
    }

    /**
     * Checks that the credential scope names the day of the request time, as S3 does: a signing key derived for
     * one day must not sign requests of another.
     */
    private static void checkScopeDate(Scope scope, String amzDate, S3Error malformed) {
        if (!amzDate.startsWith(scope.date)) {
            throw new S3Exception(malformed, "Invalid credential date \"" + scope.date
                    + "\". This date is not the same as X-Amz-Date: \"" + amzDate.substring(0, 8) + "\".");
        }
    }

    private void checkSkew(Instant time, Instant now) {
        if (Duration.between(time, now).abs().compareTo(maxSkew) > 0) {
            throw new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED)
                    .with("RequestTime", Encoding.amzDate(time)).with("ServerTime", Encoding.amzDate(now));
        }
    }

    private static void checkPayloadHash(String hash) {
        if (SigV4.UNSIGNED_PAYLOAD.equals(hash) || SigV4.STREAMING_PAYLOAD.equals(hash)
                || SigV4.STREAMING_PAYLOAD_TRAILER.equals(hash) || SigV4.STREAMING_UNSIGNED_TRAILER.equals(hash)) {
            return;
        }
        if (hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER,"
                            + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
                            + " or a valid sha256 value.");
        }
    }

    private static boolean hasBody(RequestInfo request) {
        String length = request.header("content-length");
        return request.header("transfer-encoding") != null || length != null && !"0".equals(length.trim());
    }

    private static Map<String, String> parseAuthorization(String rest) {
        Map<String, String> fields = new TreeMap<>();
        for (String part : rest.split(",")) {
            String field = part.trim();
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
            }
        }
        return fields;
    }

    private AuthResult headerV2(RequestInfo request, String authorization, String resourcePath, Instant now) {
        String credential = authorization.substring(4).trim();
        int colon = credential.lastIndexOf(':');
        if (colon <= 0) {
            throw new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED);
        }
        if (!credential.substring(0, colon).equals(accessKey)) {
            throw new S3Exception(S3Error.INVALID_ACCESS_KEY_ID);
        }
        String amzDate = request.header("x-amz-date");
        String date = request.header("date");
        Instant time = Encoding.parseHttpDate(amzDate != null ? amzDate : date);
        if (time == null) {
            throw new S3Exception(S3Error.ACCESS_DENIED,
                    "AWS authentication requires a valid Date or x-amz-date header");
        }
        checkSkew(time, now);
        if (!v2Matches(request, amzDate != null ? "" : date, resourcePath, credential.substring(colon + 1))) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
        return new AuthResult(accessKey, SigV4.UNSIGNED_PAYLOAD, null, null, null, null);
    }

    private AuthResult presignedV2(RequestInfo request, String resourcePath, Instant now) {
        if (!accessKey.equals(request.param("AWSAccessKeyId"))) {
            throw new S3Exception(S3Error.INVALID_ACCESS_KEY_ID);
        }
        String expires = request.param("Expires");
        if (expires == null) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Query-string authentication requires the Signature,"
                    + " Expires and AWSAccessKeyId parameters");
        }
        long epoch;
        try {
            epoch = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            // S3's answer: the URL was not made by a client, which would have written a number.
            throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + expires);
        }
        if (now.getEpochSecond() > epoch) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request has expired");
        }
        if (!v2Matches(request, expires, resourcePath, request.param("Signature"))) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
        return new AuthResult(accessKey, SigV4.UNSIGNED_PAYLOAD, null, null, null, null);
    }

    /**
     * Whether a SigV2 signature matches. The resource of a bucket without a key is signed as {@code /bucket} by
     * some clients and as {@code /bucket/} by others (the AWS SDKs, boto3 among them, on path-style URLs); S3
     * accepts both, so both are tried.
     */
    private boolean v2Matches(RequestInfo request, String dateOrExpires, String resourcePath, String given) {
        if (v2Matches(stringToSignV2(request, dateOrExpires, resourcePath), given)) {
            return true;
        }
        boolean bucketOnly = resourcePath.length() > 1 && resourcePath.indexOf('/', 1) < 0;
        return bucketOnly && v2Matches(stringToSignV2(request, dateOrExpires, resourcePath + "/"), given);
    }

    private boolean v2Matches(String stringToSign, String given) {
        String expected = signV2(secretKey, stringToSign);
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Builds the SigV2 string to sign.
     *
     * @param request the request
     * @param dateOrExpires the Date header (empty when x-amz-date is used) or the presigned expiry
     * @param resourcePath the decoded path-style resource
     * @return the string to sign
     */
    static String stringToSignV2(RequestInfo request, String dateOrExpires, String resourcePath) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append('\n');
        out.append(nullToEmpty(request.header("content-md5"))).append('\n');
        out.append(nullToEmpty(request.header("content-type"))).append('\n');
        out.append(nullToEmpty(dateOrExpires)).append('\n');
        for (Map.Entry<String, List<String>> e : request.headers().entrySet()) {
            if (e.getKey().startsWith("x-amz-")) {
                List<String> trimmed = new ArrayList<>();
                for (String v : e.getValue()) {
                    trimmed.add(v.trim());
                }
                out.append(e.getKey()).append(':').append(String.join(",", trimmed)).append('\n');
            }
        }
        out.append(Encoding.uriEncode(resourcePath, true));
        TreeMap<String, String> sub = new TreeMap<>();
        for (Encoding.Param p : request.query()) {
            if (V2_SUBRESOURCES.contains(p.name())) {
                sub.putIfAbsent(p.name(), p.value());
            }
        }
        char sep = '?';
        for (Map.Entry<String, String> e : sub.entrySet()) {
            out.append(sep).append(e.getKey());
            if (!e.getValue().isEmpty()) {
                out.append('=').append(e.getValue());
            }
            sep = '&';
        }
        return out.toString();
    }

    static String signV2(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA1", e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The parts of a SigV4 credential scope. */
    private record Scope(String date, String region, String service) {
    }
}
