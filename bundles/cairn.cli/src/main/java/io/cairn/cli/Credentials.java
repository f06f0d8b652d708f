/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.util.Map;

/**
 * Root credentials as the server and {@code cairn admin} read them from the environment: {@code CAIRN_ROOT_USER}
 * and {@code CAIRN_ROOT_PASSWORD}, with the {@code MINIO_*} and {@code S3_*} spellings and MinIO's older
 * {@code MINIO_ACCESS_KEY}/{@code MINIO_SECRET_KEY} as aliases; {@code minioadmin}/{@code minioadmin} when none
 * is set.
 *
 * @param user the root user (access key)
 * @param password the root password (secret key)
 * @param defaults whether the built-in default credentials are in use
 */
record Credentials(String user, String password, boolean defaults) {

    /** The built-in credentials, used (with a loud warning) when none are configured. */
    static final String DEFAULT = "minioadmin";

    static Credentials fromEnvironment(Map<String, String> env) {
        String user = first(env, "CAIRN_ROOT_USER", "MINIO_ROOT_USER", "MINIO_ACCESS_KEY", "S3_ROOT_USER");
        String password = first(env, "CAIRN_ROOT_PASSWORD", "MINIO_ROOT_PASSWORD", "MINIO_SECRET_KEY",
                "S3_ROOT_PASSWORD");
        if (user == null && password == null) {
            return new Credentials(DEFAULT, DEFAULT, true);
        }
        return new Credentials(user == null ? "" : user, password == null ? "" : password, false);
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
