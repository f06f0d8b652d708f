/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.benchmarks;

import io.cairn.api.erasure.ErasureCodec;
import io.cairn.erasure.rs.PortableReedSolomon;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread encode and reconstruct of one 1 MiB block (k data shards of {@code 2^20 / k} bytes) by Cairn's
 * portable and SIMD codecs and by Hadoop's pure-Java {@code RSRawEncoder}/{@code RSRawDecoder}, which compute the
 * same code (GF(2^8) mod 0x11D, Cauchy matrix {@code 1/(i XOR j)}). One operation is one block, so
 * {@code GB/s = ops/s * 2^20 / 10^9}. Reconstruct loses {@code min(k, m)} data shards and rebuilds them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class ErasureCodecBenchmark {

    /** Bytes of data per operation. */
    public static final int BLOCK_BYTES = 1 << 20;

    @Param({"4+2", "8+4", "12+4"})
    public String config;

    @Param({"portable", "simd", "hadoop"})
    public String coder;

    private int k;
    private int m;
    private byte[][] shards;
    private boolean[] present;
    private ErasureCodec codec;
    private RSRawEncoder hadoopEncoder;
    private RSRawDecoder hadoopDecoder;
    private byte[][] hadoopData;
    private byte[][] hadoopParity;
    private byte[][] hadoopInputs;
    private int[] hadoopErased;
    private byte[][] hadoopOutputs;

    @Setup
    public void setUp() throws Exception {
        String[] km = config.split("\\+");
        k = Integer.parseInt(km[0]);
        m = Integer.parseInt(km[1]);
        int length = BLOCK_BYTES / k;
        shards = new byte[k + m][length];
        Random random = new Random(42);
        for (int i = 0; i < k; i++) {
            random.nextBytes(shards[i]);
        }
        present = new boolean[k + m];
        Arrays.fill(present, true);
        int lost = Math.min(k, m);
        for (int i = 0; i < lost; i++) {
            present[i] = false;
        }
        switch (coder) {
            case "portable":
                codec = new PortableReedSolomon();
                break;
            case "simd":
                codec = (ErasureCodec) Class.forName("io.cairn.erasure.rs.simd.SimdReedSolomon")
                        .getConstructor().newInstance();
                break;
            case "hadoop":
                setUpHadoop(length, lost);
                break;
            default:
                throw new IllegalArgumentException(coder);
        }
    }

    private void setUpHadoop(int length, int lost) throws Exception {
        ErasureCoderOptions options = new ErasureCoderOptions(k, m);
        hadoopEncoder = new RSRawEncoder(options);
        hadoopDecoder = new RSRawDecoder(options);
        hadoopData = Arrays.copyOf(shards, k);
        hadoopParity = Arrays.copyOfRange(shards, k, k + m);
        hadoopEncoder.encode(hadoopData, hadoopParity);
        // Decoder inputs: k + m slots, null for lost shards; it reads the first k non-null ones.
        hadoopInputs = shards.clone();
        hadoopErased = new int[lost];
        hadoopOutputs = new byte[lost][length];
        for (int i = 0; i < lost; i++) {
            hadoopInputs[i] = null;
            hadoopErased[i] = i;
        }
    }

    @Benchmark
    public byte[][] encode() throws Exception {
        if (codec != null) {
            codec.encode(k, m, shards, 0, shards[0].length);
        } else {
            hadoopEncoder.encode(hadoopData, hadoopParity);
        }
        return shards;
    }

    @Benchmark
    public byte[][] reconstruct() throws Exception {
        if (codec != null) {
            codec.reconstruct(k, m, shards, present, 0, shards[0].length, true);
            return shards;
        }
        hadoopDecoder.decode(hadoopInputs, hadoopErased, hadoopOutputs);
        return hadoopOutputs;
    }
}
