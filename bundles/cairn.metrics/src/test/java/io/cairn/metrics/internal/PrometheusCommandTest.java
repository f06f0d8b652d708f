/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class PrometheusCommandTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    private static final Pattern TOKEN = Pattern.compile("  bearer_token: (\\S+)\n");

    private static PrometheusCommand command(Map<String, Object> settings) {
        return new PrometheusCommand(Fakes.config(settings));
    }

    @Test
    void generatesAClusterScrapeConfigWithALongLivedToken() {
        PrometheusCommand command = command(Map.of("rootUser", "admin", "_rootPassword", "admin-secret",
                "address", "127.0.0.1:9100"));
        String yaml = command.generate("cluster", NOW);
        Matcher m = TOKEN.matcher(yaml);
        assertTrue(m.find(), yaml);
        assertEquals("scrape_configs:\n"
                + "- job_name: cairn-job\n"
                + "  bearer_token: " + m.group(1) + "\n"
                + "  metrics_path: /minio/v2/metrics/cluster\n"
                + "  scheme: http\n"
                + "  static_configs:\n"
                + "  - targets: ['127.0.0.1:9100']\n", yaml);
        PrometheusToken tokens = new PrometheusToken("admin", "admin-secret", 8_192);
        assertNull(tokens.verify("Bearer " + m.group(1), NOW.plus(Duration.ofDays(365 * 99))));
        assertEquals("token expired", tokens.verify("Bearer " + m.group(1), NOW.plus(Duration.ofDays(36_500))));
    }

    @Test
    void nodeTypePublicMetricsAndTheServerUrl() {
        PrometheusCommand command = command(Map.of("rootUser", "admin", "_rootPassword", "admin-secret",
                "prometheusAuthType", "public", "serverUrl", "https://s3.example.com"));
        assertEquals("scrape_configs:\n"
                + "- job_name: cairn-job-node\n"
                + "  metrics_path: /minio/v2/metrics/node\n"
                + "  scheme: https\n"
                + "  static_configs:\n"
                + "  - targets: ['s3.example.com:443']\n", command.prometheus("generate", "node"));
    }

    @Test
    void badUsageThrowsForTheAdminEndpointAndMissingCredentialsFail() {
        PrometheusCommand command = command(Map.of("address", "127.0.0.1:9000"));
        assertEquals(PrometheusCommand.USAGE,
                assertThrows(IllegalArgumentException.class, () -> command.prometheus()).getMessage());
        assertEquals(PrometheusCommand.USAGE, assertThrows(IllegalArgumentException.class,
                () -> command.prometheus("generate", "bucket")).getMessage());
        assertEquals(PrometheusCommand.USAGE,
                assertThrows(IllegalArgumentException.class, () -> command.prometheus("show")).getMessage());
        assertThrows(IllegalStateException.class, () -> command.prometheus("generate"));
    }
}
