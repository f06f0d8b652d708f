/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.s3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What authentication and routing need of an HTTP request, independent of Jetty so that signature test vectors
 * can be checked without a server.
 */
final class RequestInfo {

    private final String method;
    private final String rawPath;
    private final List<Encoding.Param> query;
    private final Map<String, List<String>> headers;
    private final String host;

    /**
     * Creates the view.
     *
     * @param method the HTTP method
     * @param rawPath the path as sent (percent-encoded)
     * @param rawQuery the query as sent, or {@code null}
     * @param headers the headers (any case; names are lower-cased here)
     * @param host the host (and port) the request was sent to
     */
    RequestInfo(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String host) {
        this.method = method;
        this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        this.query = Encoding.parseQuery(rawQuery);
        this.headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            this.headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(e.getValue());
        }
        this.host = host;
    }

    String method() {
        return method;
    }

    String rawPath() {
        return rawPath;
    }

    List<Encoding.Param> query() {
        return query;
    }

    String host() {
        return host;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Returns a header's first value.
     *
     * @param name the lower-case name
     * @return the value or {@code null}
     */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Returns all values of a header; {@code host} answers the request's host.
     *
     * @param name the lower-case name
     * @return the values, empty when absent
     */
    List<String> headerValues(String name) {
        if ("host".equals(name)) {
            return host == null ? List.of() : List.of(host);
        }
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    /**
     * Returns a query parameter's first value.
     *
     * @param name the name
     * @return the value (empty when given without {@code =}) or {@code null} when absent
     */
    String param(String name) {
        for (Encoding.Param p : query) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    boolean hasParam(String name) {
        return param(name) != null;
    }
}
