/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the HTTP/2 peer transport. The credentials, endpoint arguments and addresses come from the node
 * configuration ({@code io.cairn.node}); the tunables may be set in {@code io.cairn.rpc.http}.
 */
@ObjectClassDefinition(name = "Cairn peer transport (HTTP/2)",
        description = "Calls between the nodes of a deployment: remote drives, locks, peer information.")
public @interface RpcConfig {

    @AttributeDefinition(description = "Root user; peer calls are signed with a key derived from the root"
            + " credentials.")
    String rootUser() default "";

    @AttributeDefinition(description = "Root password.", type = AttributeType.PASSWORD)
    // The leading underscore maps to the node's private property ".rootPassword", never copied to service
    // properties.
    String _rootPassword() default "";

    @AttributeDefinition(description = "Endpoint arguments of cairn server, one per line.")
    String volumes() default "";

    @AttributeDefinition(description = "This node's listen address, [host]:port.")
    String address() default ":9000";

    @AttributeDefinition(description = "This node's URL as peers reach it, when the listen address does not tell.")
    String serverUrl() default "";

    @AttributeDefinition(description = "Milliseconds to establish a connection to a peer.")
    long connectTimeoutMs() default 2_000L;

    @AttributeDefinition(description = "Milliseconds a call (or the start of a streamed transfer) may take before"
            + " it fails and the peer is marked offline.")
    long callTimeoutMs() default 10_000L;

    @AttributeDefinition(description = "Milliseconds a streamed transfer may go without moving a byte before it"
            + " fails.")
    long streamIdleTimeoutMs() default 30_000L;

    @AttributeDefinition(description = "Milliseconds a probe of a peer may take.")
    long probeTimeoutMs() default 2_000L;

    @AttributeDefinition(description = "Milliseconds before the first probe of a peer that went offline; doubled"
            + " after every failed probe.")
    long probeInitialBackoffMs() default 250L;

    @AttributeDefinition(description = "Largest number of milliseconds between two probes of an offline peer.")
    long probeMaxBackoffMs() default 5_000L;

    @AttributeDefinition(description = "Milliseconds between two probes of an online peer (detects idle peers"
            + " that died).")
    long heartbeatIntervalMs() default 5_000L;

    @AttributeDefinition(description = "Milliseconds a stopping transport waits for calls in flight.")
    long drainTimeoutMs() default 10_000L;

    @AttributeDefinition(description = "HTTP/2 receive window of one stream in bytes: what a download receives"
            + " ahead of its reader. A GET reserves it from the node's memory budget for every remote shard stream it"
            + " keeps open, so a smaller window lets more GETs run at once on a small heap.")
    int streamWindowBytes() default 256 << 10;

    @AttributeDefinition(description = "HTTP/2 receive window of one connection in bytes.")
    int sessionWindowBytes() default 256 << 20;

    @AttributeDefinition(description = "Largest number of connections to one peer.")
    int maxConnectionsPerPeer() default 8;

    @AttributeDefinition(description = "Largest number of calls queued per peer before new calls fail.")
    int maxQueuedCallsPerPeer() default 1024;
}
