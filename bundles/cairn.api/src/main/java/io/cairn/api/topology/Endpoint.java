/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.topology;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One drive: either a local directory ({@code /mnt/disk1}) or a drive of a node given as a URL
 * ({@code http://node1:9000/mnt/disk1}).
 *
 * <p>A URL endpoint has a scheme ({@code http} or {@code https}), a host (a name, an IPv4 address or a bracketed
 * IPv6 address), a port (80 or 443 when omitted) and an absolute path other than {@code /}; user info, query and
 * fragment are refused. A local endpoint is any non-empty path. {@link #toString()} returns the endpoint exactly as
 * it was written. The pool, set and drive indexes are -1 until {@link Topology} places the endpoint. Instances are
 * immutable; equality covers the written form and the position.
 */
public final class Endpoint {

    private static final int UNASSIGNED = -1;

    private final String text;
    private final String scheme;
    private final String host;
    /** The largest TCP port. */
    private static final int MAX_PORT = 65_535;

    private final int port;
    private final String path;
    private final int poolIndex;
    private final int setIndex;
    private final int driveIndex;

    private Endpoint(String text, String scheme, String host, int port, String path, int pool, int set, int drive) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.poolIndex = pool;
        this.setIndex = set;
        this.driveIndex = drive;
    }

    /**
     * Parses one expanded endpoint (no ellipses).
     *
     * @param text a local path or an {@code http(s)://host[:port]/path} URL
     * @return the endpoint, not yet placed
     * @throws LayoutException when the text is empty or not a usable URL
     */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new LayoutException("An endpoint is empty");
        }
        if (text.contains("://")) {
            return parseUrl(text);
        }
        try {
            Path.of(text);
        } catch (InvalidPathException e) {
            throw new LayoutException("'" + text + "' is not a valid path: " + e.getReason());
        }
        return new Endpoint(text, null, null, UNASSIGNED, text, UNASSIGNED, UNASSIGNED, UNASSIGNED);
    }

    private static Endpoint parseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new LayoutException("'" + text + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new LayoutException("'" + text + "' must use http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new LayoutException("'" + text + "' has no valid host or port; write it like http://node1:9000/mnt/disk1");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new LayoutException("'" + text + "' must not carry user info, a query or a fragment");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || !path.startsWith("/")) {
            throw new LayoutException("'" + text + "' needs an absolute drive path, like http://node1:9000/mnt/disk1");
        }
        if (Path.of(path).normalize().toString().equals("/")) {
            throw new LayoutException("'" + text + "' points at the root directory; give the drive's directory");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port == 0) {
            throw new LayoutException("'" + text + "' uses port 0; peers need a fixed port");
        }
        if (port > MAX_PORT) {
            // java.net.URI takes any number of digits as a port.
            throw new LayoutException("'" + text + "' uses port " + port + "; ports go up to " + MAX_PORT);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return new Endpoint(text, scheme, host, port, path, UNASSIGNED, UNASSIGNED, UNASSIGNED);
    }

    /**
     * Returns a copy of this endpoint placed in a topology.
     *
     * @param pool index of the server pool, from 0
     * @param set index of the erasure set within the pool, from 0
     * @param drive index of the drive within the set, from 0
     * @return the placed endpoint
     */
    public Endpoint withPosition(int pool, int set, int drive) {
        if (pool < 0 || set < 0 || drive < 0) {
            throw new IllegalArgumentException("negative position " + pool + "/" + set + "/" + drive);
        }
        return new Endpoint(text, scheme, host, port, path, pool, set, drive);
    }

    /** @return true for an {@code http(s)://} endpoint, false for a local path */
    public boolean isUrl() {
        return scheme != null;
    }

    /** @return {@code http} or {@code https}; null for a local path */
    public String scheme() {
        return scheme;
    }

    /** @return the host in lower case (IPv6 addresses in brackets); null for a local path */
    public String host() {
        return host;
    }

    /** @return the port, 80 or 443 when the URL omits it; -1 for a local path */
    public int port() {
        return port;
    }

    /** @return {@code host:port} identifying the node of a URL endpoint; null for a local path */
    public String node() {
        return scheme == null ? null : host + ":" + port;
    }

    /** @return the drive's directory: the URL's path, or the local path as written */
    public String path() {
        return path;
    }

    /** @return the index of the server pool, or -1 when not placed */
    public int poolIndex() {
        return poolIndex;
    }

    /** @return the index of the erasure set within its pool, or -1 when not placed */
    public int setIndex() {
        return setIndex;
    }

    /** @return the index of the drive within its erasure set, or -1 when not placed */
    public int driveIndex() {
        return driveIndex;
    }

    /**
     * Returns the key two endpoints share exactly when they name the same drive: {@code host:port} and the
     * normalised path for a URL, the absolute normalised path for a local directory.
     *
     * @return the identity of the drive
     */
    public String driveKey() {
        if (isUrl()) {
            return node() + Path.of(path).normalize();
        }
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** @return the endpoint exactly as written */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Endpoint e && text.equals(e.text) && poolIndex == e.poolIndex
                && setIndex == e.setIndex && driveIndex == e.driveIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, poolIndex, setIndex, driveIndex);
    }
}
