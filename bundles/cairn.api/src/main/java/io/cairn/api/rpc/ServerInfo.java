/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a node tells its peers about itself, so that the bootstrap can refuse a node started with other arguments
 * or credentials and name the difference.
 *
 * @param node the node's {@code host:port} as it found itself in the endpoints, empty when it did not
 * @param wireVersion the wire format version the node speaks
 * @param arguments the node's endpoint arguments as given to {@code cairn server}, before expansion
 * @param deploymentId the deployment id read from the node's formatted drives, empty while none is formatted
 * @param credentialsFingerprint a one-way fingerprint of the root credentials (equal fingerprints mean equal
 *     credentials; the credentials cannot be recovered from it)
 * @param startedAt when the node's transport started
 * @param time the node's clock when it answered
 */
public record ServerInfo(String node, int wireVersion, List<String> arguments, String deploymentId,
        String credentialsFingerprint, Instant startedAt, Instant time) {

    /**
     * Validates and copies the components.
     *
     * @param node the node
     * @param wireVersion the wire version
     * @param arguments the endpoint arguments
     * @param deploymentId the deployment id or empty
     * @param credentialsFingerprint the fingerprint
     * @param startedAt the start time
     * @param time the node's clock
     */
    public ServerInfo {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(credentialsFingerprint, "credentialsFingerprint");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(time, "time");
        arguments = List.copyOf(arguments);
    }
}
