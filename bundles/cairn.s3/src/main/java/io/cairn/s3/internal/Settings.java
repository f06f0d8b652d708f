/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.time.Duration;
import java.util.List;

/**
 * The S3 front end's settings, resolved from configuration.
 *
 * @param accessKey the root access key
 * @param secretKey the root secret key
 * @param domains domains of virtual-host-style requests, empty for path style only
 * @param region the region signatures must name, or empty to accept any
 * @param maxXmlBodyBytes the largest XML request body
 * @param maxSkew the largest accepted clock difference
 * @param cors the origins whose pages may read answers
 */
record Settings(String accessKey, String secretKey, List<String> domains, String region, int maxXmlBodyBytes,
        Duration maxSkew, Cors cors) {

    /**
     * Settings that allow every origin.
     *
     * @param accessKey the root access key
     * @param secretKey the root secret key
     * @param domains domains of virtual-host-style requests, empty for path style only
     * @param region the region signatures must name, or empty to accept any
     * @param maxXmlBodyBytes the largest XML request body
     * @param maxSkew the largest accepted clock difference
     */
    Settings(String accessKey, String secretKey, List<String> domains, String region, int maxXmlBodyBytes,
            Duration maxSkew) {
        this(accessKey, secretKey, domains, region, maxXmlBodyBytes, maxSkew, Cors.ANY);
    }

    /**
     * Returns the region reported to clients.
     *
     * @return the configured region or {@code us-east-1}
     */
    String reportedRegion() {
        return region.isEmpty() ? "us-east-1" : region;
    }
}
