/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.simd;

import io.cairn.api.erasure.ErasureCodec;
import io.cairn.erasure.rs.internal.ReedSolomonBase;
import org.osgi.service.component.annotations.Component;

/**
 * Code {@code rs-cauchy-gf8-v1} vectorised with {@code jdk.incubator.vector}; byte-identical to the portable
 * codec and ranked above it ({@code service.ranking=10}).
 *
 * <p>The component is disabled in its description; {@link SimdAvailability} enables it only when the JVM has the
 * Vector API. Outside OSGi, {@link java.util.ServiceLoader} may create it directly: then the constructor throws
 * {@link UnsupportedOperationException} when the Vector API is missing, and the loader skips it.
 */
@Component(service = ErasureCodec.class, enabled = false, property = {
    ErasureCodec.CODEC_ID + "=" + ReedSolomonBase.ID,
    ErasureCodec.IMPLEMENTATION + "=" + SimdReedSolomon.IMPLEMENTATION,
    "service.ranking:Integer=10"
})
public final class SimdReedSolomon extends ReedSolomonBase<Object> {

    /** The value of the {@code codec.implementation} property. */
    public static final String IMPLEMENTATION = "simd";

    /**
     * Creates the codec.
     *
     * @throws UnsupportedOperationException when the JVM lacks a usable {@code jdk.incubator.vector}
     */
    public SimdReedSolomon() {
        String missing = SimdAvailability.unavailableReason();
        if (missing != null) {
            throw new UnsupportedOperationException(missing);
        }
        selfTest();
    }

    @Override
    public String implementation() {
        return IMPLEMENTATION;
    }

    @Override
    protected Object compile(byte[] coefficients, int rows, int cols) {
        return VectorKernel.compile(coefficients, rows, cols);
    }

    @Override
    protected void multiply(Object tables, byte[][] shards, int[] inputs, int[] outputs, int offset, int length) {
        VectorKernel.multiply((VectorKernel.Tables) tables, shards, inputs, outputs, offset, length);
    }
}
