/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.SetDrive;
import io.cairn.api.object.StorageStatus;
import io.cairn.api.topology.StorageClass;

/**
 * MinIO-compatible health probes, polled by load balancers and supervisors:
 * <ul>
 * <li>{@code /minio/health/live}: 200 as soon as the node's listener is up;</li>
 * <li>{@code /minio/health/ready}: 200 once the object store and the S3 front end are serving on this node, else
 * 503 (the router answers while the S3 front end is missing);</li>
 * <li>{@code /minio/health/cluster}: 200 while every erasure set has write quorum, else 503 with the reason in
 * the {@code X-Cairn-Health} header; with {@code ?maintenance=true}, 200 while every set would keep write quorum
 * without this node's drives, else 412;</li>
 * <li>{@code /minio/health/cluster/read}: 200 while every erasure set has read quorum, else 503.</li>
 * </ul>
 */
@Component(service = Handler.class, property = HttpListener.PATH_PROPERTY + "=/minio/health/",
        configurationPid = NodeProperties.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HealthHandler extends Handler.Abstract {

    private final int standardParity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StorageStatus storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DriveInventory inventory;

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
                return ready(response, callback);
            case "/minio/health/cluster":
                return cluster(response, callback, "true".equals(Request.extractQueryParameters(request)
                        .getValue("maintenance")));
            case "/minio/health/cluster/read":
                return clusterRead(response, callback);
            default:
                return false;
        }
    }

    /**
     * Ready: the object store runs. The listener's router answers the probe itself while no S3 front end is
     * registered (the S3 bundle starts after the object store, and may be replaced while the node runs).
     */
    private boolean ready(Response response, Callback callback) {
        return answer(response, callback, storage == null ? 503 : 200,
                storage == null ? "object store not started" : null);
    }

    private boolean cluster(Response response, Callback callback, boolean maintenance) {
        StorageStatus status = storage;
        if (status == null) {
            return answer(response, callback, maintenance ? 412 : 503, "object store not started");
        }
        if (!maintenance) {
            String missing = QuorumHealth.missingWriteQuorum(status.drives(), standardParity);
            return answer(response, callback, missing == null ? 200 : 503, missing);
        }
        Set<String> local = localDrives();
        String missing = QuorumHealth.missingQuorum(status.drives(), standardParity, true,
                d -> local == null || local.contains(d.endpoint()));
        return answer(response, callback, missing == null ? 200 : 412,
                missing == null ? null : "without this node, " + missing);
    }

    private boolean clusterRead(Response response, Callback callback) {
        StorageStatus status = storage;
        if (status == null) {
            return answer(response, callback, 503, "object store not started");
        }
        String missing = QuorumHealth.missingQuorum(status.drives(), standardParity, false, d -> false);
        return answer(response, callback, missing == null ? 200 : 503, missing);
    }

    /** @return the endpoints of this node's drives, or {@code null} (every drive) when the inventory is absent */
    private Set<String> localDrives() {
        DriveInventory drives = inventory;
        if (drives == null) {
            return null;
        }
        Set<String> local = new HashSet<>();
        for (SetDrive d : drives.drives()) {
            if (d.local()) {
                local.add(d.endpoint());
            }
        }
        return local;
    }

    /**
     * Answers a probe: the status, and for a failing one its reason in {@code X-Cairn-Health} and the body.
     *
     * @param response the response
     * @param callback the request's callback
     * @param status the status
     * @param reason why the probe fails, or {@code null}
     * @return {@code true}: the request is handled
     */
    static boolean answer(Response response, Callback callback, int status, String reason) {
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
