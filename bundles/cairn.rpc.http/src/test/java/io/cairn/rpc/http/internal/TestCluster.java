/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cairn.api.storage.DriveFactory;
import io.cairn.storage.internal.LocalDriveFactory;

/**
 * Several nodes in one JVM, each with its Jetty listener, its RPC handler over local drives in a temp directory,
 * and its transport, all configured from one endpoint list as {@code cairn server} would be.
 */
final class TestCluster implements AutoCloseable {

    static final String USER = "cairn-test";
    static final String PASSWORD = "cairn-test-secret";

    final List<TestNode> nodes = new ArrayList<>();
    final List<RpcHandler> handlers = new ArrayList<>();
    final List<HttpPeerTransport> transports = new ArrayList<>();
    final String volumes;
    private final Map<String, Object> overrides;

    private TestCluster(int nodeCount, int drivesPerNode, Path dir, Map<String, Object> overrides,
            DriveFactory localDrives) throws Exception {
        this.overrides = overrides;
        for (int n = 0; n < nodeCount; n++) {
            nodes.add(TestNode.start());
        }
        List<String> endpoints = new ArrayList<>();
        for (int d = 0; d < drivesPerNode; d++) {
            for (int n = 0; n < nodeCount; n++) {
                endpoints.add(endpoint(n, d, dir));
            }
        }
        volumes = String.join("\n", endpoints);
        for (TestNode node : nodes) {
            RpcHandler handler = new RpcHandler(config(node, USER, PASSWORD));
            handler.setLocalDrives(localDrives);
            node.serve(handler);
            handlers.add(handler);
            transports.add(new HttpPeerTransport(config(node, USER, PASSWORD)));
        }
    }

    static TestCluster start(int nodeCount, int drivesPerNode, Path dir, Map<String, Object> overrides)
            throws Exception {
        return new TestCluster(nodeCount, drivesPerNode, dir, overrides, new LocalDriveFactory());
    }

    static TestCluster start(int nodeCount, int drivesPerNode, Path dir, Map<String, Object> overrides,
            DriveFactory localDrives) throws Exception {
        return new TestCluster(nodeCount, drivesPerNode, dir, overrides, localDrives);
    }

    String endpoint(int node, int drive, Path dir) {
        return "http://127.0.0.1:" + nodes.get(node).port() + dir.resolve("n" + node).resolve("d" + drive);
    }

    RpcConfig config(TestNode node, String user, String password) {
        Map<String, Object> props = new HashMap<>(overrides);
        props.put("rootUser", user);
        props.put("_rootPassword", password);
        props.put("volumes", volumes);
        props.put("address", "127.0.0.1:" + node.port());
        return TestConfig.rpc(props);
    }

    @Override
    public void close() throws Exception {
        for (HttpPeerTransport t : transports) {
            t.deactivate();
        }
        for (TestNode n : nodes) {
            n.close();
        }
    }
}
