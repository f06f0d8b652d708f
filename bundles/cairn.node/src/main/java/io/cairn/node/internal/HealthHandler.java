/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cairn.api.object.StorageStatus;
import io.cairn.api.topology.StorageClass;

/**
 * MinIO-compatible health probes, polled by load balancers and supervisors:
 * <ul>
 * <li>{@code /minio/health/live}: 200 as soon as the node's listener is up;</li>
 * <li>{@code /minio/health/ready}: 200 once the object store is serving on this node, else 503;</li>
 * <li>{@code /minio/health/cluster}: 200 while every erasure set has write quorum, else 503 with the reason in
 * the {@code X-Cairn-Health} header.</li>
 * </ul>
 */
@Component(service = Handler.class, property = HttpListener.PATH_PROPERTY + "=/minio/health/",
        configurationPid = NodeProperties.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HealthHandler extends Handler.Abstract {

    private final int standardParity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StorageStatus storage;

    @Activate
    public HealthHandler(Map<String, Object> config) {
        Object storageClass = config.get("storageClassStandard");
        this.standardParity = storageClass == null || storageClass.toString().isBlank() ? -1
                : StorageClass.parse(storageClass.toString()).parity();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return false;
        }
        switch (request.getHttpURI().getPath()) {
            case "/minio/health/live":
                return answer(response, callback, 200, null);
            case "/minio/health/ready":
                return answer(response, callback, storage == null ? 503 : 200,
                        storage == null ? "object store not started" : null);
            case "/minio/health/cluster":
                return cluster(response, callback);
            default:
                return false;
        }
    }

    private boolean cluster(Response response, Callback callback) {
        StorageStatus status = storage;
        if (status == null) {
            return answer(response, callback, 503, "object store not started");
        }
        String missing = QuorumHealth.missingWriteQuorum(status.drives(), standardParity);
        return answer(response, callback, missing == null ? 200 : 503, missing);
    }

    private static boolean answer(Response response, Callback callback, int status, String reason) {
        response.setStatus(status);
        response.getHeaders().put("Cache-Control", "no-store");
        if (reason == null) {
            callback.succeeded();
        } else {
            response.getHeaders().put("X-Cairn-Health", reason);
            response.write(true, ByteBuffer.wrap((reason + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        }
        return true;
    }
}
