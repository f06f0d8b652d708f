/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs;

import io.cairn.api.erasure.ErasureCodec;
import io.cairn.erasure.rs.conformance.ErasureCodecConformance;

/** Runs the conformance suite against the portable codec. */
class PortableConformanceTest extends ErasureCodecConformance {

    private static final ErasureCodec CODEC = new PortableReedSolomon();

    @Override
    protected ErasureCodec codec() {
        return CODEC;
    }
}
