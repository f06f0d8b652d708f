/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import java.util.List;
import java.util.Map;

/**
 * Reads a setting from the environment under its Cairn name and its aliases. The first name with a non-empty value
 * wins, in the order given: {@code CAIRN_*}, then {@code MINIO_*}, then {@code S3_*}. An empty value counts as
 * unset, as in MinIO, so {@code CAIRN_X=} does not hide {@code MINIO_X}.
 */
final class EnvironmentVariables {

    /** Root user: MinIO's older {@code MINIO_ACCESS_KEY} ranks with the other MinIO names, before {@code S3_}. */
    static final List<String> ROOT_USER = List.of("CAIRN_ROOT_USER", "MINIO_ROOT_USER", "MINIO_ACCESS_KEY",
            "S3_ROOT_USER");
    static final List<String> ROOT_PASSWORD = List.of("CAIRN_ROOT_PASSWORD", "MINIO_ROOT_PASSWORD",
            "MINIO_SECRET_KEY", "S3_ROOT_PASSWORD");
    static final List<String> VOLUMES = aliases("VOLUMES");
    static final List<String> OPTS = aliases("OPTS");
    static final List<String> SERVER_URL = aliases("SERVER_URL");
    static final List<String> DOMAIN = aliases("DOMAIN");
    static final List<String> STORAGE_CLASS_STANDARD = aliases("STORAGE_CLASS_STANDARD");
    static final List<String> STORAGE_CLASS_RRS = aliases("STORAGE_CLASS_RRS");
    static final List<String> PROMETHEUS_AUTH_TYPE = aliases("PROMETHEUS_AUTH_TYPE");
    static final List<String> CORS_ALLOW_ORIGIN = aliases("API_CORS_ALLOW_ORIGIN");

    private final Map<String, String> env;

    EnvironmentVariables(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    private static List<String> aliases(String suffix) {
        return List.of("CAIRN_" + suffix, "MINIO_" + suffix, "S3_" + suffix);
    }

    /**
     * Returns the first set variable among the names.
     *
     * @param names the names in order of precedence
     * @return the name and value, or null when none is set
     */
    Setting get(List<String> names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return new Setting(name, value);
            }
        }
        return null;
    }

    /**
     * A value and where it came from, so messages can name the variable the operator actually set.
     *
     * @param source the variable or option name
     * @param value the value
     */
    record Setting(String source, String value) {
    }
}
