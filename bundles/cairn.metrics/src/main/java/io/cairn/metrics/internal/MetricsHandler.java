/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.HealService;
import io.cairn.api.object.StorageStatus;

/**
 * MinIO's Prometheus endpoints: {@code GET /minio/v2/metrics/cluster} and {@code GET /minio/v2/metrics/node}
 * answer with the text exposition of this node's {@link Metrics}, {@code HEAD} with the same status and headers
 * without the body. Unless the node runs with {@code CAIRN_PROMETHEUS_AUTH_TYPE=public}, a scrape needs a bearer
 * token signed with the root password (see {@link PrometheusToken} and {@code cairn:prometheus generate});
 * anything else gets 403 {@code AccessDenied}.
 * The services the meters read are optional: while one is absent, its metrics are absent.
 */
@Component(service = Handler.class, configurationPid = {"io.cairn.node", "io.cairn.metrics"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "cairn.http.path=" + MetricsHandler.PREFIX)
public final class MetricsHandler extends Handler.Abstract {

    /** The path prefix this handler serves. */
    static final String PREFIX = "/minio/v2/metrics/";

    /** The authentication type that lets every scrape through. */
    static final String PUBLIC = "public";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;
    private final boolean open;
    private final PrometheusToken tokens;

    /**
     * Creates the registries.
     *
     * @param config the settings
     * @throws IllegalArgumentException naming the file and setting when a setting is refused
     */
    @Activate
    public MetricsHandler(MetricsConfig config) {
        MetricsSettings.check(config);
        this.open = PUBLIC.equals(config.prometheusAuthType().trim().toLowerCase(Locale.ROOT));
        this.tokens = config.rootUser().isEmpty() || config._rootPassword().isEmpty() ? null
                : new PrometheusToken(config.rootUser(), config._rootPassword(), config.maxTokenBytes());
        this.metrics = new Metrics(NodeAddress.of(config.address(), config.serverUrl()).target());
        if (open) {
            LOG.warn("Prometheus metrics under {} are public (prometheusAuthType=public)", PREFIX);
        }
    }

    @Deactivate
    void deactivate() {
        metrics.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStorage")
    void bindStorage(StorageStatus status) {
        metrics.bind(status);
    }

    void unbindStorage(StorageStatus status) {
        metrics.unbind(status);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindHeal")
    void bindHeal(HealService heal) {
        metrics.bind(heal);
    }

    void unbindHeal(HealService heal) {
        metrics.unbind(heal);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindInventory")
    void bindInventory(DriveInventory inventory) {
        metrics.bind(inventory);
    }

    void unbindInventory(DriveInventory inventory) {
        metrics.unbind(inventory);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Metrics.Scope scope = switch (request.getHttpURI().getPath()) {
            case PREFIX + "cluster" -> Metrics.Scope.CLUSTER;
            case PREFIX + "node" -> Metrics.Scope.NODE;
            default -> null;
        };
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (scope == null || !head && !HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        if (!open) {
            String refusal = tokens == null ? "the node has no root credentials"
                    : tokens.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION), Instant.now());
            if (refusal != null) {
                LOG.debug("Refused a scrape of {} from {}: {}", request.getHttpURI().getPath(),
                        request.getConnectionMetaData().getRemoteSocketAddress(), refusal);
                return accessDenied(request, response, callback, head);
            }
        }
        byte[] body = metrics.scrape(scope).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT_FORMAT);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return send(response, callback, body, head);
    }

    /** Sends a body, or for a {@code HEAD} only its length, as the {@code GET} would have sent it. */
    private static boolean send(Response response, Callback callback, byte[] body, boolean head) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }

    private static boolean accessDenied(Request request, Response response, Callback callback, boolean head) {
        String requestId = response.getHeaders().get("x-amz-request-id");
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                + "<Message>Access Denied.</Message><Resource>" + request.getHttpURI().getPath() + "</Resource>"
                + "<RequestId>" + (requestId == null ? "" : requestId) + "</RequestId></Error>";
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        return send(response, callback, body.getBytes(StandardCharsets.UTF_8), head);
    }
}
