/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cairn.systest.harness.Distribution;

/**
 * {@code bin/cairn bench} (the load generator) against the packaged server, once per way of sending PUT bodies:
 * every body is accepted (including the signed {@code aws-chunked} bodies with a CRC32 trailer that the AWS SDK
 * sends to {@code http://}), and every GET returns exactly the bytes written ({@code --verify}).
 */
@ExtendWith(SharedS3Server.class)
class BenchCommandTest {

    private static final Pattern RESULT = Pattern.compile("RESULT op=(\\w+) ops=(\\d+) errors=(\\d+) .*");

    @ParameterizedTest
    @ValueSource(strings = {"unsigned", "signed", "streaming-signed", "streaming-unsigned"})
    void mixedLoadIsAcceptedAndVerified(String payload, S3Server server) throws Exception {
        // 300 KiB objects: several aws-chunked chunks each, below the size from which digests leave the request
        // thread.
        bench(server, payload, List.of("--mode", "mixed", "--size", "300KiB", "--objects", "20"));
    }

    /**
     * Multipart uploads (5 MiB parts, which take the digest threads) by two workers: one upload's completion
     * prunes the bucket's staging directory while the other creates its first part below it, which once lost the
     * write quorum of that part (503 {@code ServiceUnavailable}) in about one run of this class in fifteen.
     */
    @ParameterizedTest
    @ValueSource(strings = {"unsigned", "signed", "streaming-signed", "streaming-unsigned"})
    void multipartLoadIsAcceptedAndVerified(String payload, S3Server server) throws Exception {
        bench(server, payload, List.of("--mode", "multipart", "--size", "11MiB"));
    }

    private static void bench(S3Server server, String payload, List<String> shape) throws Exception {
        Path dir = server.distribution().scratch("bench-" + payload);
        List<String> args = new ArrayList<>(List.of("bench", "--endpoint", server.endpoint().toString(),
                "--access-key", S3Server.ACCESS_KEY, "--secret-key", S3Server.SECRET_KEY,
                "--bucket", S3Server.bucketName("bench"), "--concurrency", "2", "--duration", "2s", "--verify",
                "--payload", payload));
        args.addAll(shape);
        Distribution.Result run = server.distribution().run(args, Map.of(), dir, Duration.ofMinutes(2));
        String output = run.out() + run.err();
        assertEquals(0, run.status(), output);
        Matcher m = RESULT.matcher("");
        int lines = 0;
        for (String line : output.lines().toList()) {
            if (m.reset(line).matches()) {
                lines++;
                assertTrue(Long.parseLong(m.group(2)) > 0, line);
                assertEquals("0", m.group(3), line);
            }
        }
        assertTrue(lines >= 1, output);
    }
}
