/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes relative local endpoint arguments absolute against the directory {@code cairn server} was started in,
 * leaving URLs and their ellipses untouched, so that the node's drives do not depend on its working directory.
 */
final class LocalPaths {

    private LocalPaths() {
    }

    static List<String> absolute(List<String> arguments, Path workingDirectory) {
        List<String> result = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            boolean url = argument.startsWith("http://") || argument.startsWith("https://");
            if (url || argument.startsWith("/")) {
                result.add(argument);
            } else {
                String relative = argument.startsWith("./") ? argument.substring(2) : argument;
                result.add(workingDirectory.toString() + "/" + relative);
            }
        }
        return result;
    }
}
