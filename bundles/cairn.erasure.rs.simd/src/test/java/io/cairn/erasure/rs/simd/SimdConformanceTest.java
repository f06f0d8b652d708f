/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.erasure.ErasureCodec;
import io.cairn.erasure.rs.conformance.ErasureCodecConformance;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Runs the conformance suite against the codec a node would pick: the SIMD codec when the JVM has the Vector
 * API, else the portable one. Surefire runs this class twice (see the pom): with
 * {@code --add-modules jdk.incubator.vector} and {@code cairn.expectVector=true}, and without both, which proves
 * that the SIMD codec declines and the portable codec serves and passes.
 */
class SimdConformanceTest extends ErasureCodecConformance {

    private static final boolean EXPECT_VECTOR = Boolean.getBoolean("cairn.expectVector");
    private static final ErasureCodec SELECTED = select();

    /** Picks the first provider that can be created, preferring the SIMD codec, as the OSGi ranking does. */
    private static ErasureCodec select() {
        ErasureCodec best = null;
        for (var it = ServiceLoader.load(ErasureCodec.class).iterator(); it.hasNext();) {
            try {
                ErasureCodec codec = it.next();
                if (best == null || SimdReedSolomon.IMPLEMENTATION.equals(codec.implementation())) {
                    best = codec;
                }
            } catch (ServiceConfigurationError declined) {
                // The SIMD codec refuses to be created without the Vector API.
            }
        }
        return best;
    }

    @Override
    protected ErasureCodec codec() {
        return SELECTED;
    }

    @Test
    void selectsTheExpectedImplementation() {
        assertNotNull(SELECTED);
        assertEquals(EXPECT_VECTOR ? "simd" : "portable", SELECTED.implementation());
        if (EXPECT_VECTOR) {
            assertNull(SimdAvailability.unavailableReason());
        } else {
            assertNotNull(SimdAvailability.unavailableReason());
            assertThrows(UnsupportedOperationException.class, SimdReedSolomon::new);
        }
    }
}
