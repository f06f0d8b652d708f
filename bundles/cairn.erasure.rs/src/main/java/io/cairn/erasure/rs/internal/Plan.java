/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.internal;

/**
 * One matrix multiplication prepared for a kernel: {@code shards[outputs[r]] = sum over c of
 * coefficients[r * inputs.length + c] * shards[inputs[c]]}. Immutable and shared between threads.
 *
 * @param <T> the kernel's precomputed tables
 */
public final class Plan<T> {

    final int[] inputs;
    final int[] outputs;
    final byte[] coefficients;
    final T tables;

    Plan(int[] inputs, int[] outputs, byte[] coefficients, T tables) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.coefficients = coefficients;
        this.tables = tables;
    }
}
