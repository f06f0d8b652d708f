/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code cairn:prometheus generate [cluster|node]}: prints a Prometheus scrape configuration for this node, with a
 * long-lived bearer token when scrapes need one, like MinIO's {@code mc admin prometheus generate}. It keeps the
 * settings it accepted when an edit is refused, as the endpoints do, so it is immediate: a delayed component would
 * be discarded between two calls, and the accepted settings with it.
 */
@Component(service = PrometheusCommand.class, configurationPid = {"io.cairn.node", "io.cairn.metrics"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        property = {"osgi.command.scope=cairn", "osgi.command.function=prometheus"})
public final class PrometheusCommand {

    static final String USAGE = "usage: cairn:prometheus generate [cluster|node]";

    /** The accepted settings, {@code null} while none were accepted. */
    private volatile MetricsConfig config;
    /** Why the settings at start were refused, {@code null} when they were not. */
    private volatile String refusal;

    /**
     * Creates the command. A refused setting is not logged here: the metrics endpoints log it.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     */
    @Activate
    public PrometheusCommand(MetricsConfig config, Map<String, Object> properties) {
        modified(config, properties);
    }

    /**
     * Creates the command, for tests.
     *
     * @param config the settings
     */
    PrometheusCommand(MetricsConfig config) {
        this(config, Map.of());
    }

    /**
     * Takes changed settings, or keeps the current ones when a setting is refused.
     *
     * @param config the settings
     * @param properties the settings as given
     */
    @Modified
    synchronized void modified(MetricsConfig config, Map<String, Object> properties) {
        Optional<String> refused = MetricsSettings.refusal(config, properties);
        if (refused.isEmpty()) {
            this.config = config;
            this.refusal = null;
        } else if (this.config == null) {
            this.refusal = refused.get();
        }
    }

    /**
     * Runs a subcommand.
     *
     * @param args {@code generate} and optionally the metrics type
     * @return the text to print
     * @throws IllegalArgumentException with the usage when the arguments are wrong (bad usage for the admin endpoint)
     */
    public String prometheus(String... args) {
        if (args.length < 1 || args.length > 2 || !args[0].equals("generate")) {
            throw new IllegalArgumentException(USAGE);
        }
        String type = args.length == 2 ? args[1].toLowerCase(Locale.ROOT) : "cluster";
        if (!type.equals("cluster") && !type.equals("node")) {
            throw new IllegalArgumentException(USAGE);
        }
        return generate(type, Instant.now());
    }

    String generate(String type, Instant now) {
        MetricsConfig config = this.config;
        if (config == null) {
            throw new IllegalStateException(refusal + "; cairn:prometheus fails until the file is corrected");
        }
        NodeAddress address = NodeAddress.of(config.address(), config.serverUrl());
        boolean open = MetricsHandler.PUBLIC.equals(config.prometheusAuthType().trim().toLowerCase(Locale.ROOT));
        StringBuilder yaml = new StringBuilder("scrape_configs:\n");
        yaml.append("- job_name: cairn-job").append(type.equals("node") ? "-node" : "").append('\n');
        if (!open) {
            if (config.rootUser().isEmpty() || config._rootPassword().isEmpty()) {
                throw new IllegalStateException("the node has no root credentials to sign a token with");
            }
            PrometheusToken tokens = new PrometheusToken(config.rootUser(), config._rootPassword(),
                    config.maxTokenBytes());
            String token = tokens.create(now.plus(Duration.ofDays(config.tokenValidityDays())));
            yaml.append("  bearer_token: ").append(token).append('\n');
        }
        yaml.append("  metrics_path: ").append(MetricsHandler.PREFIX).append(type).append('\n');
        yaml.append("  scheme: ").append(address.scheme()).append('\n');
        yaml.append("  static_configs:\n");
        yaml.append("  - targets: ['").append(address.target()).append("']\n");
        return yaml.toString();
    }
}
