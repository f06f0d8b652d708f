/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTokenTest {

    private static final String USER = "metrics-root";
    private static final String PASSWORD = "metrics-root-secret";
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    private static final long LATER = NOW.getEpochSecond() + 3_600;

    private final PrometheusToken tokens = new PrometheusToken(USER, PASSWORD, 8_192);

    /** Signs a token by hand, the way any JWT library does, independently of {@link PrometheusToken#create}. */
    private static String handMade(String headerJson, String claimsJson, String key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String claims(String sub, String iss, long exp) {
        return "{\"exp\":" + exp + ",\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\"}";
    }

    private static final String HS512 = "{\"alg\":\"HS512\",\"typ\":\"JWT\"}";

    @Test
    void acceptsItsOwnTokenUntilItExpires() {
        String token = tokens.create(NOW.plus(Duration.ofDays(1)));
        assertNull(tokens.verify("Bearer " + token, NOW));
        assertNull(tokens.verify("bearer  " + token + " ", NOW));
        assertNull(tokens.verify("Bearer " + token, NOW.plus(Duration.ofDays(1)).minusSeconds(1)));
        assertEquals("token expired", tokens.verify("Bearer " + token, NOW.plus(Duration.ofDays(1))));
    }

    @Test
    void acceptsAStandardTokenSignedElsewhere() throws Exception {
        String token = handMade(HS512, claims(USER, "prometheus", LATER), PASSWORD);
        assertNull(tokens.verify("Bearer " + token, NOW));
        // Claims in another order, and extra claims, do not matter.
        String other = handMade("{\"typ\":\"JWT\",\"alg\":\"HS512\"}", "{\"sub\":\"" + USER + "\",\"iat\":1,"
                + "\"exp\":" + LATER + ",\"iss\":\"prometheus\",\"jti\":\"x\"}", PASSWORD);
        assertNull(tokens.verify("Bearer " + other, NOW));
    }

    @Test
    void refusesAWrongKey() throws Exception {
        assertEquals("bad token signature", tokens.verify("Bearer "
                + handMade(HS512, claims(USER, "prometheus", LATER), PASSWORD + "x"), NOW));
        PrometheusToken other = new PrometheusToken(USER, "another-password", 8_192);
        assertEquals("bad token signature", tokens.verify("Bearer " + other.create(NOW.plusSeconds(60)), NOW));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        assertEquals("token expired", tokens.verify("Bearer "
                + handMade(HS512, claims(USER, "prometheus", NOW.getEpochSecond() - 1), PASSWORD), NOW));
        assertEquals("token has no expiry", tokens.verify("Bearer "
                + handMade(HS512, "{\"iss\":\"prometheus\",\"sub\":\"" + USER + "\"}", PASSWORD), NOW));
        assertEquals("token has no expiry", tokens.verify("Bearer "
                + handMade(HS512, "{\"exp\":\"" + LATER + "\",\"iss\":\"prometheus\",\"sub\":\"" + USER + "\"}",
                        PASSWORD), NOW));
        assertEquals("token not valid yet", tokens.verify("Bearer " + handMade(HS512, "{\"exp\":" + LATER
                + ",\"nbf\":" + (LATER - 1) + ",\"iss\":\"prometheus\",\"sub\":\"" + USER + "\"}", PASSWORD), NOW));
    }

    @Test
    void refusesAnotherSubjectOrIssuer() throws Exception {
        assertEquals("token subject is not the root user", tokens.verify("Bearer "
                + handMade(HS512, claims("someone", "prometheus", LATER), PASSWORD), NOW));
        assertEquals("token subject is not the root user", tokens.verify("Bearer "
                + handMade(HS512, "{\"exp\":" + LATER + ",\"iss\":\"prometheus\"}", PASSWORD), NOW));
        assertEquals("token issuer is not prometheus", tokens.verify("Bearer "
                + handMade(HS512, claims(USER, "grafana", LATER), PASSWORD), NOW));
    }

    @Test
    void refusesOtherAlgorithms() throws Exception {
        String claims = claims(USER, "prometheus", LATER);
        assertEquals("token not signed with HS512", tokens.verify("Bearer "
                + handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, PASSWORD), NOW));
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + Base64.getUrlEncoder()
                .withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals("malformed token", tokens.verify("Bearer " + unsigned, NOW));
        assertEquals("token not signed with HS512", tokens.verify("Bearer " + unsigned + "AAAA", NOW));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Bearer abc|malformed token",
        "Bearer a.b|malformed token",
        "Bearer a.b.c.d|malformed token",
        "Bearer ..|malformed token",
        "Bearer a..c|malformed token",
        "Bearer !!!.e30.AAAA|malformed token",
        "Bearer W10.e30.AAAA|malformed token",
        "Bearer bnVsbA.e30.AAAA|malformed token",
        "Bearer e30.e30.AAAA|token not signed with HS512",
        "Bearer eyJhbGciOjUxMn0.e30.AAAA|token not signed with HS512",
        "Bearer eyJhbGciOiJIUzUxMiJ9.bm90IGpzb24.AAAA|bad token signature",
        "Bearer eyJhbGciOiJIUzUxMiJ9.e30.A|malformed token",
    })
    void refusesMalformedTokens(String header, String refusal) {
        assertEquals(refusal, tokens.verify(header, NOW), header);
    }

    @Test
    void refusesMissingOtherSchemesAndOversizedHeaders() {
        assertEquals("no Authorization header", tokens.verify(null, NOW));
        assertEquals("not a bearer token", tokens.verify("Basic bWV0cmljczpzZWNyZXQ=", NOW));
        String token = tokens.create(NOW.plusSeconds(60));
        assertEquals("Authorization header too long",
                new PrometheusToken(USER, PASSWORD, 64).verify("Bearer " + token, NOW));
    }

    @Test
    void needsCredentials() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusToken("", PASSWORD, 100));
        assertThrows(IllegalArgumentException.class, () -> new PrometheusToken(USER, "", 100));
    }

    @Test
    void createsAStandardHeaderAndClaims() {
        String[] parts = tokens.create(Instant.ofEpochSecond(LATER)).split("\\.");
        Base64.Decoder d = Base64.getUrlDecoder();
        assertEquals(HS512, new String(d.decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals(claims(USER, "prometheus", LATER), new String(d.decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals(64, d.decode(parts[2]).length);
    }
}
