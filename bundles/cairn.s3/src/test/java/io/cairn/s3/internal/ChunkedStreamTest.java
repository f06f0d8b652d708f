/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The aws-chunked decoder: the S3 reference's chunked upload example (seed and chunk signatures), trailers, and a
 * seeded fuzz of random chunkings, corrupted framing, truncation and wrong signatures.
 */
class ChunkedStreamTest {

    private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    private static final String DATE = "20130524T000000Z";

    private static AuthResult exampleAuth() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("x-amz-date", List.of(DATE));
        h.put("x-amz-storage-class", List.of("REDUCED_REDUNDANCY"));
        h.put("x-amz-content-sha256", List.of(SigV4.STREAMING_PAYLOAD));
        h.put("Content-Encoding", List.of("aws-chunked"));
        h.put("x-amz-decoded-content-length", List.of("66560"));
        h.put("Content-Length", List.of("66824"));
        h.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/" + SCOPE
                + ",SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED));
        RequestInfo r = new RequestInfo("PUT", "/examplebucket/chunkObject.txt", null, h, "s3.amazonaws.com");
        return SigV4Test.s3Authenticator().authenticate(r, "/examplebucket/chunkObject.txt", SigV4Test.S3_TIME);
    }

    @Test
    void seedAndChunkSignaturesOfTheS3Example() throws IOException {
        AuthResult auth = exampleAuth();
        assertEquals(SEED, auth.seedSignature());
        byte[] first = new byte[65536];
        byte[] second = new byte[1024];
        Arrays.fill(first, (byte) 'a');
        Arrays.fill(second, (byte) 'a');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(first);
        body.writeBytes(("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(second);
        body.writeBytes(("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(66824, body.size());
        ChunkedStream in = new ChunkedStream(new ByteArrayInputStream(body.toByteArray()), auth);
        byte[] decoded = in.readAllBytes();
        assertEquals(66560, decoded.length);
        assertEquals(66560, in.decodedBytes());
    }

    /** Encodes data as a chunked body the way a client would, signed from the given seed when asked. */
    static byte[] encode(byte[] data, int[] sizes, AuthResult auth, Map<String, String> trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = auth.seedSignature();
        int offset = 0;
        int i = 0;
        while (true) {
            int size = offset >= data.length ? 0 : Math.min(sizes[i++ % sizes.length], data.length - offset);
            byte[] chunk = Arrays.copyOfRange(data, offset, offset + size);
            String header = Integer.toHexString(size);
            if (auth.signedChunks()) {
                String sig = SigV4.sign(auth.signingKey(), SigV4.chunkStringToSign(auth.amzDate(), auth.scope(),
                        previous, Encoding.hex(SigV4.sha256().digest(chunk))));
                header += ";chunk-signature=" + sig;
                previous = sig;
            }
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(chunk);
            offset += size;
            if (size == 0) {
                break;
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (auth.trailer()) {
            StringBuilder canonical = new StringBuilder();
            for (Map.Entry<String, String> t : trailers.entrySet()) {
                out.writeBytes((t.getKey() + ":" + t.getValue() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                canonical.append(t.getKey()).append(':').append(t.getValue()).append('\n');
            }
            if (auth.signedChunks()) {
                String sig = SigV4.sign(auth.signingKey(), SigV4.trailerStringToSign(auth.amzDate(), auth.scope(),
                        previous, canonical.toString()));
                out.writeBytes(("x-amz-trailer-signature:" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static AuthResult auth(String mode) {
        AuthResult seed = exampleAuth();
        return new AuthResult(seed.accessKey(), mode, seed.signingKey(), seed.seedSignature(), seed.amzDate(),
                seed.scope());
    }

    @Test
    void signedTrailerIsVerified() throws IOException {
        AuthResult auth = auth(SigV4.STREAMING_PAYLOAD_TRAILER);
        byte[] data = "hello trailer".getBytes(StandardCharsets.US_ASCII);
        byte[] body = encode(data, new int[] {5}, auth, Map.of("x-amz-checksum-crc32", "AAAAAA=="));
        ChunkedStream in = new ChunkedStream(new ByteArrayInputStream(body), auth);
        assertArrayEquals(data, in.readAllBytes());
        assertEquals("AAAAAA==", in.trailers().get("x-amz-checksum-crc32"));
        String text = new String(body, StandardCharsets.US_ASCII).replace("AAAAAA==", "AAAAAB==");
        ChunkedStream bad = new ChunkedStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                auth);
        assertEquals(S3Error.INVALID_CHUNK_SIGNATURE, assertThrows(BodyException.class, bad::readAllBytes).error());
    }

    @Test
    void fuzzNeverAcceptsBadInput() throws IOException {
        long seed = Long.getLong("test.seed", 1213L);
        Random random = new Random(seed);
        String[] modes = {SigV4.STREAMING_PAYLOAD, SigV4.STREAMING_PAYLOAD_TRAILER, SigV4.STREAMING_UNSIGNED_TRAILER};
        for (int round = 0; round < 300; round++) {
            AuthResult auth = auth(modes[random.nextInt(modes.length)]);
            byte[] data = new byte[random.nextInt(5000)];
            random.nextBytes(data);
            int[] sizes = {1 + random.nextInt(700), 1 + random.nextInt(3000)};
            byte[] body = encode(data, sizes, auth, Map.of("x-amz-checksum-crc32c", "AAAAAA=="));
            String context = "seed " + seed + " round " + round + " mode " + auth.payloadHash();
            assertArrayEquals(data, decode(body, auth, random), context);
            byte[] corrupted = corrupt(body, random);
            if (!Arrays.equals(corrupted, body)) {
                expectRejected(corrupted, auth, data, context, random);
            }
            byte[] truncated = Arrays.copyOf(body, random.nextInt(body.length));
            expectRejected(truncated, auth, data, context + " (truncated)", random);
        }
    }

    private static byte[] corrupt(byte[] body, Random random) {
        byte[] copy = body.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(copy.length);
            copy[at] = (byte) (copy[at] ^ (1 << random.nextInt(8)));
        }
        return copy;
    }

    private static void expectRejected(byte[] body, AuthResult auth, byte[] original, String context,
            Random random) {
        byte[] decoded;
        try {
            decoded = decode(body, auth, random);
        } catch (BodyException e) {
            return;
        } catch (IOException e) {
            fail(context + ": unexpected " + e);
            return;
        }
        // Unsigned chunks can only be checked for framing: a flipped data byte then passes through (the payload
        // checksum catches it), but a signed body never decodes to anything but the original.
        if (auth.signedChunks() || decoded.length != original.length) {
            assertArrayEquals(original, decoded, context + ": accepted altered input");
        }
    }

    private static byte[] decode(byte[] body, AuthResult auth, Random random) throws IOException {
        InputStream in = new ChunkedStream(new ByteArrayInputStream(body), auth);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 + random.nextInt(4096)];
        int n;
        while ((n = in.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
