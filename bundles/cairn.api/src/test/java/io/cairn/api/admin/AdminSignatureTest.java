/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AdminSignatureTest {

    private static final byte[] BODY = "cairn:info".getBytes(StandardCharsets.UTF_8);
    private final AdminSignature signer = new AdminSignature("admin", "secret-password");

    @Test
    void acceptsItsOwnSignature() {
        String auth = signer.authorization(1_000_000L, AdminSignature.SHELL_PATH, BODY);
        assertNull(signer.verify(auth, 1_000_000L, 1_000_000L + 60_000L, AdminSignature.SHELL_PATH, BODY));
    }

    @Test
    void refusesAnotherSecretBodyOrPath() {
        String auth = new AdminSignature("admin", "wrong-password").authorization(5L, AdminSignature.SHELL_PATH, BODY);
        assertEquals("signature does not match", signer.verify(auth, 5L, 5L, AdminSignature.SHELL_PATH, BODY));
        String good = signer.authorization(5L, AdminSignature.SHELL_PATH, BODY);
        byte[] other = "lb".getBytes(StandardCharsets.UTF_8);
        assertEquals("signature does not match", signer.verify(good, 5L, 5L, AdminSignature.SHELL_PATH, other));
        assertEquals("signature does not match", signer.verify(good, 5L, 5L, "/other", BODY));
        assertEquals("signature does not match", signer.verify(null, 5L, 5L, AdminSignature.SHELL_PATH, BODY));
    }

    @Test
    void refusesSkewBeyondFifteenMinutes() {
        long date = 10_000_000L;
        String auth = signer.authorization(date, AdminSignature.SHELL_PATH, BODY);
        long limit = AdminSignature.MAX_SKEW_MS;
        assertNull(signer.verify(auth, date, date + limit, AdminSignature.SHELL_PATH, BODY));
        assertEquals("request time too skewed",
                signer.verify(auth, date, date + limit + 1, AdminSignature.SHELL_PATH, BODY));
        assertEquals("request time too skewed",
                signer.verify(auth, date, date - limit - 1, AdminSignature.SHELL_PATH, BODY));
    }
}
