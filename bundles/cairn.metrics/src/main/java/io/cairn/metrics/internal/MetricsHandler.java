/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.metrics.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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
 *
 * <p>The handler registers itself once its settings are accepted (see {@link MetricsSettings}). A refused setting
 * is logged in one {@code ERROR} line: at start the endpoints are not registered until the file is corrected (the
 * paths are then the S3 API's), on an edit they keep serving with the settings they had.
 */
@Component(service = {}, configurationPid = {"io.cairn.node", "io.cairn.metrics"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class MetricsHandler extends Handler.Abstract {

    /** The path prefix this handler serves. */
    static final String PREFIX = "/minio/v2/metrics/";

    /** The authentication type that lets every scrape through. */
    static final String PUBLIC = "public";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;
    private final BundleContext context;
    /** Who may scrape, from the accepted settings; {@code null} while none were accepted. */
    private volatile Access access;
    private ServiceRegistration<Handler> registration;

    /**
     * Who may scrape.
     *
     * @param open whether every scrape is let through
     * @param tokens the verifier of bearer tokens, {@code null} when the node has no root credentials
     */
    private record Access(boolean open, PrometheusToken tokens) {
    }

    /**
     * Creates the registries and, when the settings are accepted, registers the endpoints.
     *
     * @param config the settings
     * @param properties the settings as given, for a value that does not convert
     * @param context where the endpoints are registered
     */
    @Activate
    public MetricsHandler(MetricsConfig config, Map<String, Object> properties, BundleContext context) {
        this.metrics = new Metrics(NodeAddress.of(config.address(), config.serverUrl()).target());
        this.context = context;
        configure(config, properties);
    }

    /**
     * Creates a handler that is not registered, for tests.
     *
     * @param config the settings
     */
    MetricsHandler(MetricsConfig config) {
        this(config, Map.of(), null);
    }

    /**
     * Takes changed settings, or keeps the current ones when a setting is refused.
     *
     * @param config the settings
     * @param properties the settings as given
     */
    @Modified
    void modified(MetricsConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    private synchronized void configure(MetricsConfig config, Map<String, Object> properties) {
        Optional<String> refusal = MetricsSettings.refusal(config, properties);
        if (refusal.isPresent()) {
            LOG.error(refusal.get() + (access == null
                    ? "; the metrics endpoints are not started until the file is corrected"
                    : "; the metrics endpoints keep their previous settings until the file is corrected"));
            return;
        }
        boolean open = PUBLIC.equals(config.prometheusAuthType().trim().toLowerCase(Locale.ROOT));
        PrometheusToken tokens = config.rootUser().isEmpty() || config._rootPassword().isEmpty() ? null
                : new PrometheusToken(config.rootUser(), config._rootPassword(), config.maxTokenBytes());
        Access previous = access;
        access = new Access(open, tokens);
        if (open && (previous == null || !previous.open())) {
            LOG.warn("Prometheus metrics under {} are public (prometheusAuthType=public)", PREFIX);
        }
        if (registration == null && context != null) {
            registration = context.registerService(Handler.class, this,
                    new Hashtable<>(Map.of("cairn.http.path", PREFIX)));
        }
    }

    /**
     * Tells whether the settings were accepted, so that the endpoints serve.
     *
     * @return {@code true} once settings were accepted
     */
    boolean serving() {
        return access != null;
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
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
        Access current = access;
        if (scope == null || current == null || !head && !HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        if (!current.open()) {
            String refusal = current.tokens() == null ? "the node has no root credentials"
                    : current.tokens().verify(request.getHeaders().get(HttpHeader.AUTHORIZATION), Instant.now());
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
