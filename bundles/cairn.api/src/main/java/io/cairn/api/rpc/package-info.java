/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Calls between the nodes of a deployment.
 *
 * <p>A {@link io.cairn.api.rpc.PeerTransport} service (found by its {@value io.cairn.api.rpc.PeerTransport#ID_PROPERTY}
 * service property and {@code service.ranking}) gives a {@link io.cairn.api.rpc.PeerClient} for every other node
 * of the topology: peer calls ({@link io.cairn.api.rpc.ServerInfo server info} for the bootstrap comparison, the
 * status of the peer's drives) and the peer's {@link io.cairn.api.rpc.LockServer lock server}. Drives of other
 * nodes are opened through the transport's {@link io.cairn.api.storage.DriveFactory} service
 * ({@code drive.kind=remote}), so the object layer uses local and remote drives through the same
 * {@link io.cairn.api.storage.Drive} API.
 *
 * <p>The transport keeps an online/offline view of the peers: a peer that stops answering is marked offline, probed
 * with backoff until it answers again, and while it is offline its calls fail at once (drive calls with
 * {@link io.cairn.api.storage.DriveException.Reason#OFFLINE}, peer and lock calls with
 * {@link io.cairn.api.rpc.PeerException.Reason#OFFLINE}) so that quorum logic counts it without waiting.
 * {@link io.cairn.api.rpc.PeerListener}s hear about every change, and about a peer that announced it serves its
 * drives again (it restarted), so that they need not wait for the probe backoff to find it. Every call has a
 * deadline; no call blocks longer than the transport's configured bound. Nothing here names a wire protocol: the
 * default transport speaks HTTP/2, another one may replace it while the node runs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.cairn.api.rpc;
