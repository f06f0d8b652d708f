/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The admin interface of a node: the signed shell endpoint behind {@code bin/cairn admin}, and the names shared by
 * the node and its clients.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cairn.api.admin;
