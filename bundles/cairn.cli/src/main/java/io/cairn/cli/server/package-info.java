/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Options of {@code cairn server}: command line, environment ({@code CAIRN_*} with {@code MINIO_*} and {@code S3_*}
 * aliases) and their hand-over to the framework as {@code cairn.server.*} properties. Depends only on the JDK and
 * {@code io.cairn.api.topology}, so a bundle inside the framework can read the properties back with the same code.
 */
package io.cairn.cli.server;
