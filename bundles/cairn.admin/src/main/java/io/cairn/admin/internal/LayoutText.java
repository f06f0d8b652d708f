/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.util.List;

import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.Topology;

/** Prints the drive layout of the node's endpoint arguments for {@code cairn:info}. */
final class LayoutText {

    private LayoutText() {
    }

    /**
     * Describes the pools, erasure sets and drives the endpoint arguments expand to.
     *
     * @param volumes the endpoint arguments, one per line, as the node configuration holds them
     * @return the description
     */
    static String describe(String volumes) {
        if (volumes.isBlank()) {
            return "Drives:     none configured\n";
        }
        try {
            Topology topology = Topology.parse(List.of(volumes.split("\n")));
            return "Drives:     " + topology.endpoints().size() + " in " + topology.pools().size() + " pool(s)\n"
                    + topology.describe();
        } catch (LayoutException e) {
            return "Drives:     invalid layout: " + e.getMessage() + "\n";
        }
    }
}
