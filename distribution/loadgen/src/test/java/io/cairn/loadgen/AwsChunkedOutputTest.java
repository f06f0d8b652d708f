/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

/**
 * The {@code aws-chunked} encoder: chunk signatures against the S3 API reference's worked example of a streaming
 * PUT, the trailer, and the encoded length against what is actually written.
 */
class AwsChunkedOutputTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void chunkSignaturesMatchTheReferenceExample() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "s3.amazonaws.com");
        headers.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        headers.put("content-encoding", "aws-chunked");
        headers.put("x-amz-decoded-content-length", "66560");
        headers.put("content-length", "66824");
        Signer signer = new Signer("AKIAIOSFODNN7EXAMPLE", SECRET, "us-east-1");
        Signer.Signature seed = signer.sign("PUT", "/examplebucket/chunkObject.txt", Map.of(), headers,
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", ZonedDateTime.of(2013, 5, 24, 0, 0, 0, 0, ZoneOffset.UTC));
        assertEquals("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", seed.signature());

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        AwsChunkedOutput chunked = new AwsChunkedOutput(wire, 64 * 1024, signer, seed);
        byte[] body = new byte[66560];
        Arrays.fill(body, (byte) 'a');
        chunked.write(body, 0, 1000);
        chunked.write(body, 1000, body.length - 1000);
        chunked.finish();
        String text = wire.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith(
                "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"));
        assertTrue(text.contains(
                "\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"));
        String finalChunk =
                "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n";
        assertTrue(text.contains(finalChunk));

        CRC32 crc = new CRC32();
        crc.update(body);
        String checksum = Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24),
            (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8), (byte) crc.getValue()});
        String trailer = "x-amz-checksum-crc32:" + checksum;
        String trailerSignature = signer.trailerSignature(seed,
                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", trailer + "\n");
        assertTrue(text.endsWith(finalChunk + trailer + "\r\nx-amz-trailer-signature:" + trailerSignature
                + "\r\n\r\n"), text.substring(text.length() - 300));
        assertEquals(AwsChunkedOutput.encodedLength(body.length, 64 * 1024, true), wire.size());
    }

    @Test
    void encodedLengthIsWhatIsWrittenForEverySizeAndMode() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        Signer signer = new Signer("access", "secret", "us-east-1");
        Signer.Signature seed = signer.sign("PUT", "/b/k", Map.of(), new LinkedHashMap<>(Map.of("host", "h")),
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
        int[] sizes = {0, 1, 15, 16, 17, 4095, 4096, 4097, 8191, 8192, 8193, 100_000};
        for (boolean signed : new boolean[] {false, true}) {
            for (int size : sizes) {
                byte[] body = new byte[size];
                for (int i = 0; i < size; i++) {
                    body[i] = (byte) random.nextInt(256);
                }
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                AwsChunkedOutput chunked = new AwsChunkedOutput(wire, 4096, signed ? signer : null,
                        signed ? seed : null);
                for (int at = 0; at < size; ) {
                    int n = Math.min(size - at, 1 + random.nextInt(5000));
                    chunked.write(body, at, n);
                    at += n;
                }
                chunked.finish();
                assertEquals(AwsChunkedOutput.encodedLength(size, 4096, signed), wire.size(),
                        "size " + size + (signed ? " signed" : " unsigned"));
                String text = wire.toString(StandardCharsets.ISO_8859_1);
                assertEquals(signed, text.contains("chunk-signature="));
                assertEquals(signed, text.contains("x-amz-trailer-signature:"));
            }
        }
    }

    @Test
    void payloadOptionParses() {
        assertEquals(PayloadSigning.STREAMING_SIGNED, PayloadSigning.parse("streaming-signed"));
        assertEquals(PayloadSigning.SIGNED, PayloadSigning.parse("SIGNED"));
        assertEquals("streaming-unsigned", PayloadSigning.STREAMING_UNSIGNED.optionValue());
        assertEquals(PayloadSigning.UNSIGNED, Options.parse(new String[0], Map.of()).payloadSigning());
        assertEquals(PayloadSigning.SIGNED,
                Options.parse(new String[] {"--payload", "signed"}, Map.of()).payloadSigning());
    }
}
