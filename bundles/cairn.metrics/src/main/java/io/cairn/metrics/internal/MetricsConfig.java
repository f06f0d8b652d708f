/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the Prometheus endpoints. The credentials, addresses and authentication type come from the node
 * configuration ({@code io.cairn.node}, written by {@code cairn server}); the limits may be set in
 * {@code conf/io.cairn.metrics.cfg}.
 */
@ObjectClassDefinition(name = "Cairn metrics", description = "The Prometheus endpoints under /minio/v2/metrics/.")
@interface MetricsConfig {

    @AttributeDefinition(description = "How scrapes authenticate: 'jwt' (a bearer token signed with the root"
            + " password, see cairn:prometheus generate) or 'public' (no token).")
    String prometheusAuthType() default "jwt";

    @AttributeDefinition(description = "Root user: the subject of accepted tokens.")
    String rootUser() default "";

    @AttributeDefinition(description = "Root password: the key tokens are signed with.", type = AttributeType.PASSWORD)
    // The leading underscore maps to the private property ".rootPassword", never copied to service properties.
    String _rootPassword() default "";

    @AttributeDefinition(description = "The node's listen address, [host]:port: the scrape target and the 'server'"
            + " label of every metric.")
    String address() default ":9000";

    @AttributeDefinition(description = "The node's public URL; when set, the scrape target instead of the address.")
    String serverUrl() default "";

    @AttributeDefinition(description = "Largest accepted Authorization header, in bytes.")
    int maxTokenBytes() default 8_192;

    @AttributeDefinition(description = "Days a token printed by cairn:prometheus generate stays valid.")
    long tokenValidityDays() default 36_500L;
}
