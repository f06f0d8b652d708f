/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.ServerPool;
import io.cairn.api.topology.StorageClass;
import io.cairn.api.topology.Topology;
import io.cairn.cli.server.EnvironmentVariables.Setting;

/** Checks of single settings; every message names the variable, option or property the value came from. */
final class Validation {

    /** A DNS name: labels of letters, digits and inner hyphens. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private Validation() {
    }

    static String rootUser(Setting user, Setting password) {
        if (user == null) {
            throw new ServerOptionsException(password.source() + " is set but the root user is not; set "
                    + "CAIRN_ROOT_USER too");
        }
        String value = user.value();
        if (value.length() < ServerOptions.MIN_ROOT_USER_LENGTH) {
            throw new ServerOptionsException(user.source() + " must be at least "
                    + ServerOptions.MIN_ROOT_USER_LENGTH + " characters long");
        }
        if (value.contains("=") || value.contains(",") || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ServerOptionsException(user.source() + " must not contain '=', ',' or spaces");
        }
        return value;
    }

    static String rootPassword(Setting password, Setting user) {
        if (password == null) {
            throw new ServerOptionsException(user.source() + " is set but the root password is not; set "
                    + "CAIRN_ROOT_PASSWORD too");
        }
        if (password.value().length() < ServerOptions.MIN_ROOT_PASSWORD_LENGTH) {
            throw new ServerOptionsException(password.source() + " must be at least "
                    + ServerOptions.MIN_ROOT_PASSWORD_LENGTH + " characters long");
        }
        return password.value();
    }

    static String serverUrl(Setting setting) {
        String hint = setting.source() + " '" + setting.value() + "' must be an http(s) URL like "
                + "https://s3.example.com";
        URI uri;
        try {
            uri = new URI(setting.value().trim());
        } catch (URISyntaxException e) {
            throw new ServerOptionsException(hint);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ServerOptionsException(hint);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || !path.isEmpty() && !path.equals("/")) {
            throw new ServerOptionsException(hint + " (scheme, host and port only)");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    static List<String> domains(Setting setting) {
        List<String> out = new ArrayList<>();
        for (String part : setting.value().split(",")) {
            String domain = part.trim().toLowerCase(Locale.ROOT);
            if (domain.endsWith(".")) {
                domain = domain.substring(0, domain.length() - 1);
            }
            if (!DOMAIN.matcher(domain).matches() || domain.length() > 253) {
                throw new ServerOptionsException(setting.source() + ": '" + part.trim() + "' is not a domain name; "
                        + "give names like s3.example.com, comma-separated, without scheme or port");
            }
            if (!out.contains(domain)) {
                out.add(domain);
            }
        }
        return List.copyOf(out);
    }

    static String prometheusAuthType(Setting setting) {
        String value = setting.value().trim().toLowerCase(Locale.ROOT);
        if (!value.equals(ServerOptions.PROMETHEUS_AUTH_JWT) && !value.equals(ServerOptions.PROMETHEUS_AUTH_PUBLIC)) {
            throw new ServerOptionsException(setting.source() + " '" + setting.value() + "' must be "
                    + ServerOptions.PROMETHEUS_AUTH_JWT + " (a bearer token is needed) or "
                    + ServerOptions.PROMETHEUS_AUTH_PUBLIC + " (no token)");
        }
        return value;
    }

    /**
     * Checks a list of CORS origins: comma-separated, each without blanks.
     *
     * @param setting the list
     * @return the origins, trimmed and joined by commas
     */
    static String corsAllowOrigin(Setting setting) {
        List<String> out = new ArrayList<>();
        for (String part : setting.value().split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.chars().anyMatch(Character::isWhitespace)) {
                throw new ServerOptionsException(setting.source() + ": '" + origin + "' is not an origin; separate"
                        + " origins with commas, e.g. https://app.example.com,https://*.example.org");
            }
            out.add(origin);
        }
        if (out.isEmpty()) {
            throw new ServerOptionsException(setting.source() + " names no origin; leave it unset to allow every"
                    + " origin");
        }
        return String.join(",", out);
    }

    static StorageClass storageClass(Setting setting, Topology topology) {
        try {
            StorageClass storageClass = StorageClass.parse(setting.value());
            for (ServerPool pool : topology.pools()) {
                storageClass.checkFits(pool.setSize());
            }
            return storageClass;
        } catch (LayoutException e) {
            throw new ServerOptionsException(setting.source() + ": " + e.getMessage());
        }
    }
}
