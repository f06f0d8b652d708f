/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Checks of component configurations shared by the bundles: which setting of a typed configuration (the annotation
 * type Declarative Services converts a component's properties to) has a value that does not convert, named as the
 * operator wrote it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cairn.api.config;
