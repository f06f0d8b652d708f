/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs;

import io.cairn.api.erasure.ErasureCodec;
import io.cairn.erasure.rs.internal.PortableKernel;
import io.cairn.erasure.rs.internal.ReedSolomonBase;
import org.osgi.service.component.annotations.Component;

/**
 * Code {@code rs-cauchy-gf8-v1} in plain Java: runs on any JVM and CPU and is the fallback every node has.
 * Registered with {@code service.ranking=0}; faster implementations of the same id rank higher.
 *
 * <p>A public no-arg constructor lets {@link java.util.ServiceLoader} create it outside OSGi.
 */
@Component(service = ErasureCodec.class, property = {
    ErasureCodec.CODEC_ID + "=" + ReedSolomonBase.ID,
    ErasureCodec.IMPLEMENTATION + "=" + PortableReedSolomon.IMPLEMENTATION,
    "service.ranking:Integer=0"
})
public final class PortableReedSolomon extends ReedSolomonBase<long[][]> {

    /** The value of the {@code codec.implementation} property. */
    public static final String IMPLEMENTATION = "portable";

    /** Creates the codec; it holds only a bounded plan cache. */
    public PortableReedSolomon() {
        selfTest();
    }

    @Override
    public String implementation() {
        return IMPLEMENTATION;
    }

    @Override
    protected long[][] compile(byte[] coefficients, int rows, int cols) {
        return PortableKernel.compile(coefficients, rows, cols);
    }

    @Override
    protected void multiply(long[][] tables, byte[][] shards, int[] inputs, int[] outputs, int offset,
            int length) {
        PortableKernel.multiply(tables, shards, inputs, outputs, offset, length);
    }
}
