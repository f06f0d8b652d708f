/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.io.PrintStream;

/** The startup lines an operator reads first: where the node answers and how to log in. */
final class Banner {

    private Banner() {
    }

    static void print(PrintStream out, ListenAddress address, int port, NodeConfig config) {
        String host = address.host() == null ? "127.0.0.1" : address.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        StringBuilder text = new StringBuilder();
        text.append("S3-API: http://").append(host).append(':').append(port).append('\n');
        text.append("Health: http://").append(host).append(':').append(port).append("/minio/health/live\n");
        text.append("Console: not in this version; administer with 'cairn admin' or this node's Gogo shell\n");
        text.append("RootUser: ").append(config.rootUser()).append('\n');
        if (config.defaultCredentials()) {
            text.append("RootPass: ").append(config._rootPassword()).append('\n');
            text.append("WARNING: the default root credentials are in use. Set CAIRN_ROOT_USER and ")
                    .append("CAIRN_ROOT_PASSWORD before storing anything of value.\n");
        } else {
            text.append("RootPass: (as set in CAIRN_ROOT_PASSWORD)\n");
        }
        out.print(text);
        out.flush();
    }
}
