/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;

/**
 * MinIO-compatible health probes. {@code /minio/health/live} answers 200 as soon as the node's listener is up,
 * which is what load balancers and process supervisors poll.
 */
@Component(service = Handler.class, property = HttpListener.PATH_PROPERTY + "=/minio/health/")
public final class HealthHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return false;
        }
        if ("/minio/health/live".equals(path)) {
            response.setStatus(200);
            response.getHeaders().put("Cache-Control", "no-store");
            callback.succeeded();
            return true;
        }
        return false;
    }
}
