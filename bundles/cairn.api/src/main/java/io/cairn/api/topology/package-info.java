/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The drive layout of a deployment: endpoint arguments with ellipses ranges ({@code /mnt/disk{1...16}},
 * {@code http://node{1...4}:9000/data{1...4}}), their expansion into endpoints, and the grouping of those endpoints
 * into server pools and erasure sets with default parity, and which node of them a server is. Everything here is an
 * immutable value or a pure function: no services, and no I/O except name resolution by {@link
 * io.cairn.api.topology.HostNames#system()}, so the command line and the node bundle compute exactly the same layout
 * and the same node from the same arguments.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cairn.api.topology;
