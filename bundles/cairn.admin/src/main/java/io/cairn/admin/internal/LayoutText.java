/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

/** Prints the drive layout of the node's endpoint arguments for {@code cairn:info}. */
final class LayoutText {

    private LayoutText() {
    }

    static String describe(String volumes) {
        if (volumes.isBlank()) {
            return "Drives:     none configured\n";
        }
        StringBuilder text = new StringBuilder();
        for (String arg : volumes.split("\n")) {
            text.append("Volumes:    ").append(arg).append('\n');
        }
        return text.toString();
    }
}
